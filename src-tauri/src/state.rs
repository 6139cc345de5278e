//! Application state shared by commands, the tray and the watcher. Tauri-free so
//! it can be tested with the mock runtime and driven from plain tests.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use flexus_core::actions::Actor;
use flexus_core::client::ecs::by_region;
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::confirm::ConfirmStore;
use flexus_core::journal::Journal;
use flexus_core::keychain::SecretStore;
use flexus_core::sim::{self, Running, SimOptions};
use flexus_core::{Credentials, Endpoints, Site};
use time::OffsetDateTime;

use crate::commands::fleet::FleetView;
use crate::error::{tr, CmdError, CmdResult};
use crate::settings::{Settings, DEMO_PROFILE};

pub type Persist = Box<dyn Fn(&Settings) -> Result<(), String> + Send + Sync>;

pub struct AppState {
    pub data_dir: PathBuf,
    settings: Mutex<Settings>,
    persist: Persist,
    pub secrets: Arc<dyn SecretStore>,
    pub journal: Journal,
    /// Single-use confirmations issued by reviews and quotes (see `flexus_core::confirm`).
    pub confirms: ConfirmStore,
    clients: tokio::sync::Mutex<HashMap<String, Arc<CloudClient>>>,
    demo: tokio::sync::OnceCell<Running>,
    /// Per profile: the last dashboard refresh (when it started, what it found).
    fleets: Mutex<HashMap<String, (Instant, FleetView)>>,
    /// Per profile: held while a refresh runs, so one runs at a time.
    refreshing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    pub startup_notes: Mutex<Vec<String>>,
    notices: Mutex<BTreeSet<String>>,
    /// Endpoint overrides for real profiles (`FLEXUS_ENDPOINTS=svc=url,...`): a
    /// gateway, or the simulator in end-to-end tests.
    overrides: Vec<(flexus_core::Service, String)>,
    /// Wakes the expiry watcher (refresh now, demo clock moved, settings changed).
    pub wake: tokio::sync::Notify,
    /// The next expiries the tray shows: (profile, instance id, label).
    pub upcoming: Mutex<Vec<(String, String, String)>>,
    /// What the expiry watcher did last (shown in Settings).
    pub watch: Mutex<crate::watcher::WatchStatus>,
    /// Orders waiting for payment the tray names: (profile, order).
    pub unpaid: Mutex<Vec<(String, crate::commands::pending::UnpaidOrder)>>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn new(
        data_dir: PathBuf,
        settings: Settings,
        persist: Persist,
        secrets: Arc<dyn SecretStore>,
    ) -> std::io::Result<Self> {
        flexus_core::paths::create_private_dir(&data_dir)?;
        let (journal, report) = Journal::open(data_dir.join("journal.jsonl"))?;
        let mut notes = Vec::new();
        if let Some(b) = report.backup {
            notes.push(format!(
                "The activity log had {} damaged line(s); they were skipped and the original was kept at {}.",
                report.skipped_lines,
                b.display()
            ));
        }
        let (notices, note) = load_notices(&data_dir.join("notices.json"));
        notes.extend(note);
        let overrides = std::env::var("FLEXUS_ENDPOINTS")
            .ok()
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| Endpoints::parse_override(s.trim()).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(AppState {
            data_dir,
            settings: Mutex::new(settings),
            persist,
            secrets,
            journal,
            confirms: ConfirmStore::default(),
            clients: tokio::sync::Mutex::new(HashMap::new()),
            demo: tokio::sync::OnceCell::new(),
            fleets: Mutex::default(),
            refreshing: Mutex::default(),
            startup_notes: Mutex::new(notes),
            notices: Mutex::new(notices),
            overrides,
            wake: tokio::sync::Notify::new(),
            upcoming: Mutex::new(vec![]),
            watch: Mutex::default(),
            unpaid: Mutex::default(),
        })
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn lang(&self) -> flexus_core::expiry::Lang {
        lock(&self.settings).language
    }

    /// Changes and saves the settings; on a failed save the change is undone.
    pub fn update_settings(
        &self,
        f: impl FnOnce(&mut Settings) -> Result<(), String>,
    ) -> CmdResult<Settings> {
        let mut s = lock(&self.settings);
        let mut next = s.clone();
        f(&mut next).map_err(|m| CmdError::new("invalid_input", m))?;
        (self.persist)(&next).map_err(|m| {
            CmdError::new(
                "storage",
                format!(
                    "{} ({m})",
                    tr(
                        next.language,
                        "Settings could not be saved.",
                        "设置无法保存。"
                    )
                ),
            )
        })?;
        *s = next.clone();
        Ok(next)
    }

    pub fn is_demo(&self, profile: &str) -> bool {
        profile == DEMO_PROFILE
    }

    pub fn active(&self) -> String {
        lock(&self.settings).active_profile.clone()
    }

    pub fn site_of(&self, profile: &str) -> Site {
        if self.is_demo(profile) {
            return Site::Intl;
        }
        lock(&self.settings)
            .profile(profile)
            .map(|p| p.site)
            .unwrap_or(Site::Intl)
    }

    /// The in-process simulated cloud of demo mode, started on first use.
    pub async fn demo(&self) -> CmdResult<&Running> {
        self.demo
            .get_or_try_init(|| async {
                // FLEXUS_DEMO_SEED=scale:N fills the demo with N instances (benchmarks).
                let seed = std::env::var("FLEXUS_DEMO_SEED")
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(sim::Seed::Demo);
                let r = sim::start(SimOptions {
                    seed,
                    ..SimOptions::default()
                })
                .await
                .map_err(|e| {
                    CmdError::new("demo", format!("the demo cloud could not start: {e}"))
                })?;
                // The admin URL lets a tester move the demo clock (loopback only).
                let _ = flexus_core::paths::write_atomic(
                    &self.data_dir.join("demo-admin.url"),
                    r.admin_url().as_bytes(),
                );
                Ok(r)
            })
            .await
    }

    pub async fn now(&self, profile: &str) -> OffsetDateTime {
        if self.is_demo(profile) {
            if let Ok(d) = self.demo().await {
                return d.sim.now();
            }
        }
        OffsetDateTime::now_utc()
    }

    pub async fn client(&self, profile: &str) -> CmdResult<Arc<CloudClient>> {
        let mut clients = self.clients.lock().await;
        if let Some(c) = clients.get(profile) {
            return Ok(c.clone());
        }
        let lang = self.lang();
        let (creds, endpoints) = if self.is_demo(profile) {
            let d = self.demo().await?;
            (
                Credentials::new(sim::seed::DEMO_INTL_AK, sim::seed::DEMO_INTL_SK, None),
                d.endpoints(Site::Intl),
            )
        } else {
            let site = lock(&self.settings)
                .profile(profile)
                .map(|p| p.site)
                .ok_or_else(|| {
                    CmdError::new("not_found", tr(lang, "No such profile.", "没有该账户。"))
                })?;
            let secrets = self.secrets.clone();
            let name = profile.to_string();
            let creds = tauri::async_runtime::spawn_blocking(move || secrets.get(&name))
                .await
                .map_err(|e| CmdError::new("keychain", e.to_string()))?
                .map_err(|e| CmdError::new("keychain", e.to_string()))?
                .ok_or_else(|| {
                    CmdError::new(
                        "not_configured",
                        tr(
                            lang,
                            "No keys are stored for this profile. Connect the account again.",
                            "该账户未保存密钥，请重新连接。",
                        ),
                    )
                })?;
            let mut e = Endpoints::new(site);
            for (s, u) in &self.overrides {
                e = e.with_override(*s, u.clone());
            }
            (creds, e)
        };
        let c = Arc::new(
            CloudClient::new(creds, endpoints, ClientOptions::default())
                .map_err(|e| CmdError::from_api(lang, &e))?,
        );
        clients.insert(profile.to_string(), c.clone());
        Ok(c)
    }

    pub async fn forget_client(&self, profile: &str) {
        self.clients.lock().await.remove(profile);
    }

    pub fn refresh_gate(&self, profile: &str) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.refreshing)
            .entry(profile.to_string())
            .or_default()
            .clone()
    }

    pub fn store_fleet(&self, profile: &str, started: Instant, view: FleetView) {
        lock(&self.fleets).insert(profile.to_string(), (started, view));
    }

    /// The last refresh of `profile` if it started at most `max_age` ago.
    pub fn recent_fleet(&self, profile: &str, max_age: Duration) -> Option<FleetView> {
        lock(&self.fleets)
            .get(profile)
            .filter(|(started, _)| started.elapsed() <= max_age)
            .map(|(_, v)| v.clone())
    }

    /// Paid and server actions of `profile`, journaled in this app's journal.
    pub fn actor<'a>(&'a self, client: &'a CloudClient, profile: &'a str) -> Actor<'a> {
        Actor::new(client, &self.journal, profile)
    }

    /// The servers behind `ids`, grouped by region (one ECS batch call per region).
    pub fn servers_by_region(
        &self,
        profile: &str,
        ids: &[String],
    ) -> CmdResult<Vec<(String, Vec<String>)>> {
        let targets = self.servers_of(profile, ids)?;
        Ok(by_region(targets.into_iter().map(|(r, s, _)| (r, s))))
    }

    /// (region, server id) of known instances; ids the dashboard has not shown are refused.
    pub fn servers_of(
        &self,
        profile: &str,
        ids: &[String],
    ) -> CmdResult<Vec<(String, String, String)>> {
        let fleets = lock(&self.fleets);
        let lang = self.lang();
        let f = fleets.get(profile).map(|(_, v)| &v.fleet).ok_or_else(|| {
            CmdError::new(
                "not_found",
                tr(lang, "Refresh the dashboard first.", "请先刷新列表。"),
            )
        })?;
        ids.iter()
            .map(|id| {
                let i = f.instances.iter().find(|i| &i.id == id).ok_or_else(|| {
                    CmdError::new(
                        "not_found",
                        tr(
                            lang,
                            "That instance is not on the dashboard; refresh and try again.",
                            "列表中没有该实例，请刷新后重试。",
                        ),
                    )
                })?;
                let s = i.server_id.clone().ok_or_else(|| {
                    CmdError::new(
                        "not_found",
                        tr(
                            lang,
                            "That instance has no cloud server.",
                            "该实例没有云主机。",
                        ),
                    )
                })?;
                Ok((i.region.clone(), s, i.name.clone()))
            })
            .collect()
    }

    pub fn notice_sent(&self, key: &str) -> bool {
        lock(&self.notices).contains(key)
    }

    /// Remembers sent notices across restarts (atomic write).
    pub fn mark_notices(&self, keys: &[String]) -> std::io::Result<()> {
        let mut n = lock(&self.notices);
        n.extend(keys.iter().cloned());
        flexus_core::paths::write_atomic(
            &self.data_dir.join("notices.json"),
            &serde_json::to_vec(&*n)?,
        )
    }
}

fn load_notices(path: &Path) -> (BTreeSet<String>, Option<String>) {
    match std::fs::read(path) {
        Err(_) => (BTreeSet::new(), None),
        Ok(b) => {
            match serde_json::from_slice(&b) {
                Ok(s) => (s, None),
                Err(_) => {
                    let backup = flexus_core::journal::backup_name(path);
                    let _ = std::fs::rename(path, &backup);
                    (BTreeSet::new(), Some(format!("The reminder history was damaged; it was moved to {} and starts fresh.", backup.display())))
                }
            }
        }
    }
}
