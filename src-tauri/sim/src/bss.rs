//! BSS (billing) on the China host and the International host: orders, resource
//! expiry, renewal and its price, unsubscription, auto-renew, balance, traffic
//! packages, paying and cancelling pending orders. Error codes as documented.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::world::{Instance, Order, World, MONTH_DAYS};
use super::{cbc, Answer, Ctx};
use flexus_core::expiry::Stage;
use flexus_core::timefmt;

fn param(msg: impl Into<String>) -> (u16, Value) {
    cbc(400, "CBC.0100", format!("Parameter error: {}", msg.into()))
}

fn ids_of(body: &Value, max: usize) -> Result<Vec<String>, (u16, Value)> {
    let ids: Vec<String> = body
        .get("resource_ids")
        .and_then(Value::as_array)
        .ok_or_else(|| param("resource_ids is required"))?
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| param("resource_ids must be strings"))
        })
        .collect::<Result<_, _>>()?;
    if ids.is_empty() || ids.len() > max {
        return Err(param(format!("resource_ids must hold 1 to {max} ids")));
    }
    Ok(ids)
}

fn months(period_type: i64, num: i64) -> Result<i64, (u16, Value)> {
    match period_type {
        2 if (1..=11).contains(&num) => Ok(num),
        3 if (1..=3).contains(&num) => Ok(num * 12),
        2 | 3 => Err(cbc(
            400,
            "CBC.99000092",
            "Subscription period check failed.",
        )),
        _ => Err(cbc(
            400,
            "CBC.30010069",
            "The renewal period does not exist.",
        )),
    }
}

fn price(i: &Instance, months: i64) -> f64 {
    let p = if months % 12 == 0 {
        i.monthly_price * months as f64 * 10.0 / 12.0
    } else {
        i.monthly_price * months as f64
    };
    (p * 100.0).round() / 100.0
}

/// Two decimals, as BSS's amounts are shown.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The last moment a pending order can be paid.
pub fn payment_deadline(o: &Order) -> OffsetDateTime {
    o.created + Duration::days(15)
}

fn amount_info() -> Value {
    json!({"discounts": null, "flexipurchase_coupon_amount": 0.0, "coupon_amount": 0.0, "stored_card_amount": 0.0, "commission_amount": 0.0, "consumed_amount": 0.0})
}

/// `CustomerOrderV2` (order list).
fn order_json(o: &Order, currency: &str) -> Value {
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
fn order_v3_json(o: &Order, currency: &str) -> Value {
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
fn line_item_json(w: &World, o: &Order, id: &str, currency: &str) -> Value {
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

/// `offset`/`limit` from the query (BSS's defaults: 0 and 10).
fn page_of(c: &Ctx, default_limit: usize) -> Result<(usize, usize), (u16, Value)> {
    let num = |k: &str, d: usize| match c.q(k) {
        None => Ok(d),
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| param(format!("{k} must be a whole number"))),
    };
    let (offset, limit) = (num("offset", 0)?, num("limit", default_limit)?);
    if limit == 0 || limit > 100 {
        return Err(param("limit must be 1 to 100"));
    }
    Ok((offset, limit))
}

fn inst_status(w: &World, i: &Instance, now: OffsetDateTime) -> i64 {
    match w.stage(i, now) {
        Stage::Active => 2,
        Stage::Grace => 5,
        Stage::Retention => 4,
        Stage::Deleted => 3,
    }
}

fn resource_json(w: &World, i: &Instance, now: OffsetDateTime) -> Value {
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

fn child_json(i: &Instance, kind: &str, id: &str) -> Value {
    json!({
        "id": format!("{}-{kind}", i.id), "resource_id": id, "resource_name": format!("{}-{kind}", i.name),
        "region_code": i.region, "service_type_code": if kind == "vm" { "hws.service.type.ec2" } else { "hws.service.type.vpc" },
        "resource_type_code": format!("hws.resource.type.{kind}"), "parent_resource_id": i.id, "is_main_resource": 0,
        "effective_time": timefmt::utc(i.effective), "expire_time": timefmt::utc(i.expire),
        "expire_policy": if i.auto_renew { 3 } else { 0 }
    })
}

pub fn route(w: &mut World, c: &Ctx) -> Answer {
    let acct = w
        .account(&c.domain_id)
        .cloned()
        .ok_or_else(|| cbc(403, "CBC.0151", "Access denied."))?;
    if c.site != Some(acct.site) {
        return Err(cbc(
            403,
            "CBC.0150",
            "Access denied. The customer does not belong to the website you are now at.",
        ));
    }
    let cur = acct.currency();
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    let now = c.now;
    let b = &c.body;
    match (c.method.as_str(), segs.as_slice()) {
        ("GET", ["v2", "orders", "customer-orders", "details", oid]) => {
            let o = w
                .orders
                .iter()
                .find(|o| o.order_id == *oid && o.domain_id == c.domain_id)
                .ok_or_else(|| {
                    cbc(
                        400,
                        "CBC.0101",
                        "Invalid parameter: order_id does not exist.",
                    )
                })?;
            // Line items come 10 per page unless `limit` says otherwise.
            let (offset, limit) = page_of(c, 10)?;
            let items: Vec<Value> = o
                .instance_ids
                .iter()
                .skip(offset)
                .take(limit)
                .map(|id| line_item_json(w, o, id, cur))
                .collect();
            Ok((
                200,
                json!({"total_count": o.instance_ids.len(), "order_info": order_v3_json(o, cur), "order_line_items": items}),
            ))
        }
        ("GET", ["v2", "orders", "customer-orders"]) => {
            let begin = c.q("create_time_begin").and_then(timefmt::parse_utc);
            let kind = c.q("order_type").and_then(|t| t.parse::<i64>().ok());
            let list: Vec<&Order> = w
                .orders
                .iter()
                .rev()
                .filter(|o| o.domain_id == c.domain_id)
                .filter(|o| begin.is_none_or(|b| o.created >= b))
                .filter(|o| kind.is_none_or(|k| o.order_type == k))
                .filter(|o| c.q("order_id").is_none_or(|id| id == o.order_id))
                .collect();
            // Newest first is what `order_by=-createTime` asks for; orders are kept in
            // creation order, so the reversed list already is.
            if c.q("order_by")
                .is_some_and(|b| b != "-createTime" && b != "createTime")
            {
                return Err(param("order_by must be createTime or -createTime"));
            }
            let ascending = c.q("order_by") == Some("createTime");
            let (offset, limit) = page_of(c, 10)?;
            let total = list.len();
            let ordered: Box<dyn Iterator<Item = _>> = if ascending {
                Box::new(list.into_iter().rev())
            } else {
                Box::new(list.into_iter())
            };
            let page: Vec<Value> = ordered
                .skip(offset)
                .take(limit)
                .map(|o| order_json(o, cur))
                .collect();
            Ok((200, json!({"total_count": total, "order_infos": page})))
        }
        ("POST", ["v2", "orders", "suscriptions", "resources", "query"]) => {
            let limit = b.get("limit").and_then(Value::as_i64).unwrap_or(10);
            let offset = b.get("offset").and_then(Value::as_i64).unwrap_or(0);
            if !(1..=500).contains(&limit) || offset < 0 {
                return Err(param("limit must be 1 to 500 and offset at least 0"));
            }
            let ids: Option<Vec<String>> =
                b.get("resource_ids").and_then(Value::as_array).map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                });
            if ids.as_ref().is_some_and(|i| i.len() > 50) {
                return Err(param("resource_ids holds at most 50 ids"));
            }
            let main_only = b
                .get("only_main_resource")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                == 1;
            let statuses: Option<Vec<i64>> = b
                .get("status_list")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_i64).collect());
            let begin = b
                .get("expire_time_begin")
                .and_then(Value::as_str)
                .and_then(timefmt::parse_utc);
            let end = b
                .get("expire_time_end")
                .and_then(Value::as_str)
                .and_then(timefmt::parse_utc);
            let order = b.get("order_id").and_then(Value::as_str);
            let mut rows = Vec::new();
            // Asked by order id, BSS lists a paid order's resources while they are
            // still being provisioned (before RMS and ECS show them).
            let paid_order = |oid: &str| {
                w.orders
                    .iter()
                    .any(|o| o.order_id == oid && (o.status == 3 || o.status == 5))
            };
            // A renewal or unsubscription order holds the instances it names.
            let names = |oid: &str, id: &str| {
                w.orders.iter().any(|o| {
                    o.order_id == oid && o.order_type != 1 && o.instance_ids.iter().any(|x| x == id)
                })
            };
            for i in w.instances.iter().filter(|i| {
                i.domain_id == c.domain_id
                    && !i.deleted
                    && (i.visible || order == Some(i.order_id.as_str()) && paid_order(&i.order_id))
            }) {
                if ids.as_ref().is_some_and(|ids| !ids.contains(&i.id))
                    || order.is_some_and(|o| o != i.order_id && !names(o, &i.id))
                {
                    continue;
                }
                let st = inst_status(w, i, now);
                if statuses.as_ref().is_some_and(|s| !s.contains(&st))
                    || begin.is_some_and(|b| i.expire < b)
                    || end.is_some_and(|e| i.expire > e)
                {
                    continue;
                }
                rows.push(resource_json(w, i, now));
                if !main_only {
                    rows.push(child_json(i, "vm", &i.server.id));
                    rows.push(child_json(i, "ip", &i.eip_id));
                }
            }
            let total = rows.len();
            let page: Vec<Value> = rows
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect();
            Ok((200, json!({"data": page, "total_count": total})))
        }
        ("POST", ["v2", "bills", "ratings", "period-resources", "subscribe-rate"]) => {
            subscribe_rate(&acct, b, cur)
        }
        ("POST", ["v2", "bills", "ratings", "period-resources", "renew-rate"]) => {
            let ids = ids_of(b, 10)?;
            let pt = b.get("period_type").and_then(Value::as_i64).unwrap_or(0);
            let num = b.get("period_num").and_then(Value::as_i64).unwrap_or(0);
            let Ok(m) = months(pt, num) else {
                return Ok((
                    200,
                    json!({"error_code": "CBC.30050008", "error_msg": "The renewal period does not exist."}),
                ));
            };
            let mut results = Vec::new();
            let mut failures = Vec::new();
            let mut total = 0.0;
            for id in &ids {
                match w
                    .instances
                    .iter()
                    .find(|i| &i.id == id && i.domain_id == c.domain_id && !i.deleted)
                {
                    // Per-resource failures arrive inside an HTTP 200.
                    None => failures.push(json!({"resource_id": id, "error_code": "CBC.30050009", "error_msg": "The resource has expired or been deleted."})),
                    Some(i) => {
                        let p = price(i, m);
                        total += p;
                        // The SDK declares the amount a string ("24.00").
                        results.push(json!({"resource_id": id, "amount": format!("{p:.2}")}));
                    }
                }
            }
            Ok((
                200,
                json!({
                    "currency": cur, "renew_inquiry_results": results,
                    "official_website_rating_result": {"official_website_amount": format!("{:.2}", cents(total))},
                    "optional_discount_rating_results": null, "fail_resource_infos": failures
                }),
            ))
        }
        ("POST", ["v2", "orders", "subscriptions", "resources", "renew"]) => {
            let ids = ids_of(b, 10)?;
            let m = months(
                b.get("period_type").and_then(Value::as_i64).unwrap_or(0),
                b.get("period_num").and_then(Value::as_i64).unwrap_or(0),
            )?;
            let auto_pay = b.get("is_auto_pay").and_then(Value::as_i64).unwrap_or(0) == 1;
            let mut total = 0.0;
            // Per-resource refusals come back inside an HTTP 200 (`fail_resource_infos`);
            // the other resources are renewed.
            let mut failures = Vec::new();
            let mut fail = |id: &str, code: &str, msg: &str| {
                failures.push(json!({"resource_id": id, "error_code": code, "error_msg": msg}));
            };
            let mut ok_ids = Vec::new();
            for id in &ids {
                let Some(i) = w
                    .instances
                    .iter()
                    .find(|i| &i.id == id && i.domain_id == c.domain_id && !i.deleted)
                else {
                    fail(
                        id,
                        "CBC.99003016",
                        "The resource has expired and been deleted or does not exist.",
                    );
                    continue;
                };
                if w.orders
                    .iter()
                    .any(|o| o.status == 6 && o.instance_ids.contains(id))
                {
                    fail(id, "CBC.99003100", "The resource is in an unpaid order.");
                    continue;
                }
                if i.expire + Duration::days(MONTH_DAYS * m) > now + Duration::days(5 * 366) {
                    fail(
                        id,
                        "CBC.99003154",
                        "The purchased plus renewal duration exceeds the maximum.",
                    );
                    continue;
                }
                total += price(i, m);
                ok_ids.push(id.clone());
            }
            if ok_ids.is_empty() {
                return Ok((
                    200,
                    json!({"order_ids": [], "fail_resource_infos": failures}),
                ));
            }
            let ids = ok_ids;
            let total = (total * 100.0_f64).round() / 100.0;
            let paid = if auto_pay {
                let a = w
                    .account_mut(&c.domain_id)
                    .ok_or_else(|| cbc(403, "CBC.0151", "Access denied."))?;
                if a.balance + 1e-9 < total {
                    return Err(cbc(
                        400,
                        "CBC.30050006",
                        "Automatic payment of the order failed: insufficient balance.",
                    ));
                }
                a.balance -= total;
                true
            } else {
                false
            };
            let oid = w.order_id(now);
            if paid {
                for i in w.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
                    renew_instance(i, m, now);
                }
            }
            w.orders.push(Order {
                order_id: oid.clone(),
                domain_id: c.domain_id.clone(),
                order_type: 2,
                status: if paid { 5 } else { 6 },
                created: now,
                paid_at: paid.then_some(now),
                amount: total,
                instance_ids: ids,
                period_type: if m % 12 == 0 { 3 } else { 2 },
                period_num: if m % 12 == 0 { m / 12 } else { m },
                renew_months: m,
                spec_desc: "renewal".into(),
            });
            Ok((
                200,
                json!({"order_ids": [oid], "fail_resource_infos": failures}),
            ))
        }
        ("POST", ["v2", "orders", "subscriptions", "resources", "unsubscribe"]) => {
            unsubscribe(w, c, &acct, cur)
        }
        (
            m @ ("POST" | "DELETE"),
            ["v2", "orders", "subscriptions", "resources", "autorenew", id],
        ) => {
            let ix = w
                .instances
                .iter()
                .position(|i| i.id == *id && i.domain_id == c.domain_id && i.visible && !i.deleted)
                .ok_or_else(|| cbc(400, "CBC.99003012", "The resource ID does not exist."))?;
            let st = w.stage(&w.instances[ix], now);
            let i = &mut w.instances[ix];
            if m == "POST" {
                if st != Stage::Active {
                    return Err(cbc(400, "CBC.99003602", "The resource has expired or been frozen and auto-renewal cannot be enabled."));
                }
                i.auto_renew = true;
            } else {
                if !i.auto_renew {
                    return Err(cbc(
                        400,
                        "CBC.99003605",
                        "Auto-renewal has already been cancelled.",
                    ));
                }
                i.auto_renew = false;
            }
            Ok((204, Value::Null))
        }
        ("GET", ["v2", "accounts", "customer-accounts", "balances"]) => Ok((
            200,
            json!({
                "account_balances": [
                    {"account_id": format!("{}-cash", acct.domain_id), "account_type": 1, "amount": (acct.balance * 100.0).round() / 100.0, "currency": cur, "designated_amount": 0.0, "credit_amount": 0.0, "measure_id": 1},
                    {"account_id": format!("{}-credit", acct.domain_id), "account_type": 2, "amount": 0.0, "currency": cur, "designated_amount": 0.0, "credit_amount": 0.0, "measure_id": 1}
                ],
                "debt_amount": 0.0, "measure_id": 1, "currency": cur
            }),
        )),
        ("POST", ["v2", "payments", "free-resources", "usages", "details", "query"]) => {
            let ids: Vec<String> = b
                .get("free_resource_ids")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if ids.is_empty() || ids.len() > 100 || ids.iter().any(|i| i.len() > 64) {
                return Err(param(
                    "free_resource_ids must hold 1 to 100 ids of at most 64 bytes",
                ));
            }
            let zh = false;
            let list: Vec<Value> = w.instances.iter().filter(|i| i.domain_id == c.domain_id && i.visible && !i.deleted && ids.contains(&i.traffic_id)).map(|i| {
                let (left, start, end) = w.traffic(i, now);
                json!({"free_resource_id": i.traffic_id,
                       "free_resource_type_name": if zh { "轻量BGP流量套餐包" } else { "Lightweight BGP data package" },
                       "quota_reuse_cycle": 4, "quota_reuse_cycle_type": 2, "usage_type_name": "Uplink traffic",
                       "start_time": timefmt::utc(start), "end_time": timefmt::utc(end),
                       "amount": left, "original_amount": i.traffic_total_gb, "measure_id": 10})
            }).collect();
            Ok((200, json!({"free_resources": list})))
        }
        ("POST", ["v3", "orders", "customer-orders", "pay"]) => {
            let oid = b
                .get("order_id")
                .and_then(Value::as_str)
                .ok_or_else(|| param("order_id is required"))?;
            let ix = w
                .orders
                .iter()
                .position(|o| o.order_id == oid && o.domain_id == c.domain_id)
                .ok_or_else(|| cbc(400, "CBC.30000010", "Invalid order ID."))?;
            if w.orders[ix].status != 6 {
                return Err(cbc(400, "CBC.99003106", "The order status has changed."));
            }
            if now > payment_deadline(&w.orders[ix]) {
                return Err(cbc(400, "CBC.99003110", "The payment deadline has passed."));
            }
            let amount = w.orders[ix].amount;
            let a = w
                .account_mut(&c.domain_id)
                .ok_or_else(|| cbc(403, "CBC.0151", "Access denied."))?;
            if a.balance + 1e-9 < amount {
                return Err(cbc(400, "CBC.99005003", "Insufficient balance."));
            }
            a.balance -= amount;
            let o = &mut w.orders[ix];
            o.paid_at = Some(now);
            if o.order_type == 2 {
                o.status = 5;
                let (ids, m) = (o.instance_ids.clone(), o.renew_months);
                for i in w.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
                    renew_instance(i, m, now);
                }
            } else {
                o.status = 3;
            }
            Ok((204, Value::Null))
        }
        ("PUT", ["v2", "orders", "customer-orders", "cancel"]) => {
            let oid = b
                .get("order_id")
                .and_then(Value::as_str)
                .ok_or_else(|| param("order_id is required"))?;
            let o = w
                .orders
                .iter_mut()
                .find(|o| o.order_id == oid && o.domain_id == c.domain_id)
                .ok_or_else(|| cbc(400, "CBC.30000010", "Invalid order ID."))?;
            if o.status != 6 {
                return Err(cbc(400, "CBC.99003106", "The order status has changed."));
            }
            o.status = 4;
            let ids = o.instance_ids.clone();
            let new = o.order_type == 1;
            if new {
                for i in w.instances.iter_mut().filter(|i| ids.contains(&i.id)) {
                    i.deleted = true;
                }
            }
            // The SDK's CancelCustomerOrderResponse declares no fields.
            Ok((200, json!({})))
        }
        _ => Err(super::apigw(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
            "",
        )),
    }
}

/// A renewal counts from the old expiry, also in grace or retention.
fn renew_instance(i: &mut Instance, months: i64, now: OffsetDateTime) {
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

fn unsubscribe(w: &mut World, c: &Ctx, acct: &super::world::Account, cur: &str) -> Answer {
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
fn subscribe_rate(acct: &super::world::Account, b: &Value, cur: &str) -> Answer {
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
