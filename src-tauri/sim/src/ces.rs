//! Cloud Eye (CES v1) in the simulated cloud: SYS.ECS metric data of the simulated
//! servers, one metric (`GET /V1.0/{project_id}/metric-data`) or a batch
//! (`POST /V1.0/{project_id}/batch-query-metric-data`). Values are deterministic
//! functions of the server, the metric and the time, following the same working-day
//! pattern as the traffic, with a daily CPU peak, so summaries can be tested. A running
//! server has data since it was created; a stopped one has none (the "no data" case).

use serde_json::{json, Value};
use time::OffsetDateTime;

use super::world::{Instance, World};
use super::{Answer, Ctx};

fn ces_err(status: u16, code: &str, msg: impl Into<String>) -> (u16, Value) {
    (
        status,
        json!({"error": {"code": code, "message": msg.into()}}),
    )
}

/// The refusal Cloud Eye gives keys without `ces:metricData:list`.
pub(crate) fn not_permitted() -> (u16, Value) {
    ces_err(
        403,
        "ces.0050",
        "Insufficient permissions: the user has no permission ces:metricData:list",
    )
}

const PERIODS: [i64; 7] = [1, 60, 300, 1200, 3600, 14400, 86400];

/// Longest range per period; longer ranges are clamped to end at `to` (as documented).
fn max_span_ms(period: i64) -> i64 {
    let h = 3_600_000;
    match period {
        1 => 4 * h,
        300 => 24 * h,
        1200 => 3 * 24 * h,
        3600 => 10 * 24 * h,
        14400 => 30 * 24 * h,
        86400 => 180 * 24 * h,
        _ => 24 * h,
    }
}

fn unit_of(metric: &str) -> Option<&'static str> {
    match metric {
        "cpu_util" => Some("%"),
        "network_incoming_bytes_rate_inband"
        | "network_outgoing_bytes_rate_inband"
        | "network_incoming_bytes_aggregate_rate"
        | "network_outgoing_bytes_aggregate_rate"
        | "disk_read_bytes_rate"
        | "disk_write_bytes_rate" => Some("byte/s"),
        _ => None,
    }
}

/// A small stable hash in [0, 1) (no randomness: the same question, the same answer).
fn unit_hash(parts: &[&str], n: i64) -> f64 {
    let h = flexus_core::sign::sha256_hex(format!("{}|{n}", parts.join("|")).as_bytes());
    u32::from_str_radix(&h[..8], 16).unwrap_or(0) as f64 / f64::from(u32::MAX)
}

/// The metric's value at `t` (averaged over a few minutes).
fn value(i: &Instance, metric: &str, t: OffsetDateTime) -> f64 {
    let level = super::traffic::level_at(t);
    let minute = t.unix_timestamp().div_euclid(60);
    let noise = unit_hash(&[&i.server.id, metric], minute / 5);
    let out_rate = i.traffic_gb_per_day * 1e9 / 86_400.0 * level;
    match metric {
        "cpu_util" => {
            // A nightly job at 14:05–14:10 UTC+8 (06:05 UTC) pegs the CPU.
            let secs = (t.unix_timestamp() + 8 * 3600).rem_euclid(86_400);
            if (14 * 3600 + 5 * 60..14 * 3600 + 10 * 60).contains(&secs) {
                return 95.0;
            }
            let base = 4.0 + 16.0 * unit_hash(&[&i.server.id], 0);
            (base * level + 3.0 * noise).min(100.0)
        }
        "network_outgoing_bytes_rate_inband" | "network_outgoing_bytes_aggregate_rate" => {
            out_rate * (0.8 + 0.4 * noise)
        }
        "network_incoming_bytes_rate_inband" | "network_incoming_bytes_aggregate_rate" => {
            out_rate * 0.3 * (0.8 + 0.4 * noise)
        }
        "disk_read_bytes_rate" => 20_000.0 * level * (0.5 + noise),
        "disk_write_bytes_rate" => 60_000.0 * level * (0.5 + noise),
        _ => 0.0,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The aggregated points of one metric of one server, oldest first.
#[allow(clippy::too_many_arguments)]
fn points(
    i: Option<&Instance>,
    metric: &str,
    filter: &str,
    period: i64,
    from: i64,
    to: i64,
    now: OffsetDateTime,
    with_unit: bool,
) -> Vec<Value> {
    let (Some(i), Some(unit)) = (i, unit_of(metric)) else {
        return vec![];
    };
    if i.server.status != "ACTIVE" {
        return vec![];
    }
    let step = period * 1000;
    let start = from
        .max(to - max_span_ms(period))
        .max(i.created.unix_timestamp() * 1000);
    let end = to.min(now.unix_timestamp() * 1000);
    let mut out = vec![];
    let mut ts = (start + step - 1).div_euclid(step) * step;
    while ts + step <= end && out.len() < 20_000 {
        // Sample the bucket at 5-minute steps: average, max and min are of the samples.
        let samples: Vec<f64> = (0..(period / 300).max(1))
            .map(|k| {
                let at = OffsetDateTime::from_unix_timestamp(ts / 1000 + k * 300).unwrap_or(now);
                value(i, metric, at)
            })
            .collect();
        let n = samples.len() as f64;
        let avg = samples.iter().sum::<f64>() / n;
        let max = samples.iter().cloned().fold(f64::MIN, f64::max);
        let min = samples.iter().cloned().fold(f64::MAX, f64::min);
        let var = samples.iter().map(|x| (x - avg).powi(2)).sum::<f64>() / n;
        let v = match filter {
            "max" => max,
            "min" => min,
            "sum" => avg * n,
            "variance" => var,
            _ => avg,
        };
        let mut p = serde_json::Map::new();
        p.insert(filter.to_string(), json!(round2(v)));
        p.insert("timestamp".into(), json!(ts));
        if with_unit {
            p.insert("unit".into(), json!(unit));
        }
        out.push(Value::Object(p));
        ts += step;
    }
    out
}

fn server<'a>(w: &'a World, domain: &str, region: &str, id: &str) -> Option<&'a Instance> {
    w.instances.iter().find(|i| {
        i.server.id == id && i.domain_id == domain && i.region == region && i.visible && !i.deleted
    })
}

fn ms(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn check_common(
    period: Option<i64>,
    filter: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(i64, i64, i64), (u16, Value)> {
    let bad = |m: &str| {
        ces_err(
            400,
            "ces.0014",
            format!("Some content in message body is incorrect: {m}"),
        )
    };
    let period = period
        .filter(|p| PERIODS.contains(p))
        .ok_or_else(|| bad("period"))?;
    if !["average", "max", "min", "sum", "variance"].contains(&filter) {
        return Err(bad("filter"));
    }
    let range = 1_111_111_111_111..=9_999_999_999_999;
    match (from, to) {
        (Some(f), Some(t)) if range.contains(&f) && range.contains(&t) && f < t => {
            Ok((period, f, t))
        }
        _ => Err(bad("from/to")),
    }
}

pub fn route(w: &World, c: &Ctx, refused: bool) -> Answer {
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    let acct = w
        .account(&c.domain_id)
        .ok_or_else(|| ces_err(403, "ces.0050", "Insufficient permissions"))?;
    let (project, op) = match segs.as_slice() {
        ["V1.0", p, op] => (*p, *op),
        _ => {
            return Err(ces_err(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            ))
        }
    };
    let region = acct
        .region_of_project(project)
        .ok_or_else(|| ces_err(403, "ces.0050", "Insufficient permissions: project"))?;
    if refused {
        return Err(not_permitted());
    }
    match (c.method.as_str(), op) {
        ("GET", "metric-data") => {
            if c.q("namespace") != Some("SYS.ECS") {
                return Err(ces_err(400, "ces.0014", "namespace must be SYS.ECS here"));
            }
            let metric = c.q("metric_name").unwrap_or("");
            let dim = c.q("dim.0").unwrap_or("");
            let Some(("instance_id", sid)) = dim.split_once(',') else {
                return Err(ces_err(
                    400,
                    "ces.0014",
                    "dim.0 must be instance_id,{server_id}",
                ));
            };
            let filter = c.q("filter").unwrap_or("");
            let (period, from, to) = check_common(
                c.q("period").and_then(|p| p.parse().ok()),
                filter,
                c.q("from").and_then(|v| v.parse().ok()),
                c.q("to").and_then(|v| v.parse().ok()),
            )?;
            let i = server(w, &c.domain_id, &region, sid);
            let dps = points(i, metric, filter, period, from, to, c.now, true);
            Ok((200, json!({"datapoints": dps, "metric_name": metric})))
        }
        ("POST", "batch-query-metric-data") => {
            let b = &c.body;
            let filter = b.get("filter").and_then(Value::as_str).unwrap_or("");
            let (period, from, to) = check_common(
                ms(b.get("period")),
                filter,
                ms(b.get("from")),
                ms(b.get("to")),
            )?;
            let metrics = b
                .get("metrics")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if metrics.is_empty() || metrics.len() > 500 {
                return Err(ces_err(400, "ces.0014", "metrics must hold 1 to 500 items"));
            }
            let mut out = vec![];
            for m in &metrics {
                let ns = m.get("namespace").and_then(Value::as_str).unwrap_or("");
                let name = m.get("metric_name").and_then(Value::as_str).unwrap_or("");
                let dims = m.get("dimensions").cloned().unwrap_or(Value::Null);
                let sid = dims
                    .as_array()
                    .and_then(|d| {
                        d.iter()
                            .find(|x| x.get("name").and_then(Value::as_str) == Some("instance_id"))
                    })
                    .and_then(|x| x.get("value").and_then(Value::as_str))
                    .unwrap_or("");
                if ns != "SYS.ECS" || name.is_empty() || sid.is_empty() {
                    return Err(ces_err(400, "ces.0014", "each metric needs namespace SYS.ECS, metric_name and an instance_id dimension"));
                }
                let i = server(w, &c.domain_id, &region, sid);
                out.push(json!({
                    "namespace": ns,
                    "metric_name": name,
                    "dimensions": [{"name": "instance_id", "value": sid}],
                    "datapoints": points(i, name, filter, period, from, to, c.now, false),
                    "unit": unit_of(name).unwrap_or(""),
                }));
            }
            Ok((200, json!({"metrics": out})))
        }
        _ => Err(ces_err(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
        )),
    }
}
