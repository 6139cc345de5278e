//! The accounts store: a built client per profile, the keychain behind it, and the
//! in-process demo cloud. Profiles themselves live in the settings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flexus_core::client::http::ProxyConfig;
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::keychain::{PendingReads, SecretStore};
use flexus_core::secret::Secret;
use flexus_core::{Credentials, Endpoints, Service, Site};
use flexus_sim::{self as sim, Running, SimOptions};
use time::OffsetDateTime;

use super::lock;
use super::settings_store::SettingsStore;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{Profile, PROXY_KEY};

pub struct Accounts {
    settings: Arc<SettingsStore>,
    data_dir: PathBuf,
    pub secrets: Arc<dyn SecretStore>,
    /// Built clients by profile. Never held across an await: a keychain prompt or the
    /// demo start must not block other profiles.
    clients: Mutex<HashMap<String, Arc<CloudClient>>>,
    /// One keychain read per key at a time, each with its own lock and timeout.
    keychain_reads: PendingReads,
    /// How long a keychain read may wait (a locked keychain waits for the user).
    pub keychain_timeout: Duration,
    /// The demo cloud, while the demo is in use (see `park_demo`).
    demo: Mutex<Option<Arc<Running>>>,
    /// One start of the demo cloud at a time.
    demo_start: tokio::sync::Mutex<()>,
    /// Endpoint overrides for real profiles: a gateway, or the simulator in tests.
    overrides: Vec<(Service, String)>,
}

impl Accounts {
    pub fn new(
        settings: Arc<SettingsStore>,
        data_dir: PathBuf,
        secrets: Arc<dyn SecretStore>,
        overrides: Vec<(Service, String)>,
    ) -> Self {
        Accounts {
            settings,
            data_dir,
            secrets,
            clients: Mutex::default(),
            keychain_reads: PendingReads::default(),
            keychain_timeout: Duration::from_secs(20),
            demo: Mutex::new(None),
            demo_start: tokio::sync::Mutex::new(()),
            overrides,
        }
    }

    /// The in-process simulated cloud of demo mode, started on first use (from the
    /// world parked or handed over, if there is one).
    pub async fn demo(&self) -> CmdResult<Arc<Running>> {
        if let Some(r) = lock(&self.demo).clone() {
            return Ok(r);
        }
        let _one = self.demo_start.lock().await;
        if let Some(r) = lock(&self.demo).clone() {
            return Ok(r);
        }
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
        .map_err(|e| CmdError::app("demo", AppText::DemoNoStart).with_detail(e.to_string()))?;
        // The demo the other process handed over or that was parked, if any (read once).
        if let Some(s) = take_demo_snapshot(&self.data_dir.join(DEMO_SNAPSHOT)) {
            r.sim.restore(s);
        }
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
        let r = Arc::new(r);
        *lock(&self.demo) = Some(r.clone());
        Ok(r)
    }

    /// Stops the demo cloud when another profile is in use, keeping its world on disk
    /// for when the demo is opened again: a real account's app carries no simulator.
    /// Called after the active profile changed.
    pub fn park_demo_if_unused(&self) {
        if self.settings.is_demo(&self.settings.active()) {
            return;
        }
        if let Err(e) = self.park_demo() {
            tracing::warn!(error = %e, "the demo's world was not kept; it restarts from its seed");
        }
    }

    fn park_demo(&self) -> std::io::Result<()> {
        let Some(r) = lock(&self.demo).take() else {
            return Ok(());
        };
        // Its client points at the ports that close now.
        self.forget_client(crate::settings::DEMO_PROFILE);
        write_demo_snapshot(&self.data_dir, &r)
        // The listeners stop when the last holder lets go (`Running` stops on drop).
    }

    /// The cloud's time for `profile` (the demo's is simulated).
    pub async fn now(&self, profile: &str) -> OffsetDateTime {
        if self.settings.is_demo(profile) {
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
        let (creds, endpoints, opts) = if self.settings.is_demo(profile) {
            let d = self.demo().await?;
            (
                Credentials::new(sim::seed::DEMO_INTL_AK, sim::seed::DEMO_INTL_SK, None),
                d.endpoints(Site::Intl),
                ClientOptions::default(),
            )
        } else {
            let p = self
                .settings
                .get()
                .profile(profile)
                .cloned()
                .ok_or_else(|| CmdError::app("not_found", AppText::NoSuchProfile))?;
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
        let c =
            Arc::new(CloudClient::new(creds, endpoints, opts).map_err(|e| CmdError::from_api(&e))?);
        Ok(lock(&self.clients)
            .entry(profile.to_string())
            .or_insert(c)
            .clone())
    }

    /// Reads a keychain entry with the timeout; a locked keychain is reported as such.
    pub async fn read_key(&self, key: &str) -> CmdResult<Option<Credentials>> {
        self.keychain_reads
            .get(self.secrets.clone(), key, self.keychain_timeout)
            .await
            .map_err(|e| CmdError::from_keychain(&e))
    }

    /// The keys of a real profile. Profiles saved before keychain ids existed are
    /// keyed by name; their entry is copied to a new id, the id saved, and only then
    /// the old entry removed, so no step can lose the keys.
    async fn read_keys(&self, p: &Profile) -> CmdResult<Credentials> {
        let legacy = p.key_id.is_empty();
        let key = if legacy { &p.name } else { &p.key_id };
        let creds = self
            .read_key(key)
            .await?
            .ok_or_else(|| CmdError::app("not_configured", AppText::NoKeys))?;
        if legacy {
            if let Err(e) = self.migrate_key(&p.name, &creds).await {
                tracing::warn!(error = %e.message(), "keychain entry not moved to an id yet");
            }
        }
        Ok(creds)
    }

    async fn migrate_key(&self, name: &str, creds: &Credentials) -> CmdResult<()> {
        let id = Profile::new_key_id();
        self.keychain_write(&id, Some(creds.clone())).await?;
        self.settings.update(|s| {
            if let Some(p) = s.profiles.iter_mut().find(|p| p.name == name) {
                p.key_id = id.clone();
            }
            Ok(())
        })?;
        self.keychain_write(name, None).await
    }

    /// Stores (`Some`) or deletes (`None`) a keychain entry off the async threads.
    pub async fn keychain_write(&self, key: &str, creds: Option<Credentials>) -> CmdResult<()> {
        let secrets = self.secrets.clone();
        let k = key.to_string();
        tokio::task::spawn_blocking(move || match creds {
            Some(c) => secrets.set(&k, &c),
            None => secrets.delete(&k),
        })
        .await
        .map_err(|e| CmdError::app("keychain", AppText::KeychainFailed).with_detail(e.to_string()))?
        .map_err(|e| CmdError::from_keychain(&e))
    }

    /// The explicit proxy from Settings, with its password from the keychain.
    async fn proxy(&self) -> CmdResult<Option<ProxyConfig>> {
        let Some(p) = self.settings.get().proxy else {
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

    /// Writes the demo's state for the process taking over (window ↔ tray agent),
    /// if the demo cloud runs here. Only owner-readable, like everything in the folder.
    pub fn save_demo(&self) -> std::io::Result<()> {
        match lock(&self.demo).clone() {
            Some(r) => write_demo_snapshot(&self.data_dir, &r),
            None => Ok(()),
        }
    }

    /// Whether the demo cloud runs in this process.
    pub fn demo_running(&self) -> bool {
        lock(&self.demo).is_some()
    }

    pub fn forget_client(&self, profile: &str) {
        lock(&self.clients).remove(profile);
    }

    /// After a proxy change every client is rebuilt on next use.
    pub fn forget_all_clients(&self) {
        lock(&self.clients).clear();
    }
}

/// The demo's world while it is parked or changes hands between processes.
const DEMO_SNAPSHOT: &str = "demo-world.json";

fn write_demo_snapshot(dir: &Path, r: &Running) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(&r.sim.snapshot()).map_err(std::io::Error::other)?;
    flexus_core::paths::write_atomic(&dir.join(DEMO_SNAPSHOT), &bytes)
}

/// Reads and removes a handed-over demo. A damaged one is dropped: the demo then
/// starts from its seed, as after a restart.
fn take_demo_snapshot(path: &Path) -> Option<sim::Snapshot> {
    let bytes = std::fs::read(path).ok()?;
    let _ = std::fs::remove_file(path);
    match serde_json::from_slice(&bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(error = %e, "the handed-over demo could not be read; starting fresh");
            None
        }
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
