//! Errors of the cloud client. Messages never contain credentials: the only
//! request data they carry are Huawei's own error code, message and request id.

use thiserror::Error;

/// One resource the cloud refused inside an HTTP 200 reply (`fail_resource_infos`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResourceFailure {
    pub resource_id: String,
    pub error_code: String,
    pub error_msg: String,
}

fn list_failures(f: &[ResourceFailure]) -> String {
    f.iter()
        .map(|r| format!("{} ({}: {})", r.resource_id, r.error_code, r.error_msg))
        .collect::<Vec<_>>()
        .join("; ")
}

crate::message_keys! {
#[derive(Debug, Error)]
pub enum ApiError {
    #[error("network error talking to {service}: {detail}")]
    Network { service: String, detail: String },
    #[error("{service} did not answer in time")]
    Timeout { service: String },
    #[error("the AK/SK signature was rejected ({code}): {message}")]
    Signature {
        code: String,
        message: String,
        request_id: Option<String>,
    },
    #[error("this computer's clock is off by about {skew_secs} seconds; fix the system time and try again")]
    ClockSkew { skew_secs: i64, message: String },
    #[error("too many requests ({code}); wait a few seconds and try again")]
    Throttled { code: String, message: String },
    #[error(
        "this account belongs to the other Huawei Cloud site ({code}); switch the profile's site"
    )]
    WrongSite { code: String, message: String },
    #[error("the account balance is not enough ({code}): {message}")]
    InsufficientBalance { code: String, message: String },
    #[error("invalid parameter ({code}): {message}")]
    InvalidParameter { code: String, message: String },
    #[error("access denied ({code}): {message}")]
    Forbidden { code: String, message: String },
    #[error("not found ({code}): {message}")]
    NotFound { code: String, message: String },
    #[error("HTTP {status} from {service} ({code}): {message}")]
    Http {
        status: u16,
        service: String,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// HTTP 200, but some resources failed (or no order was created): not a success
    /// for those resources. The order ids (if any) cover only the others.
    #[error("the cloud did not accept every resource: {}{}", list_failures(failures), if order_ids.is_empty() { "; no order was created".to_string() } else { format!("; order(s) created for the rest: {}", order_ids.join(", ")) })]
    PartialFailure {
        order_ids: Vec<String>,
        failures: Vec<ResourceFailure>,
    },
    #[error("unexpected response from {service}: {detail}")]
    Decode { service: String, detail: String },
    #[error("{0}")]
    Config(String),
}
}

impl ApiError {
    /// A stable, machine-readable kind for the UI and `--json` output.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Network { .. } => "network",
            ApiError::Timeout { .. } => "timeout",
            ApiError::Signature { .. } => "auth",
            ApiError::ClockSkew { .. } => "clock_skew",
            ApiError::Throttled { .. } => "throttled",
            ApiError::WrongSite { .. } => "wrong_site",
            ApiError::InsufficientBalance { .. } => "insufficient_balance",
            ApiError::InvalidParameter { .. } => "invalid_parameter",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound { .. } => "not_found",
            ApiError::Http { .. } => "http",
            ApiError::PartialFailure { .. } => "partial_failure",
            ApiError::Decode { .. } => "decode",
            ApiError::Config(_) => "config",
        }
    }

    /// True when a request may have reached the server and been processed: the
    /// outcome of a paid action is then unknown and must be reconciled, never resent.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::Decode { .. }
        ) || matches!(self, ApiError::Http { status, .. } if *status >= 500)
    }

    /// Worth retrying for an idempotent read.
    pub fn retryable(&self) -> bool {
        match self {
            ApiError::Throttled { .. } | ApiError::Network { .. } | ApiError::Timeout { .. } => {
                true
            }
            ApiError::Http { status, .. } => *status >= 500,
            // A 2xx body that does not parse parses no better the second time.
            _ => false,
        }
    }

    /// Replaces every occurrence of the given secrets in the messages with `***`.
    /// The gateway echoes the canonical request (which holds the security token)
    /// and the AK in its messages; they never leave the client unredacted.
    pub fn redact(mut self, secrets: &[&str]) -> Self {
        let scrub = |s: &mut String| {
            // APIGW.0301 echoes the whole canonical request (every signed header,
            // the token among them, in whatever encoding): nothing after it is kept.
            if let Some(i) = s.find("canonicalRequest") {
                s.truncate(i + "canonicalRequest".len());
                s.push_str(": (removed)");
            }
            for n in secrets.iter().filter(|n| n.len() >= 4) {
                if s.contains(*n) {
                    *s = s.replace(*n, "***");
                }
            }
        };
        match &mut self {
            ApiError::Network { detail, .. } | ApiError::Decode { detail, .. } => scrub(detail),
            ApiError::Signature { message, .. }
            | ApiError::ClockSkew { message, .. }
            | ApiError::Throttled { message, .. }
            | ApiError::WrongSite { message, .. }
            | ApiError::InsufficientBalance { message, .. }
            | ApiError::InvalidParameter { message, .. }
            | ApiError::Forbidden { message, .. }
            | ApiError::NotFound { message, .. }
            | ApiError::Http { message, .. } => scrub(message),
            ApiError::Config(m) => scrub(m),
            ApiError::PartialFailure { failures, .. } => {
                for f in failures {
                    scrub(&mut f.error_msg)
                }
            }
            ApiError::Timeout { .. } => {}
        }
        self
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Signature { code, .. }
            | ApiError::Throttled { code, .. }
            | ApiError::WrongSite { code, .. }
            | ApiError::InsufficientBalance { code, .. }
            | ApiError::InvalidParameter { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::NotFound { code, .. }
            | ApiError::Http { code, .. } => Some(code),
            ApiError::PartialFailure { failures, .. } => {
                failures.first().map(|f| f.error_code.as_str())
            }
            _ => None,
        }
    }
}
