// Over 400 lines on purpose: the one request path (sign, send, retry reads, send paid calls once, cap per host); split, the exactly-once rule would be read in pieces.
//! The signed HTTP client for IAM, RMS, HCSS, BSS and ECS.
//!
//! Reads retry with bounded backoff on throttling and 5xx; paid actions and server
//! actions are sent exactly once (`Call::once`). Concurrency is capped per host.

pub mod bss;
pub mod ces;
pub mod console;
pub mod ecs;
mod errors;
pub mod hcss;
pub mod http;
pub mod iam;
pub mod models;
pub mod rms;

use errors::net_error;
pub use errors::{classify, error_fields};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::endpoints::{Endpoints, Service};
use crate::error::ApiError;
use crate::keys::Field;
use crate::secret::Credentials;
use crate::sign::{self, SignableRequest};
use crate::timefmt;

pub const USER_AGENT: &str = concat!("flexus-desktop/", env!("CARGO_PKG_VERSION"));

/// Which id the request is scoped to (what the SDK's Basic/Global credentials add).
#[derive(Debug, Clone)]
pub enum Scope {
    None,
    Domain,
    /// The default project of a region (looked up in IAM).
    Project(String),
    /// A known project id (RMS gives each instance its own, which may be a sub-project).
    ProjectId(String),
}

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(4),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub timeout: Duration,
    pub per_host_concurrency: usize,
    pub retry: RetryPolicy,
    /// Seconds added to the local clock when signing (tests simulate skew with it).
    pub clock_offset_secs: i64,
    /// An explicit proxy (else the system's); see `http.rs`.
    pub proxy: Option<http::ProxyConfig>,
    /// Refuse plain-http endpoints (real accounts; the local simulator is http).
    pub https_only: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            per_host_concurrency: 16,
            retry: RetryPolicy::default(),
            clock_offset_secs: 0,
            proxy: None,
            https_only: false,
        }
    }
}

/// One API request. Its `Debug` leaves out the body and header values: a body can
/// hold a server's new password.
#[derive(Clone)]
pub struct Call {
    pub service: Service,
    pub region: String,
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub scope: Scope,
    pub headers: Vec<(String, String)>,
    /// Reads may be retried; everything else is sent once.
    pub idempotent: bool,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("service", &self.service)
            .field("region", &self.region)
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body", &self.body.as_ref().map(|_| "***"))
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

impl Call {
    pub fn get(service: Service, path: impl Into<String>) -> Self {
        Call {
            service,
            region: String::new(),
            method: Method::GET,
            path: path.into(),
            query: vec![],
            body: None,
            scope: Scope::None,
            headers: vec![],
            idempotent: true,
        }
    }
    /// A POST that only reads (BSS queries are POSTs); may be retried.
    pub fn query_post(service: Service, path: impl Into<String>, body: Value) -> Self {
        Call {
            method: Method::POST,
            body: Some(body),
            ..Call::get(service, path)
        }
    }
    /// A state-changing request: sent exactly once, never retried.
    pub fn once(
        service: Service,
        method: Method,
        path: impl Into<String>,
        body: Option<Value>,
    ) -> Self {
        Call {
            method,
            body,
            idempotent: false,
            ..Call::get(service, path)
        }
    }
    pub fn region(mut self, r: &str) -> Self {
        self.region = r.to_string();
        self
    }
    pub fn scope(mut self, s: Scope) -> Self {
        self.scope = s;
        self
    }
    pub fn query(mut self, k: &str, v: impl Into<String>) -> Self {
        self.query.push((k.to_string(), v.into()));
        self
    }
    pub fn header(mut self, k: &str, v: impl Into<String>) -> Self {
        self.headers.push((k.to_string(), v.into()));
        self
    }
}

/// The raw answer: status and body (empty for 204).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub request_id: Option<String>,
}

pub struct CloudClient {
    http: reqwest::Client,
    creds: Credentials,
    pub endpoints: Endpoints,
    opts: ClientOptions,
    // Single-flight caches: concurrent first uses share one IAM call.
    domain_id: tokio::sync::OnceCell<String>,
    project_ids: Mutex<HashMap<String, Arc<tokio::sync::OnceCell<String>>>>,
    limits: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Counts every HTTP request sent (benchmarks and "exactly one request" tests).
    sent: std::sync::atomic::AtomicU64,
    /// Gateway clock minus local clock, from the `Date` header of the latest reply.
    server_offset: Mutex<Option<time::Duration>>,
    /// Server and job id → the project it lives in (from RMS and from the actions sent).
    ecs_projects: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for CloudClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudClient")
            .field("ak", &self.creds.masked_ak())
            .field("endpoints", &self.endpoints)
            .finish()
    }
}

impl CloudClient {
    pub fn new(
        creds: Credentials,
        endpoints: Endpoints,
        opts: ClientOptions,
    ) -> Result<Self, ApiError> {
        let http = http::build(&opts)?;
        Ok(CloudClient {
            http,
            creds,
            endpoints,
            opts,
            domain_id: tokio::sync::OnceCell::new(),
            project_ids: Mutex::new(HashMap::new()),
            limits: Mutex::new(HashMap::new()),
            sent: std::sync::atomic::AtomicU64::new(0),
            server_offset: Mutex::new(None),
            ecs_projects: Mutex::new(HashMap::new()),
        })
    }

    pub fn masked_ak(&self) -> String {
        self.creds.masked_ak()
    }

    pub fn requests_sent(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether a reply has told us the gateway's clock yet.
    pub fn server_clock_known(&self) -> bool {
        self.server_offset
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// The gateway's idea of now: the local clock corrected by the `Date` header of
    /// the latest reply (order times and payment deadlines are the server's; the
    /// gateway accepts a skew of up to 15 minutes, so the local clock is not enough).
    pub fn server_now(&self) -> time::OffsetDateTime {
        let off = *self.server_offset.lock().unwrap_or_else(|e| e.into_inner());
        time::OffsetDateTime::now_utc() + off.unwrap_or(time::Duration::ZERO)
    }

    fn semaphore(&self, host: &str) -> Arc<Semaphore> {
        let mut map = self.limits.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.opts.per_host_concurrency.max(1))))
            .clone()
    }

    /// Cached account (domain) id, from IAM on first use.
    pub async fn domain_id(&self) -> Result<String, ApiError> {
        self.domain_id
            .get_or_try_init(|| async {
                let id = self.fetch_domain().await?.id;
                url_id(Field::DomainId, &id)?;
                Ok(id)
            })
            .await
            .cloned()
    }

    /// Cached project id of a region, from IAM on first use.
    pub async fn project_id(&self, region: &str) -> Result<String, ApiError> {
        let cell = self
            .project_ids
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(region.to_string())
            .or_default()
            .clone();
        url_region(region)?;
        cell.get_or_try_init(|| async {
            let id = self.fetch_project_id(region).await?;
            url_id(Field::ProjectId, &id)?;
            Ok(id)
        })
        .await
        .cloned()
    }

    pub async fn send_json<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let service = call.service;
        let reply = self.send(call).await?;
        serde_json::from_value(reply.body).map_err(|e| ApiError::Decode {
            service: service.as_str().into(),
            detail: e.to_string(),
        })
    }

    /// Sends with retries for idempotent calls.
    pub async fn send(&self, call: Call) -> Result<Reply, ApiError> {
        let attempts = if call.idempotent {
            self.opts.retry.attempts.max(1)
        } else {
            1
        };
        let mut delay = self.opts.retry.base_delay;
        let mut last = None;
        for attempt in 0..attempts {
            match self.send_once(&call).await {
                Ok(r) => return Ok(r),
                Err(e) if e.retryable() && attempt + 1 < attempts => {
                    tracing::debug!(
                        service = call.service.as_str(),
                        kind = e.kind(),
                        attempt,
                        "retrying read"
                    );
                    let jitter = rand::random::<u64>() % (delay.as_millis() as u64 / 2 + 1);
                    tokio::time::sleep(delay + Duration::from_millis(jitter)).await;
                    delay = (delay * 2).min(self.opts.retry.max_delay);
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| ApiError::Config("no attempt made".into())))
    }

    async fn send_once(&self, call: &Call) -> Result<Reply, ApiError> {
        let svc = call.service.as_str();
        // Regions go into the host name, ids into the path: both were checked where
        // they came in; this is the last guard before anything leaves.
        if !call.region.is_empty() {
            url_region(&call.region)?;
        }
        crate::validate::url_path(&call.path).map_err(|e| ApiError::Config(e.to_string()))?;
        let base = self.endpoints.base(call.service, &call.region);
        let url = reqwest::Url::parse(&format!("{base}{}", call.path))
            .map_err(|e| ApiError::Config(format!("bad endpoint URL for {svc}: {e}")))?;
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => return Err(ApiError::Config(format!("endpoint for {svc} has no host"))),
        };
        let (project, domain) = match &call.scope {
            Scope::None => (None, None),
            // Boxed: IAM lookups go through `send` themselves.
            Scope::Domain => (None, Some(Box::pin(self.domain_id()).await?)),
            Scope::Project(region) => (Some(Box::pin(self.project_id(region)).await?), None),
            Scope::ProjectId(id) => (Some(id.clone()), None),
        };
        let body = match &call.body {
            Some(v) => serde_json::to_vec(v).map_err(|e| ApiError::Config(e.to_string()))?,
            None => Vec::new(),
        };
        let mut req = SignableRequest {
            method: call.method.as_str().to_string(),
            host,
            path: url.path().to_string(),
            query: call.query.clone(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body,
        };
        req.headers.extend(call.headers.iter().cloned());
        let now =
            time::OffsetDateTime::now_utc() + time::Duration::seconds(self.opts.clock_offset_secs);
        sign::sign(
            &mut req,
            &self.creds,
            project.as_deref(),
            domain.as_deref(),
            &timefmt::sdk_date(now),
        );

        let full = wire_url(&url, &call.query);
        let mut rb = self.http.request(call.method.clone(), full);
        for (k, v) in &req.headers {
            if !k.eq_ignore_ascii_case("host") {
                rb = rb.header(k.as_str(), v.as_str());
            }
        }
        rb = rb.body(req.body);

        let sem = self.semaphore(&req.host);
        let _permit = sem
            .acquire()
            .await
            .map_err(|_| ApiError::Config("client closed".into()))?;
        self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let resp = rb.send().await.map_err(|e| net_error(svc, e))?;
        let status = resp.status().as_u16();
        let request_id = resp
            .headers()
            .get("X-Request-Id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let server_date = resp
            .headers()
            .get("Date")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if let Some(server) = server_date.as_deref().and_then(timefmt::parse_http_date) {
            *self.server_offset.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(server - time::OffsetDateTime::now_utc());
        }
        let bytes = resp.bytes().await.map_err(|e| net_error(svc, e))?;
        let body: Value = if bytes.is_empty() {
            Value::Null
        } else {
            match serde_json::from_slice(&bytes) {
                Ok(v) => v,
                Err(e) if (200..300).contains(&status) => {
                    return Err(ApiError::Decode {
                        service: svc.into(),
                        detail: e.to_string(),
                    })
                }
                Err(_) => {
                    Value::String(String::from_utf8_lossy(&bytes).chars().take(200).collect())
                }
            }
        };
        if (200..300).contains(&status) {
            return Ok(Reply {
                status,
                body,
                request_id,
            });
        }
        let secrets: Vec<&str> = [
            Some(self.creds.access_key.as_str()),
            Some(self.creds.secret_key.expose()),
            self.creds.security_token.as_ref().map(|t| t.expose()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Err(classify(svc, status, &body, request_id, server_date.as_deref(), now).redact(&secrets))
    }
}

/// Ids taken from replies are checked before they go into a URL (`validate::url_id`).
pub(crate) fn url_id(field: Field, id: &str) -> Result<(), ApiError> {
    crate::validate::url_id(field, id).map_err(|e| ApiError::Config(e.to_string()))
}

pub(crate) fn url_region(region: &str) -> Result<(), ApiError> {
    crate::validate::region(region).map_err(|e| ApiError::Config(e.to_string()))
}

/// The URL as sent: the query is the signed canonical one (same encoder, same order),
/// exactly as the SDK sends it; a form encoder would send `+` for a space where the
/// signature has `%20`.
pub fn wire_url(url: &reqwest::Url, query: &[(String, String)]) -> reqwest::Url {
    let mut full = url.clone();
    let q = sign::canonical_query(query);
    full.set_query((!q.is_empty()).then_some(q.as_str()));
    full
}
