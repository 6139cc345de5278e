//! BSS (billing) on the China host and the International host: orders, resource
//! expiry, renewal and its price, unsubscription, auto-renew, balance, traffic
//! packages, paying and cancelling pending orders. Error codes as documented.
//! `route` stays one match over the documented paths (long, but one place to read
//! what the simulated BSS answers); reply shapes are in `shapes.rs`, the requests
//! that change instances in `changes.rs`.

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use super::world::{Instance, Order, World, MONTH_DAYS};
use super::{cbc, Answer, Ctx};
use flexus_core::expiry::Stage;
use flexus_core::timefmt;

mod changes;
mod shapes;

use changes::*;
use shapes::*;

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
