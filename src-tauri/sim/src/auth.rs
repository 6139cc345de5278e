//! The API gateway's AK/SK check: recompute the signature from the received
//! request, enforce the 15-minute `X-Sdk-Date` window, lock an AK for 5 minutes
//! after 5 consecutive bad signatures, and require the matching security token for
//! temporary credentials. Messages follow the gateway's wording.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::apigw;
use super::world::World;
use flexus_core::sign::{self, SignableRequest};
use flexus_core::timefmt;

const MAX_FAILURES: u32 = 5;
const LOCK: Duration = Duration::from_secs(300);
const SKEW_SECS: i64 = 15 * 60;

#[derive(Default)]
pub struct AuthState {
    failures: HashMap<String, (u32, Option<Instant>)>,
}

const IAM: &str = "Incorrect IAM authentication information: ";

/// Returns the caller's domain id, or the gateway's error.
pub fn authenticate(
    w: &World,
    st: &mut AuthState,
    req: &SignableRequest,
    rid: &str,
) -> Result<String, (u16, serde_json::Value)> {
    let err = |code: &str, msg: String| apigw(401, code, msg, rid);
    let authz = req
        .header("Authorization")
        .ok_or_else(|| err("APIGW.0301", format!("{IAM}x-auth-token not found")))?;
    let auth = sign::parse_authorization(authz)
        .ok_or_else(|| err("APIGW.0301", format!("{IAM}invalid Authorization header")))?;
    let key = w.key(&auth.access).ok_or_else(|| {
        err(
            "APIGW.0301",
            format!(
                "{IAM}Get secretKey failed,ak:{},err:ak not exist",
                auth.access
            ),
        )
    })?;
    let entry = st.failures.entry(auth.access.clone()).or_insert((0, None));
    if let Some(until) = entry.1 {
        if Instant::now() < until {
            return Err(err(
                "APIGW.0301",
                format!("{IAM}AK access failed to reach the limit,forbidden"),
            ));
        }
        *entry = (0, None);
    }
    let date = req.header("X-Sdk-Date").unwrap_or("");
    let signed_at = timefmt::parse_sdk_date(date).ok_or_else(|| {
        err(
            "APIGW.0303",
            "Incorrect app authentication information: X-Sdk-Date is missing or invalid".into(),
        )
    })?;
    let wall = OffsetDateTime::now_utc();
    if (wall - signed_at).whole_seconds().abs() > SKEW_SECS {
        return Err(err(
            "APIGW.0303",
            format!(
                "Incorrect app authentication information: signature expired, signature time:{},server time:{}",
                date,
                timefmt::sdk_date(wall)
            ),
        ));
    }
    if let Err(cr) = sign::verify(req, &auth, &key.sk) {
        entry.0 += 1;
        if entry.0 >= MAX_FAILURES {
            entry.1 = Some(Instant::now() + LOCK);
        }
        return Err(err(
            "APIGW.0301",
            format!(
                "{IAM}verify aksk signature fail, canonicalRequest:{}",
                cr.replace('\n', "|")
            ),
        ));
    }
    entry.0 = 0;
    let signed_token = auth
        .signed_headers
        .iter()
        .any(|h| h.eq_ignore_ascii_case("x-security-token"));
    let token_ok = match (&key.token, req.header("X-Security-Token")) {
        (Some(expected), Some(got)) => signed_token && expected == got,
        (None, None) => true,
        _ => false,
    };
    if !token_ok {
        return Err(err("APIGW.0301", format!("{IAM}decrypt token fail")));
    }
    Ok(key.domain_id)
}
