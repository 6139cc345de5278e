// Over 400 lines on purpose: the simulator's state, faults and start-up; the gateway and admin API are in their own files.
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
mod snapshot;
pub use snapshot::Snapshot;
pub mod traffic;
pub mod world;

mod admin;
mod gateway;

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
use gateway::dated;
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
