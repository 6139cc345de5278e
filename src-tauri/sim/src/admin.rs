//! The test-only admin API (`/_sim/...`, loopback Host and the admin bearer token): the
//! simulated clock, faults, and the world's state for assertions.

use super::*;

/// The admin API is for the tester on this machine only: its Host must be a loopback
/// name (a web page cannot reach it through DNS rebinding) and it must carry the
/// token written beside `demo-admin.url` (other local programs and pages cannot).
pub(crate) fn admin_allowed(
    sim: &Sim,
    headers: &axum::http::HeaderMap,
) -> Result<(), (u16, Value)> {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = match host.rsplit_once(':') {
        Some((n, p)) if p.chars().all(|c| c.is_ascii_digit()) => n,
        _ => host,
    };
    if !["127.0.0.1", "localhost", "[::1]"].contains(&name) {
        return Err((
            403,
            json!({"error": "the admin API answers loopback hosts only"}),
        ));
    }
    let given = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("");
    let want = sim.admin_token().as_bytes();
    // Constant time: the comparison does not stop at the first wrong byte.
    let same = given.len() == want.len()
        && given
            .bytes()
            .zip(want)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err((401, json!({"error": "admin token missing or wrong"})));
    }
    Ok(())
}

/// The admin API (not Huawei's): clock, faults, latency, balance, state, counts.
pub(crate) fn admin(sim: &Sim, method: &str, path: &str, body: &[u8]) -> Answer {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    match (method, path) {
        ("GET", "/_sim/state") => Ok((200, sim.state())),
        ("GET", "/_sim/requests") => Ok((200, json!(sim.request_counts()))),
        ("POST", "/_sim/clock") => {
            let secs = v
                .get("advance_secs")
                .and_then(Value::as_i64)
                .ok_or((400, json!({"error": "advance_secs required"})))?;
            sim.advance(Duration::seconds(secs));
            Ok((200, json!({"now": timefmt::utc(sim.now())})))
        }
        ("POST", "/_sim/faults") => {
            let f: Fault =
                serde_json::from_value(v).map_err(|e| (400, json!({"error": e.to_string()})))?;
            if !sim.add_fault(f) {
                return Err((
                    429,
                    json!({"error": "too many faults queued; DELETE /_sim/faults first"}),
                ));
            }
            Ok((200, json!({"ok": true})))
        }
        ("DELETE", "/_sim/faults") => {
            sim.clear_faults();
            Ok((200, json!({"ok": true})))
        }
        ("POST", "/_sim/latency") => {
            sim.set_latency_ms(v.get("ms").and_then(Value::as_u64).unwrap_or(0));
            Ok((200, json!({"ok": true})))
        }
        ("POST", "/_sim/keys") => {
            let get = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let site: Site = get("site")
                .parse()
                .map_err(|e: String| (400, json!({"error": e})))?;
            let (ak, sk, token) = (get("ak"), get("sk"), get("token"));
            if ak.is_empty() || sk.is_empty() || token.is_empty() {
                return Err((400, json!({"error": "ak, sk and token are required"})));
            }
            sim.add_temporary_credentials(site, &ak, &sk, &token);
            Ok((200, json!({"ok": true})))
        }
        ("POST", "/_sim/balance") => {
            let site: Site = v
                .get("site")
                .and_then(Value::as_str)
                .unwrap_or("intl")
                .parse()
                .map_err(|e: String| (400, json!({"error": e})))?;
            sim.set_balance(site, v.get("amount").and_then(Value::as_f64).unwrap_or(0.0));
            Ok((200, json!({"ok": true})))
        }
        ("POST", "/_sim/refuse") => {
            let feature = v.get("feature").and_then(Value::as_str).unwrap_or("");
            let on = v.get("refused").and_then(Value::as_bool).unwrap_or(true);
            sim.set_refused(feature, on)
                .map_err(|e| (400, json!({"error": e})))?;
            Ok((200, json!({"ok": true})))
        }
        _ => Err((404, json!({"error": "unknown admin path"}))),
    }
}
