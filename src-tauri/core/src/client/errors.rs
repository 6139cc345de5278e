//! Reading a failed reply: the service's error shape (ECS, IAM/Keystone, BSS, the
//! API gateway) becomes one typed `ApiError`, and a transport failure becomes a
//! network or timeout error.

use super::*;

pub(super) fn net_error(service: &str, e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::Timeout {
            service: service.into(),
        }
    } else if e.is_decode() {
        ApiError::Decode {
            service: service.into(),
            detail: e.without_url().to_string(),
        }
    } else {
        ApiError::Network {
            service: service.into(),
            detail: e.without_url().to_string(),
        }
    }
}

/// Reads Huawei's error body in any of its shapes: `error_code/error_msg`,
/// `errorCode/errorMsg`, `code/message`, or nested one level (`{"error":{...}}`).
pub fn error_fields(body: &Value) -> (String, String, Option<String>) {
    // Keystone (IAM) sends a numeric code: `{"error":{"code":401,"message":...}}`.
    let pick = |v: &Value, keys: &[&str]| {
        keys.iter().find_map(|k| match v.get(*k)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let direct = |v: &Value| {
        let code = pick(v, &["error_code", "errorCode", "code"]);
        let msg = pick(v, &["error_msg", "errorMsg", "message"]);
        (code, msg, pick(v, &["request_id"]))
    };
    let (mut code, mut msg, mut rid) = direct(body);
    if code.is_none() {
        if let Some(obj) = body.as_object() {
            for v in obj.values().filter(|v| v.is_object()) {
                let (c, m, r) = direct(v);
                if c.is_some() {
                    (code, msg, rid) = (c, m, r);
                    break;
                }
            }
        }
    }
    let fallback = body.as_str().unwrap_or("").to_string();
    (code.unwrap_or_default(), msg.unwrap_or(fallback), rid)
}

const BALANCE_CODES: &[&str] = &["CBC.99005003", "CBC.30050006", "CBC.30060005"];

pub fn classify(
    service: &str,
    status: u16,
    body: &Value,
    header_rid: Option<String>,
    server_date: Option<&str>,
    local_now: time::OffsetDateTime,
) -> ApiError {
    let (code, message, body_rid) = error_fields(body);
    let request_id = header_rid.or(body_rid);
    match code.as_str() {
        "APIGW.0303" if message.contains("signature expired") => {
            let skew = skew_from_message(&message)
                .or_else(|| {
                    server_date
                        .and_then(timefmt::parse_http_date)
                        .map(|s| (local_now - s).whole_seconds())
                })
                .unwrap_or(0);
            ApiError::ClockSkew {
                skew_secs: skew,
                message,
            }
        }
        "APIGW.0301" | "APIGW.0303" | "APIGW.0307" => ApiError::Signature {
            code,
            message,
            request_id,
        },
        "APIGW.0308" | "HCSS.14290001" => ApiError::Throttled { code, message },
        "CBC.0150" | "CBC.0156" => ApiError::WrongSite { code, message },
        c if BALANCE_CODES.contains(&c) => ApiError::InsufficientBalance { code, message },
        _ if status == 429 => ApiError::Throttled { code, message },
        "HCSS.14000001" | "CBC.0100" | "CBC.0101" => ApiError::InvalidParameter { code, message },
        _ if status == 403 => ApiError::Forbidden { code, message },
        _ if status == 404 => ApiError::NotFound { code, message },
        _ if status == 400 => ApiError::InvalidParameter { code, message },
        _ => ApiError::Http {
            status,
            service: service.into(),
            code,
            message,
            request_id,
        },
    }
}

/// "signature expired, signature time:20230527T000431Z,server time:20230527T020608Z"
fn skew_from_message(msg: &str) -> Option<i64> {
    let sig = msg.split("signature time:").nth(1)?.get(..16)?;
    let srv = msg.split("server time:").nth(1)?.get(..16)?;
    Some((timefmt::parse_sdk_date(sig)? - timefmt::parse_sdk_date(srv)?).whole_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_shapes_are_all_read() {
        let now = time::OffsetDateTime::now_utc();
        let e = classify(
            "ecs",
            400,
            &json!({"error":{"code":"Ecs.0005","message":"bad"}}),
            None,
            None,
            now,
        );
        assert_eq!(e.code(), Some("Ecs.0005"));
        let e = classify(
            "bss",
            403,
            &json!({"error_code":"CBC.0150","error_msg":"site"}),
            None,
            None,
            now,
        );
        assert_eq!(e.kind(), "wrong_site");
        let e = classify(
            "x",
            429,
            &json!({"errorCode":"Z","errorMsg":"slow"}),
            None,
            None,
            now,
        );
        assert_eq!(e.kind(), "throttled");
        let e = classify("x", 500, &json!("oops"), Some("rid".into()), None, now);
        assert!(e.outcome_unknown() && e.retryable());
        let e = classify(
            "bss",
            400,
            &json!({"error_code":"CBC.99005003","error_msg":"no money"}),
            None,
            None,
            now,
        );
        assert_eq!(e.kind(), "insufficient_balance");
    }

    #[test]
    fn keystone_errors_keep_their_numeric_code_and_message() {
        let now = time::OffsetDateTime::now_utc();
        let body = json!({"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}});
        let e = classify("iam", 401, &body, None, None, now);
        assert_eq!(e.code(), Some("401"));
        assert!(e.to_string().contains("requires authentication"), "{e}");
    }

    #[test]
    fn a_2xx_that_does_not_parse_is_not_retried() {
        let e = ApiError::Decode {
            service: "bss".into(),
            detail: "EOF while parsing".into(),
        };
        assert!(!e.retryable());
        // It may still have been processed: a paid action's outcome stays unknown.
        assert!(e.outcome_unknown());
    }

    #[test]
    fn clock_skew_is_read_from_the_message() {
        let now = time::OffsetDateTime::now_utc();
        let body = json!({"error_code":"APIGW.0303","error_msg":"Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z"});
        match classify("ecs", 401, &body, None, None, now) {
            ApiError::ClockSkew { skew_secs, .. } => assert_eq!(skew_secs, -(2 * 3600 + 97)),
            other => panic!("{other:?}"),
        }
    }
}
