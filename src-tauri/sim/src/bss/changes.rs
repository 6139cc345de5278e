//! The BSS requests that change the world besides paying: renewing an instance,
//! unsubscribing (an instance or its renewals) and the subscribe-rate inquiry.

use super::*;

/// A renewal counts from the old expiry, also in grace or retention.
pub(super) fn renew_instance(i: &mut Instance, months: i64, now: OffsetDateTime) {
    let start = i.expire;
    i.expire = flexus_core::calendar::add_months(start, months);
    let p = price(i, months);
    if start > now {
        i.future_periods.push((start, i.expire, p));
    }
    if i.server.status == "SHUTOFF" && i.server.updated <= start {
        // Unfrozen by the renewal; the server stays stopped until started.
        i.server.updated = now;
    }
}

pub(super) fn unsubscribe(
    w: &mut World,
    c: &Ctx,
    acct: &crate::world::Account,
    cur: &str,
) -> Answer {
    let b = &c.body;
    let now = c.now;
    let ids = ids_of(b, 10)?;
    let kind = b
        .get("unsubscribe_type")
        .and_then(Value::as_i64)
        .ok_or_else(|| param("unsubscribe_type is required"))?;
    if kind != 1 && kind != 2 {
        return Err(param("unsubscribe_type must be 1 or 2"));
    }
    if let Some(r) = b.get("unsubscribe_reason_type") {
        if !r.as_i64().is_some_and(|r| (1..=5).contains(&r)) {
            return Err(param("unsubscribe_reason_type must be 1 to 5"));
        }
    }
    // Per-resource refusals come back inside an HTTP 200 (`fail_resource_infos`).
    let mut failures = Vec::new();
    let mut ok_ids = Vec::new();
    for id in &ids {
        let refusal = match w
            .instances
            .iter()
            .find(|i| &i.id == id && i.domain_id == c.domain_id)
        {
            None => Some(("CBC.99003012", "The resource ID does not exist.")),
            Some(i) if i.deleted => Some((
                "CBC.30000067",
                "The resource has been deleted or is not managed.",
            )),
            Some(_)
                if w.orders
                    .iter()
                    .any(|o| o.status == 6 && o.instance_ids.contains(id)) =>
            {
                Some(("CBC.99003100", "The resource is in an unpaid order."))
            }
            Some(i) if kind == 1 && w.stage(i, now) == Stage::Retention => Some((
                "CBC.99003656",
                "The resource is frozen and cannot be unsubscribed.",
            )),
            Some(i) if kind == 2 && !i.future_periods.iter().any(|(s, _, _)| *s > now) => Some((
                "CBC.99003128",
                "The resource has no renewal period, or the renewal period has taken effect.",
            )),
            Some(_) => None,
        };
        match refusal {
            Some((code, msg)) => {
                failures.push(json!({"resource_id": id, "error_code": code, "error_msg": msg}))
            }
            None => ok_ids.push(id.clone()),
        }
    }
    if ok_ids.is_empty() {
        return Ok((
            200,
            json!({"order_ids": [], "fail_resource_infos": failures}),
        ));
    }
    let ids = ok_ids;
    let mut refund = 0.0;
    for i in w.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
        if kind == 2 {
            let future: Vec<_> = i
                .future_periods
                .iter()
                .filter(|(s, _, _)| *s > now)
                .cloned()
                .collect();
            if let Some(first) = future.iter().map(|(s, _, _)| *s).min() {
                i.expire = first;
            }
            refund += future.iter().map(|(_, _, p)| p).sum::<f64>();
            i.future_periods.retain(|(s, _, _)| *s <= now);
        } else {
            // Five-day full refund for new purchases; otherwise the unused share less a 10% fee.
            let total_days = (i.expire - i.effective).whole_days().max(1) as f64;
            let left_days = (i.expire - now).whole_days().max(0) as f64;
            let paid = i.monthly_price * total_days / MONTH_DAYS as f64;
            refund += if now - i.created <= Duration::days(5) {
                paid
            } else {
                paid * left_days / total_days * 0.9
            };
            i.deleted = true;
        }
    }
    let refund = (refund * 100.0_f64).round() / 100.0;
    if let Some(a) = w.account_mut(&acct.domain_id) {
        a.balance += refund;
    }
    let oid = w.order_id(now);
    w.orders.push(Order {
        order_id: oid.clone(),
        domain_id: c.domain_id.clone(),
        order_type: 4,
        status: 5,
        created: now,
        paid_at: Some(now),
        amount: -refund,
        instance_ids: ids,
        period_type: 0,
        period_num: 0,
        renew_months: 0,
        spec_desc: format!("unsubscribe type {kind}"),
    });
    let _ = cur;
    Ok((
        200,
        json!({"order_ids": [oid], "fail_resource_infos": failures}),
    ))
}

/// Price inquiry for new yearly/monthly products: a Flexus L plan is known by the
/// codes its resources carry (`resource_json`); the list price is what the purchase
/// of that plan charges.
pub(super) fn subscribe_rate(acct: &crate::world::Account, b: &Value, cur: &str) -> Answer {
    let project = b.get("project_id").and_then(Value::as_str).unwrap_or("");
    let infos = b
        .get("product_infos")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty() && a.len() <= 100)
        .ok_or_else(|| param("product_infos must list 1 to 100 products"))?;
    let mut results = Vec::new();
    let mut total = 0.0;
    for p in infos {
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
        let n = |k: &str| p.get(k).and_then(Value::as_i64).unwrap_or(0);
        let region = s("region");
        if project.is_empty() || project != acct.project_id(region) {
            return Err(param("project_id does not belong to the region"));
        }
        let spec = s("resource_spec");
        let known = s("cloud_service_type") == "hws.service.type.hcss"
            && s("resource_type") == "hws.resource.type.hecsfusion"
            && flexus_core::catalog::Catalog::bundled()
                .spec_detail(acct.site, region, spec)
                .is_some();
        if !known {
            return Err(cbc(400, "CBC.30050001", "The product does not exist."));
        }
        let m = months(n("period_type"), n("period_num"))?;
        let num = n("subscription_num");
        if !(1..=100).contains(&num) {
            return Err(param("subscription_num must be 1 to 100"));
        }
        let each = World::plan_price(acct.site, region, spec, n("period_type") == 3, m);
        let amount = cents(each * num as f64);
        total += amount;
        results.push(json!({"id": s("id"), "product_id": flexus_core::sign::sha256_hex(spec.as_bytes())[..24].to_string(),
            "official_website_amount": amount, "measure_id": 1}));
    }
    Ok((
        200,
        json!({
            "currency": cur,
            "official_website_rating_result": {"official_website_amount": cents(total), "measure_id": 1,
                "product_rating_results": results},
            "optional_discount_rating_results": null
        }),
    ))
}
