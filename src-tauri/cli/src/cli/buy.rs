//! `create-instance`: a purchase built from the flags, shown, confirmed, sent once.

use std::time::Duration;

use serde_json::{json, Value};

use super::args::{CreateArgs, Global};
use super::offer::{parse_image, spec_note};
use super::shared::{client, confirm, journal, out, Fail};
use flexus_core::actions::{Actor, PaidAction};
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::client::models::Tag;
use flexus_core::purchase::{self, PurchaseForm};

pub async fn create(g: &Global, region: &str, a: CreateArgs) -> Result<(), Fail> {
    let site = g.site;
    let cat = Catalog::bundled();
    let image = match (&a.image_id, &a.image) {
        (Some(id), _) => ImageChoice::Private {
            image_id: id.clone(),
            windows: a.windows,
        },
        (None, Some(s)) => parse_image(s, site, region)?,
        (None, None) => parse_image("Ubuntu", site, region)?,
    };
    // Neither a spec nor a size: the first spec offered for the image; a size given
    // in part: the rest defaults to the smallest plan (1 vCPU, 0.5 GiB).
    let plan_spec = match (&a.plan_spec, a.cpu, a.memory) {
        (None, None, None) => Some(
            cat.specs_for(site, region, &image)
                .map_err(|e| Fail(2, e.to_string()))?
                .into_iter()
                .next()
                .ok_or_else(|| Fail(2, "no spec for this image".into()))?
                .code,
        ),
        (s, _, _) => s.clone(),
    };
    let tags = a
        .tags
        .iter()
        .map(|t| {
            t.split_once('=')
                .map(|(k, v)| Tag {
                    key: k.into(),
                    value: v.into(),
                })
                .ok_or_else(|| Fail(2, format!("tag '{t}' is not KEY=VALUE")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let form = PurchaseForm {
        region: region.to_string(),
        image,
        plan_spec,
        cpu: Some(a.cpu.unwrap_or(1)),
        memory: Some(a.memory.unwrap_or(0.5)),
        name: a.instance_name.clone().unwrap_or_else(|| {
            format!("flexus-{}", &uuid::Uuid::new_v4().simple().to_string()[..6])
        }),
        description: a.description.clone().unwrap_or_default(),
        period_type: a.period_type.clone(),
        period_num: a.period_num,
        quantity: a.quantity,
        evs: a.evs,
        cbr: a.cbr,
        hss: a.hss,
        tags,
        auto_renew: a.auto_renew,
        auto_pay: a.auto_pay,
    };
    let (req, spec) = purchase::request(site, &form).map_err(|e| Fail(2, e.to_string()))?;
    let d = &spec.detail;
    let summary = format!(
        "Buy {}× '{}' in {region}: {} ({} vCPU, {} GiB, {} GiB disk, {} Mbit/s, {} GB/month), {} {}(s). Auto-renew: {}. Auto-pay: {}.\n{}",
        req.purchase_quantity, req.instance_name, spec.code, d.vcpus, d.memory_gib, d.disk_gib, d.bandwidth_mbps, d.traffic_gb, req.period_num, req.period_type,
        if req.is_auto_renew { "on" } else { "off" },
        if req.is_auto_pay { "on (charged now)" } else { "off (pay the order afterwards)" },
        spec_note()
    );
    let plan = serde_json::to_value(&req).unwrap_or(Value::Null);
    if !confirm(&a.c, g, &plan, &summary)? {
        return Ok(());
    }
    let (cl, profile) = client(g)?;
    let j = journal()?;
    let auto_pay = req.is_auto_pay;
    let done = Actor::new(&cl, &j, &profile)
        .perform(PaidAction::purchase(req))
        .await?;
    let r = &done.result;
    let order_id = r.order_ids.first().cloned().unwrap_or_default();
    // Without auto-pay the order waits: its price is known now, before any money moves.
    let unpaid = if auto_pay {
        None
    } else {
        let o = cl.order_details(&order_id).await?.order_info;
        Some((
            o.amount_after_discount
                .map(|a| format!("{:.2}", a.round_dp(2)))
                .unwrap_or_else(|| "?".into()),
            o.currency.unwrap_or_default(),
        ))
    };
    let mut status = None;
    if a.wait {
        for _ in 0..600 {
            let o = cl.order_details(&order_id).await?;
            status = Some(o.order_info.status);
            if matches!(o.order_info.status, 4..=6) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    out(
        g,
        json!({"order_id": order_id, "instance_ids": r.instance_ids, "status": status, "amount": unpaid.as_ref().map(|u| &u.0), "currency": unpaid.as_ref().map(|u| &u.1)}),
        || {
            let st = status
                .map(|s| format!(" — {}", flexus_core::client::models::order_status_text(s)))
                .unwrap_or_default();
            let pay = unpaid
                .as_ref()
                .map(|(amount, cur)| format!("\nWaiting for payment: {amount} {cur}. Pay: flexus pay --order-id {order_id}   Cancel: flexus cancel-order --order-id {order_id}"))
                .unwrap_or_default();
            format!(
                "Order {} placed for {}{st}{pay}",
                order_id,
                r.instance_ids.join(", ")
            )
        },
    );
    Ok(())
}
