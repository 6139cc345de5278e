//! Application state shared by commands, the tray and the watcher. Tauri-free so
//! it can be tested with the mock runtime and driven from plain tests.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use flexus_core::actions::Actor;
use flexus_core::client::ecs::by_region;
use flexus_core::client::http::ProxyConfig;
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::confirm::ConfirmStore;
use flexus_core::journal::Journal;
use flexus_core::keychain::{KeychainError, PendingReads, SecretStore};
use flexus_core::secret::Secret;
use flexus_core::{Credentials, Endpoints, Site};
use flexus_sim::{self as sim, Running, SimOptions};
use time::OffsetDateTime;

use crate::commands::fleet::FleetView;
use crate::error::{tr, CmdError, CmdResult};
use crate::settings::{Profile, Settings, DEMO_PROFILE, PROXY_KEY};

pub type Persist = Box<dyn Fn(&Settings) -> Result<(), String> + Send + Sync>;

pub struct AppState {
    pub data_dir: PathBuf,
    settings: Mutex<Settings>,
    persist: Persist,
    pub secrets: Arc<dyn SecretStore>,
    pub journal: Journal,
    /// Single-use confirmations issued by reviews and quotes (see `flexus_core::confirm`).
    pub confirms: ConfirmStore,
    /// Built clients by profile. Never held across an await: a keychain prompt or the
    /// demo start must not block other profiles.
    clients: Mutex<HashMap<String, Arc<CloudClient>>>,
    /// One keychain read per key at a time, each with its own lock and timeout.
    keychain_reads: PendingReads,
    /// How long a keychain read may wait (a locked keychain waits for the user).
    pub keychain_timeout: Duration,
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
    /// Reminders no notification server has taken yet: (profile, notice).
    reminders_waiting: Mutex<Vec<(String, flexus_core::expiry::Notice)>>,
    /// Orders waiting for payment the tray names: (profile, order).
    pub unpaid: Mutex<Vec<(String, crate::commands::pending::UnpaidOrder)>>,
    /// Issue #15: the traffic guard's file and the phone-alert outbox, one user each.
    pub features: crate::commands::alerts::FeatureLocks,
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
        crate::error::set_ui_lang(settings.language);
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
        // Overrides are for development and tests only: a release build ignores them,
        // so nothing in the environment can send a real account's keys elsewhere.
        let overrides = std::env::var("FLEXUS_ENDPOINTS")
            .ok()
            .filter(|_| cfg!(debug_assertions))
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
            clients: Mutex::new(HashMap::new()),
            keychain_reads: PendingReads::default(),
            keychain_timeout: Duration::from_secs(20),
            demo: tokio::sync::OnceCell::new(),
            fleets: Mutex::default(),
            refreshing: Mutex::default(),
            startup_notes: Mutex::new(notes),
            notices: Mutex::new(notices),
            overrides,
            wake: tokio::sync::Notify::new(),
            upcoming: Mutex::new(vec![]),
            watch: Mutex::default(),
            reminders_waiting: Mutex::default(),
            unpaid: Mutex::default(),
            features: Default::default(),
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
                tr(
                    next.language,
                    "Settings could not be saved.",
                    "设置无法保存。",
                ),
            )
            .with_detail(m)
        })?;
        crate::error::set_ui_lang(next.language);
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
                    CmdError::new(
                        "demo",
                        tr(
                            crate::error::ui_lang(),
                            "The demo cloud could not start. Restart Flexus Desk.",
                            "演示云无法启动，请重新启动 Flexus Desk。",
                        ),
                    )
                    .with_detail(e.to_string())
                })?;
                // The admin URL lets a tester move the demo clock: loopback only, and
                // only with the token in the owner-only file beside it (written first).
                let token = self.data_dir.join("demo-admin.token");
                if let Err(e) = write_private(&token, r.admin_token()) {
                    tracing::warn!(error = %e, "demo admin token not written");
                }
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
        if let Some(c) = lock(&self.clients).get(profile) {
            return Ok(c.clone());
        }
        let lang = self.lang();
        let (creds, endpoints, opts) = if self.is_demo(profile) {
            let d = self.demo().await?;
            (
                Credentials::new(sim::seed::DEMO_INTL_AK, sim::seed::DEMO_INTL_SK, None),
                d.endpoints(Site::Intl),
                ClientOptions::default(),
            )
        } else {
            let p = lock(&self.settings)
                .profile(profile)
                .cloned()
                .ok_or_else(|| {
                    CmdError::new("not_found", tr(lang, "No such profile.", "没有该账户。"))
                })?;
            let creds = self.read_keys(&p).await?;
            let mut e = Endpoints::new(p.site);
            for (s, u) in &self.overrides {
                e = e.with_override(*s, u.clone());
            }
            let opts = ClientOptions {
                proxy: self.proxy().await?,
                // Real accounts talk https only (overrides exist in debug builds only).
                https_only: self.overrides.is_empty(),
                ..ClientOptions::default()
            };
            (creds, e, opts)
        };
        let c = Arc::new(
            CloudClient::new(creds, endpoints, opts).map_err(|e| CmdError::from_api(lang, &e))?,
        );
        Ok(lock(&self.clients)
            .entry(profile.to_string())
            .or_insert(c)
            .clone())
    }

    /// Reads a keychain entry with the timeout; a locked keychain is reported as such.
    pub(crate) async fn read_key(&self, key: &str) -> CmdResult<Option<Credentials>> {
        let lang = self.lang();
        self.keychain_reads
            .get(self.secrets.clone(), key, self.keychain_timeout)
            .await
            .map_err(|e| keychain_error(lang, &e))
    }

    /// The keys of a real profile. Profiles saved before keychain ids existed are
    /// keyed by name; their entry is copied to a new id, the id saved, and only then
    /// the old entry removed, so no step can lose the keys.
    async fn read_keys(&self, p: &Profile) -> CmdResult<Credentials> {
        let lang = self.lang();
        let legacy = p.key_id.is_empty();
        let key = if legacy { &p.name } else { &p.key_id };
        let creds = self.read_key(key).await?.ok_or_else(|| {
            CmdError::new(
                "not_configured",
                tr(
                    lang,
                    "No keys are stored for this profile. Connect the account again.",
                    "该账户未保存密钥，请重新连接。",
                ),
            )
        })?;
        if legacy {
            if let Err(e) = self.migrate_key(&p.name, &creds).await {
                tracing::warn!(error = %e.message, "keychain entry not moved to an id yet");
            }
        }
        Ok(creds)
    }

    async fn migrate_key(&self, name: &str, creds: &Credentials) -> CmdResult<()> {
        let id = Profile::new_key_id();
        self.keychain_write(&id, Some(creds.clone())).await?;
        self.update_settings(|s| {
            if let Some(p) = s.profiles.iter_mut().find(|p| p.name == name) {
                p.key_id = id.clone();
            }
            Ok(())
        })?;
        self.keychain_write(name, None).await
    }

    /// Stores (`Some`) or deletes (`None`) a keychain entry off the async threads.
    pub async fn keychain_write(&self, key: &str, creds: Option<Credentials>) -> CmdResult<()> {
        let lang = self.lang();
        let secrets = self.secrets.clone();
        let k = key.to_string();
        tauri::async_runtime::spawn_blocking(move || match creds {
            Some(c) => secrets.set(&k, &c),
            None => secrets.delete(&k),
        })
        .await
        .map_err(|e| CmdError::new("keychain", e.to_string()))?
        .map_err(|e| keychain_error(lang, &e))
    }

    /// The explicit proxy from Settings, with its password from the keychain.
    async fn proxy(&self) -> CmdResult<Option<ProxyConfig>> {
        let Some(p) = lock(&self.settings).proxy.clone() else {
            return Ok(None);
        };
        // Stored as (user, password) credentials so one keychain path serves both.
        let password = if p.has_password {
            self.read_key(PROXY_KEY)
                .await?
                .map(|c| Secret::new(c.secret_key.expose()))
        } else {
            None
        };
        Ok(Some(ProxyConfig {
            url: p.url,
            username: p.username,
            password,
        }))
    }

    pub async fn forget_client(&self, profile: &str) {
        lock(&self.clients).remove(profile);
    }

    /// After a proxy change every client is rebuilt on next use.
    pub fn forget_all_clients(&self) {
        lock(&self.clients).clear();
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

    /// Undelivered reminders (shown in the tray and Settings, offered again).
    pub fn reminders_waiting(&self) -> Vec<(String, flexus_core::expiry::Notice)> {
        lock(&self.reminders_waiting).clone()
    }

    /// Replaces `profile`'s undelivered reminders.
    pub fn set_reminders_waiting(&self, profile: &str, notices: Vec<flexus_core::expiry::Notice>) {
        let mut p = lock(&self.reminders_waiting);
        p.retain(|(pr, _)| pr != profile);
        p.extend(notices.into_iter().map(|n| (profile.to_string(), n)));
    }

    pub fn drop_reminder_waiting(&self, profile: &str, key: &str) {
        lock(&self.reminders_waiting).retain(|(p, n)| !(p == profile && n.key == key));
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

/// The one mapping of keychain failures to what the user sees.
pub fn keychain_error(lang: flexus_core::expiry::Lang, e: &KeychainError) -> CmdError {
    match e {
        KeychainError::Locked => CmdError::new(
            "keychain_locked",
            tr(
                lang,
                "The system keychain is locked. Unlock it (or answer its prompt) and try again.",
                "系统钥匙串已锁定。请解锁（或回应其提示）后重试。",
            ),
        ),
        KeychainError::TooLong(n) => CmdError::new(
            "keychain",
            format!(
                "{} ({n})",
                tr(
                    lang,
                    "The keys are too long for the system keychain.",
                    "密钥过长，系统钥匙串无法保存。"
                )
            ),
        ),
        e => CmdError::new(
            "keychain",
            format!(
                "{} ({e})",
                tr(
                    lang,
                    "The system keychain did not work.",
                    "系统钥匙串无法使用。"
                )
            ),
        ),
    }
}

/// Writes a file only its owner can read (0600 on Unix; the per-user data folder
/// is private on Windows and macOS).
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(path);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)?.write_all(content.as_bytes())
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
