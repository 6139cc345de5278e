//! HCSS `POST /v1/light-instances`: validates every body field against the rules
//! and the catalog (HCSS.14000001 with a message), creates one order per
//! `Client-Request-Id` (a repeat returns the first answer), answers 202.

use serde_json::{json, Value};

use super::world::{Idempotent, Order, World};
use super::{cbc, Answer, Ctx};
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::client::models::CreateInstanceRequest;
use flexus_core::validate;

fn invalid(msg: impl std::fmt::Display) -> (u16, Value) {
    cbc(400, "HCSS.14000001", format!("Invalid parameter: {msg}"))
}

pub fn route(w: &mut World, c: &Ctx) -> Answer {
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    if !(c.method == "POST" && segs == ["v1", "light-instances"]) {
        return Err(super::apigw(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
            "",
        ));
    }
    let crid = c
        .client_request_id
        .clone()
        .ok_or_else(|| invalid("Client-Request-Id header is required"))?;
    validate::client_request_id(&crid).map_err(invalid)?;
    let key = (c.domain_id.clone(), crid);
    if let Some(prev) = w.client_requests.get(&key) {
        return Ok((prev.status, prev.body.clone()));
    }
    let answer = create(w, c);
    if let Ok((status, body)) = &answer {
        w.client_requests.insert(
            key,
            Idempotent {
                status: *status,
                body: body.clone(),
            },
        );
    }
    answer
}

fn create(w: &mut World, c: &Ctx) -> Answer {
    let acct = w
        .account(&c.domain_id)
        .cloned()
        .ok_or_else(|| invalid("unknown account"))?;
    let req: CreateInstanceRequest =
        serde_json::from_value(c.body.clone()).map_err(|e| invalid(e.to_string()))?;
    validate::create_request(acct.site, &req).map_err(invalid)?;
    let image = match &req.image_ref {
        Some(r) if r.image_id.is_some() => {
            let windows = req.plan_spec.ends_with(".win") || req.plan_spec.ends_with(".byol");
            ImageChoice::Private {
                image_id: r.image_id.clone().unwrap_or_default(),
                windows,
            }
        }
        Some(r) => ImageChoice::Public {
            name: r.image_name.clone().unwrap_or_default(),
            version: r.image_version.clone().unwrap_or_default(),
        },
        None => return Err(invalid("image_ref is required")),
    };
    let spec = Catalog::bundled()
        .check(acct.site, &req.region, &image, &req.plan_spec)
        .map_err(invalid)?;
    let months = if req.period_type == "year" {
        req.period_num * 12
    } else {
        req.period_num
    };
    let mut price = World::plan_price(
        acct.site,
        &req.region,
        &spec.code,
        req.period_type == "year",
        months,
    );
    for e in &req.extra_resources {
        price += match (e.type_.as_str(), e.size) {
            ("evs" | "cbr", Some(s)) => 0.05 * s as f64 * months as f64,
            _ => 1.0 * months as f64,
        };
    }
    let total = (price * req.purchase_quantity as f64 * 100.0).round() / 100.0;
    let order_id = w.order_id(c.now);
    let mut ids = Vec::new();
    for n in 0..req.purchase_quantity {
        let name = if req.purchase_quantity > 1 {
            format!("{}-{:04}", req.instance_name, n + 1)
        } else {
            req.instance_name.clone()
        };
        let mut inst = w.new_instance(
            &acct,
            &name,
            &req.region,
            &spec.code,
            image.clone(),
            &order_id,
            c.now,
            months,
        );
        inst.auto_renew = req.is_auto_renew;
        inst.period_months = months;
        inst.description = req.description.clone().unwrap_or_default();
        inst.extras = req
            .extra_resources
            .iter()
            .map(|e| (e.type_.clone(), e.size))
            .collect();
        inst.tags = req
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect();
        ids.push(inst.id.clone());
        w.instances.push(inst);
    }
    // Auto-pay takes the balance now; without it (or when short) the order waits,
    // status 6 "pending payment", until paid.
    let mut status = 6;
    let mut paid_at = None;
    if req.is_auto_pay {
        if let Some(a) = w.account_mut(&c.domain_id) {
            if a.balance + 1e-9 >= total {
                a.balance -= total;
                status = 3;
                paid_at = Some(c.now);
            }
        }
    }
    w.orders.push(Order {
        order_id: order_id.clone(),
        domain_id: c.domain_id.clone(),
        order_type: 1,
        status,
        created: c.now,
        paid_at,
        amount: total,
        instance_ids: ids.clone(),
        period_type: if req.period_type == "year" { 3 } else { 2 },
        period_num: req.period_num,
        renew_months: 0,
        spec_desc: World::spec_desc(acct.site, &req.region, &spec.code),
    });
    Ok((202, json!({"order_id": order_id, "instance_ids": ids})))
}
