//! The simulated Flexus L cloud: real HTTP listeners on loopback (one per service:
//! IAM, RMS, HCSS, BSS China, BSS International, ECS) that verify AK/SK signatures as
//! the API gateway does and answer with the documented payload shapes. A separate
//! admin listener moves the simulated clock and injects faults.

mod auth;
mod bss;
mod ces;
mod console;
mod ecs;
mod hcss;
mod iam_rms;
pub mod seed;
pub mod traffic;
pub mod world;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, Response, StatusCode};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use tokio::net::TcpListener;

use flexus_core::endpoints::{Endpoints, Service, Site};
use flexus_core::timefmt;
pub use seed::Seed;
use world::World;

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub seed: Seed,
    pub rng_seed: u64,
    /// Added to every request (benchmarks).
    pub latency_ms: u64,
    /// How long orders and server jobs take in simulated time.
    pub op_delay: std::time::Duration,
    /// Fixed port for the first listener (others follow); 0 = random ports.
    pub base_port: u16,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: Seed::Demo,
            rng_seed: 7,
            latency_ms: 0,
            op_delay: std::time::Duration::from_secs(2),
            base_port: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Waits `latency_ms`, then answers normally.
    Latency,
    /// 429 APIGW.0308 before processing.
    Throttle,
    /// 500 before processing.
    ServerError,
    /// Processes, then answers with invalid JSON.
    Malformed,
    /// Processes, then answers with the first half of the JSON.
    Truncated,
    /// Processes, then breaks the connection mid-response.
    ResetAfter,
    /// Processes, then waits `latency_ms` before answering (a client timeout, or a
    /// process killed while waiting, after the cloud acted).
    DelayAfter,
    /// Processes, then answers 502 as a failing gateway would.
    ServerErrorAfter,
    /// Processes, then answers HTTP 200 with `{}` (a reply that names nothing).
    EmptyAfter,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fault {
    pub service: Service,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_contains: Option<String>,
    pub kind: FaultKind,
    #[serde(default)]
    pub latency_ms: u64,
    /// How many matching requests it applies to; 0 = until cleared.
    #[serde(default)]
    pub times: u32,
}

pub(crate) struct Inner {
    world: Mutex<World>,
    clock_offset: Mutex<Duration>,
    faults: Mutex<Vec<Fault>>,
    auth: Mutex<auth::AuthState>,
    latency_ms: AtomicU64,
    counts: Mutex<BTreeMap<String, u64>>,
    seq: AtomicU64,
    /// The bearer token the admin API requires (random per start).
    admin_token: String,
    /// Optional features the cloud refuses for every account ("ces", "console").
    refused: Mutex<std::collections::BTreeSet<String>>,
}

/// Bounds on what requests can make the simulator remember.
const MAX_FAULTS: usize = 64;
const MAX_EXTRA_KEYS: usize = 64;
const MAX_COUNT_KEYS: usize = 1024;

/// A handle to the simulator's state (cheap to clone).
#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sim {
    pub fn new(opts: &SimOptions) -> Sim {
        let mut w = World::new(
            opts.rng_seed,
            Duration::try_from(opts.op_delay).unwrap_or(Duration::seconds(2)),
        );
        let now = OffsetDateTime::now_utc();
        seed::apply(&mut w, opts.seed, now);
        w.advance(now);
        Sim {
            inner: Arc::new(Inner {
                world: Mutex::new(w),
                clock_offset: Mutex::new(Duration::ZERO),
                faults: Mutex::new(vec![]),
                auth: Mutex::new(auth::AuthState::default()),
                latency_ms: AtomicU64::new(opts.latency_ms),
                counts: Mutex::new(BTreeMap::new()),
                seq: AtomicU64::new(1),
                admin_token: format!(
                    "{}{}",
                    uuid::Uuid::new_v4().simple(),
                    uuid::Uuid::new_v4().simple()
                ),
                refused: Mutex::new(Default::default()),
            }),
        }
    }

    /// The simulated clock: wall time plus the advanced offset. Signature checks
    /// use the wall clock, as the gateway would.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + *lock(&self.inner.clock_offset)
    }

    pub fn advance(&self, by: Duration) {
        *lock(&self.inner.clock_offset) += by;
        let now = self.now();
        lock(&self.inner.world).advance(now);
    }

    pub fn set_latency_ms(&self, ms: u64) {
        self.inner.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// The token admin requests must carry (`Authorization: Bearer …`).
    pub fn admin_token(&self) -> &str {
        &self.inner.admin_token
    }

    /// Queues a fault; false when `MAX_FAULTS` are already queued.
    pub fn add_fault(&self, f: Fault) -> bool {
        let mut faults = lock(&self.inner.faults);
        if faults.len() >= MAX_FAULTS {
            return false;
        }
        faults.push(f);
        true
    }

    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// Requests received per "SERVICE METHOD PATH" (authenticated or not).
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        lock(&self.inner.counts).clone()
    }

    pub fn count_matching(&self, needle: &str) -> u64 {
        lock(&self.inner.counts)
            .iter()
            .filter(|(k, _)| k.contains(needle))
            .map(|(_, v)| *v)
            .sum()
    }

    pub fn set_balance(&self, site: Site, amount: f64) {
        for a in lock(&self.inner.world)
            .accounts
            .iter_mut()
            .filter(|a| a.site == site)
        {
            a.balance = amount;
        }
    }

    /// Adds temporary credentials (AK/SK + security token) for the account of `site`.
    pub fn add_temporary_credentials(&self, site: Site, ak: &str, sk: &str, token: &str) {
        let mut w = lock(&self.inner.world);
        if let Some(a) = w.accounts.iter().find(|a| a.site == site).cloned() {
            if w.extra_keys.len() >= MAX_EXTRA_KEYS {
                w.extra_keys.remove(0);
            }
            w.extra_keys.push(world::Key {
                ak: ak.into(),
                sk: sk.into(),
                token: Some(token.into()),
                domain_id: a.domain_id,
            });
        }
    }

    /// A summary for tests and `GET /_sim/state`.
    pub fn state(&self) -> Value {
        let now = self.now();
        let mut w = lock(&self.inner.world);
        w.advance(now);
        json!({
            "now": timefmt::utc(now),
            "accounts": w.accounts.iter().map(|a| json!({"name": a.domain_name, "site": a.site, "balance": a.balance, "domain_id": a.domain_id})).collect::<Vec<_>>(),
            "instances": w.instances.iter().filter(|i| !i.deleted).map(|i| json!({
                "id": i.id, "name": i.name, "region": i.region, "visible": i.visible,
                "status": i.server.status, "expire": timefmt::utc(i.expire), "auto_renew": i.auto_renew,
                "server_id": i.server.id, "hostname": i.server.hostname, "password_pending_restart": i.server.password_pending_restart,
            })).collect::<Vec<_>>(),
            "orders": w.orders.iter().map(|o| json!({"order_id": o.order_id, "status": o.status, "order_type": o.order_type, "amount": o.amount})).collect::<Vec<_>>(),
        })
    }

    fn take_fault(&self, service: Service, method: &str, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.inner.faults);
        let ix = faults.iter().position(|f| {
            f.service == service
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && f.path_contains.as_deref().is_none_or(|p| path.contains(p))
        })?;
        let f = faults[ix].clone();
        if f.times > 0 {
            if f.times == 1 {
                faults.remove(ix);
            } else {
                faults[ix].times -= 1;
            }
        }
        Some(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listener {
    Api(Service, Option<Site>),
    Admin,
}

/// A running simulator with its listener URLs.
pub struct Running {
    pub sim: Sim,
    pub urls: BTreeMap<String, String>,
    shutdown: Vec<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    /// The endpoint overrides a client of `site` uses to reach this simulator.
    pub fn endpoints(&self, site: Site) -> Endpoints {
        let bss = if site == Site::Cn { "bss" } else { "bss-intl" };
        let mut e = Endpoints::new(site);
        for (svc, key) in [
            (Service::Iam, "iam"),
            (Service::Rms, "rms"),
            (Service::Hcss, "hcss"),
            (Service::Bss, bss),
            (Service::Ecs, "ecs"),
            (Service::Ces, "ces"),
        ] {
            e = e.with_override(svc, self.urls[key].clone());
        }
        e
    }

    pub fn admin_url(&self) -> &str {
        &self.urls["admin"]
    }

    pub fn admin_token(&self) -> &str {
        self.sim.admin_token()
    }

    pub fn stop(&mut self) {
        for s in self.shutdown.drain(..) {
            let _ = s.send(());
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts every listener on 127.0.0.1 (random ports unless `base_port` is set).
pub async fn start(opts: SimOptions) -> std::io::Result<Running> {
    let sim = Sim::new(&opts);
    let listeners = [
        ("iam", Listener::Api(Service::Iam, None)),
        ("rms", Listener::Api(Service::Rms, None)),
        ("hcss", Listener::Api(Service::Hcss, None)),
        ("bss", Listener::Api(Service::Bss, Some(Site::Cn))),
        ("bss-intl", Listener::Api(Service::Bss, Some(Site::Intl))),
        ("ecs", Listener::Api(Service::Ecs, None)),
        ("admin", Listener::Admin),
        // After admin: fixed-port layouts from before Cloud Eye keep their ports.
        ("ces", Listener::Api(Service::Ces, None)),
    ];
    let mut urls = BTreeMap::new();
    let mut shutdown = Vec::new();
    for (i, (name, kind)) in listeners.into_iter().enumerate() {
        let port = if opts.base_port == 0 {
            0
        } else {
            opts.base_port + i as u16
        };
        let tcp = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        let addr = tcp.local_addr()?;
        urls.insert(name.to_string(), format!("http://{addr}"));
        let app = Router::new()
            .fallback(dated)
            .with_state((sim.clone(), kind));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        shutdown.push(tx);
        tokio::spawn(async move {
            let _ = axum::serve(tcp, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
    }
    Ok(Running {
        sim,
        urls,
        shutdown,
    })
}

/// What a route handler sees.
pub(crate) struct Ctx {
    pub method: String,
    pub segs: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Value,
    pub domain_id: String,
    pub now: OffsetDateTime,
    pub site: Option<Site>,
    pub client_request_id: Option<String>,
}

impl Ctx {
    pub fn q(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
}

/// `Ok((status, body))` or `Err((status, error body))`; `Value::Null` = no body.
pub(crate) type Answer = Result<(u16, Value), (u16, Value)>;

pub(crate) fn apigw(status: u16, code: &str, msg: impl Into<String>, rid: &str) -> (u16, Value) {
    (
        status,
        json!({"error_code": code, "error_msg": msg.into(), "request_id": rid}),
    )
}

pub(crate) fn cbc(status: u16, code: &str, msg: impl Into<String>) -> (u16, Value) {
    (status, json!({"error_code": code, "error_msg": msg.into()}))
}

/// Every reply carries the simulated cloud's clock in `Date` (as a gateway carries its
/// own): order times and payment deadlines are on that clock, and the client reads it.
async fn dated(State(st): State<(Sim, Listener)>, req: Request<Body>) -> Response<Body> {
    let now = st.0.now();
    let mut r = entry(State(st), req).await;
    if let Ok(v) = HeaderValue::from_str(&timefmt::http_date(now)) {
        r.headers_mut().insert("date", v);
    }
    r
}

async fn entry(State((sim, kind)): State<(Sim, Listener)>, req: Request<Body>) -> Response<Body> {
    let rid = format!(
        "{:032x}",
        sim.inner.seq.fetch_add(1, Ordering::Relaxed) as u128 * 0x9E37_79B9_7F4A_7C15
    );
    let latency = sim.inner.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, 12 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return respond(
                Err(apigw(413, "APIGW.0201", "Request entity too large", &rid)),
                &rid,
            )
        }
    };
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let Listener::Api(service, bss_site) = kind else {
        if let Err(e) = admin_allowed(&sim, &parts.headers) {
            return respond(Err(e), &rid);
        }
        return respond(admin(&sim, &method, &path, &bytes), &rid);
    };
    {
        let mut counts = lock(&sim.inner.counts);
        let key = format!("{} {method} {path}", service.as_str());
        let key = if counts.len() >= MAX_COUNT_KEYS && !counts.contains_key(&key) {
            format!("{} (other paths)", service.as_str())
        } else {
            key
        };
        *counts.entry(key).or_insert(0) += 1;
    }

    let fault = sim.take_fault(service, &method, &path);
    if let Some(f) = &fault {
        match f.kind {
            FaultKind::Latency => tokio::time::sleep(std::time::Duration::from_millis(f.latency_ms)).await,
            FaultKind::Throttle => {
                return respond(Err(apigw(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second", &rid)), &rid)
            }
            FaultKind::ServerError => return respond(Err(apigw(500, "APIGW.0201", "Backend unavailable", &rid)), &rid),
            _ => {}
        }
    }

    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let signable = flexus_core::sign::SignableRequest {
        method: method.clone(),
        host: parts
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_string(),
        path: path.clone(),
        query: query.clone(),
        headers,
        body: bytes.to_vec(),
    };
    let domain_id = {
        let w = lock(&sim.inner.world);
        let mut a = lock(&sim.inner.auth);
        match auth::authenticate(&w, &mut a, &signable, &rid) {
            Ok(d) => d,
            Err(e) => return respond(Err(e), &rid),
        }
    };
    let body: Value = if bytes.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(_) => return respond(Err(bad_body(service)), &rid),
        }
    };
    let now = sim.now();
    let ctx = Ctx {
        method: method.clone(),
        segs: path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(flexus_core::sign::url_decode)
            .collect(),
        query,
        body,
        domain_id,
        now,
        site: bss_site,
        client_request_id: signable.header("Client-Request-Id").map(str::to_string),
    };
    let answer = {
        let mut w = lock(&sim.inner.world);
        w.advance(now);
        match service {
            Service::Iam => iam_rms::iam(&w, &ctx),
            Service::Rms => iam_rms::rms(&w, &ctx),
            Service::Hcss => hcss::route(&mut w, &ctx),
            Service::Bss => bss::route(&mut w, &ctx),
            Service::Ecs if console::matches(&ctx) => {
                console::route(&w, &ctx, sim.is_refused("console"))
            }
            Service::Ecs => ecs::route(&mut w, &ctx),
            Service::Ces => ces::route(&w, &ctx, sim.is_refused("ces")),
        }
    };
    if let Some(f) = fault.as_ref().filter(|f| f.kind == FaultKind::DelayAfter) {
        tokio::time::sleep(std::time::Duration::from_millis(f.latency_ms)).await;
    }
    match fault.map(|f| f.kind) {
        Some(FaultKind::ServerErrorAfter) => {
            respond(Err(apigw(502, "APIGW.0202", "Bad gateway", &rid)), &rid)
        }
        Some(FaultKind::Malformed) => raw(200, Body::from("{\"order_id\": CS<<not json"), &rid),
        Some(FaultKind::EmptyAfter) => raw(200, Body::from("{}"), &rid),
        Some(FaultKind::Truncated) => {
            let full = match &answer {
                Ok((_, v)) | Err((_, v)) => v.to_string(),
            };
            raw(200, Body::from(full[..full.len() / 2].to_string()), &rid)
        }
        Some(FaultKind::ResetAfter) => {
            let stream = futures::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "reset",
                ))
            });
            let mut r = raw(200, Body::from_stream(stream), &rid);
            r.headers_mut()
                .insert("content-length", HeaderValue::from_static("64"));
            r
        }
        _ => respond(answer, &rid),
    }
}

fn bad_body(service: Service) -> (u16, Value) {
    match service {
        Service::Ecs => (
            400,
            json!({"error": {"code": "Ecs.0005", "message": "request body is not valid JSON"}}),
        ),
        Service::Hcss => cbc(
            400,
            "HCSS.14000001",
            "Invalid parameter: request body is not valid JSON",
        ),
        _ => cbc(
            400,
            "CBC.0100",
            "Parameter error: request body is not valid JSON",
        ),
    }
}

fn raw(status: u16, body: Body, rid: &str) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(rid) {
        h.insert("x-request-id", v);
    }
    if let Ok(v) = HeaderValue::from_str(&timefmt::http_date(OffsetDateTime::now_utc())) {
        h.insert("date", v);
    }
    r
}

fn respond(a: Answer, rid: &str) -> Response<Body> {
    let (status, v) = match a {
        Ok(x) | Err(x) => x,
    };
    let body = if v.is_null() {
        Body::empty()
    } else {
        Body::from(v.to_string())
    };
    raw(status, body, rid)
}

/// The admin API is for the tester on this machine only: its Host must be a loopback
/// name (a web page cannot reach it through DNS rebinding) and it must carry the
/// token written beside `demo-admin.url` (other local programs and pages cannot).
fn admin_allowed(sim: &Sim, headers: &axum::http::HeaderMap) -> Result<(), (u16, Value)> {
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
fn admin(sim: &Sim, method: &str, path: &str, body: &[u8]) -> Answer {
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
