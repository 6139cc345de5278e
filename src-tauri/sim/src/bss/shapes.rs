//! BSS reply shapes: orders (V2/V3), line items and the resource records of
//! `resources/query`, as the SDK models name their fields.

use super::*;

pub(super) fn amount_info() -> Value {
    json!({"discounts": null, "flexipurchase_coupon_amount": 0.0, "coupon_amount": 0.0, "stored_card_amount": 0.0, "commission_amount": 0.0, "consumed_amount": 0.0})
}

/// `CustomerOrderV2` (order list).
pub(super) fn order_json(o: &Order, currency: &str) -> Value {
    json!({
        "order_id": o.order_id, "customer_id": o.domain_id,
        "service_type_code": "hws.service.type.hcss", "service_type_name": "Flexus L Instance",
        "source_type": 1, "status": o.status, "order_type": o.order_type,
        "amount_after_discount": cents(o.amount), "official_amount": cents(o.amount), "measure_id": 1,
        "create_time": timefmt::utc(o.created),
        "payment_time": o.paid_at.map(timefmt::utc),
        "currency": currency,
        "contract_id": null, "amount_info": amount_info(), "enterprise_projects": null,
        "sub_order_infos": null, "agent_pay_info": null
    })
}

/// `CustomerOrderV3` (order details): adds the payment deadline.
pub(super) fn order_v3_json(o: &Order, currency: &str) -> Value {
    let mut v = order_json(o, currency);
    let m = v.as_object_mut().expect("object");
    for k in ["enterprise_projects", "agent_pay_info"] {
        m.remove(k);
    }
    m.insert("user_name".into(), json!(""));
    m.insert(
        "pending_payment_end_time".into(),
        json!((o.status == 6).then(|| timefmt::utc(payment_deadline(o)))),
    );
    v
}

/// One `OrderLineItemEntityV2` per instance of the order.
pub(super) fn line_item_json(w: &World, o: &Order, id: &str, currency: &str) -> Value {
    let each = cents(o.amount / o.instance_ids.len().max(1) as f64);
    let (desc, spec) = w
        .instances
        .iter()
        .find(|i| i.id == id)
        .map(|i| {
            let site = w.account(&i.domain_id).map(|a| a.site);
            let desc = site
                .map(|s| World::spec_desc(s, &i.region, &i.spec_code))
                .unwrap_or_else(|| o.spec_desc.clone());
            (desc, i.spec_code.clone())
        })
        .unwrap_or_else(|| (o.spec_desc.clone(), String::new()));
    let product_id = flexus_core::sign::sha256_hex(spec.as_bytes())[..24].to_string();
    let (pt, pn) = if o.order_type == 4 {
        (Value::Null, Value::Null)
    } else {
        (json!(o.period_type), json!(o.period_num))
    };
    json!({
        "order_line_item_id": format!("{}-{}", o.order_id, &id[..6.min(id.len())]),
        "service_type_code": "hws.service.type.hcss", "service_type_name": "Flexus L Instance",
        "product_id": product_id, "product_spec_desc": desc,
        "period_type": pt, "period_num": pn,
        "effective_time": null, "expire_time": null,
        "subscription_num": 1, "amount_after_discount": each, "official_amount": each,
        "amount_info": amount_info(), "currency": currency,
        "category_code": "hws.resource.type.hecsfusion", "product_owner_service": "hcss",
        "commercial_resource": "hws.resource.type.hecsfusion",
        "base_product_info": {"product_id": product_id, "product_spec_desc": desc,
            "category_code": "hws.resource.type.hecsfusion", "product_owner_service": "hcss",
            "commercial_resource": "hws.resource.type.hecsfusion"},
        "order_id": o.order_id
    })
}

pub(super) fn inst_status(w: &World, i: &Instance, now: OffsetDateTime) -> i64 {
    match w.stage(i, now) {
        Stage::Active => 2,
        Stage::Grace => 5,
        Stage::Retention => 4,
        Stage::Deleted => 3,
    }
}

pub(super) fn resource_json(w: &World, i: &Instance, now: OffsetDateTime) -> Value {
    let acct = w.account(&i.domain_id);
    json!({
        "id": format!("{}-main", i.id), "resource_id": i.id, "resource_name": i.name,
        "region_code": i.region, "service_type_code": "hws.service.type.hcss", "service_type_name": "Flexus L Instance",
        "resource_type_code": "hws.resource.type.hecsfusion", "resource_type_name": "Flexus L Instance",
        "resource_spec_code": i.spec_code, "project_id": acct.map(|a| a.project_id(&i.region)).unwrap_or_default(),
        "product_id": flexus_core::sign::sha256_hex(i.spec_code.as_bytes())[..24].to_string(),
        "parent_resource_id": "", "is_main_resource": 1, "status": inst_status(w, i, now),
        "effective_time": timefmt::utc(i.effective), "expire_time": timefmt::utc(i.expire),
        "expire_policy": if i.auto_renew { 3 } else { 0 },
        "product_spec_desc": w.account(&i.domain_id).map(|a| World::spec_desc(a.site, &i.region, &i.spec_code)), "spec_size": null, "spec_size_measure_id": null,
        "update_time": timefmt::utc(i.server.updated),
        "enterprise_project": {"id": "0", "name": "default"}
    })
}

pub(super) fn child_json(i: &Instance, kind: &str, id: &str) -> Value {
    json!({
        "id": format!("{}-{kind}", i.id), "resource_id": id, "resource_name": format!("{}-{kind}", i.name),
        "region_code": i.region, "service_type_code": if kind == "vm" { "hws.service.type.ec2" } else { "hws.service.type.vpc" },
        "resource_type_code": format!("hws.resource.type.{kind}"), "parent_resource_id": i.id, "is_main_resource": 0,
        "effective_time": timefmt::utc(i.effective), "expire_time": timefmt::utc(i.expire),
        "expire_policy": if i.auto_renew { 3 } else { 0 }
    })
}
