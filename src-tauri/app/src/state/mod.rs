//! The composition root: the stores the app is made of, each with one job, built
//! once at start-up and shared by commands, the tray and the watcher. Tauri-free so
//! it can be tested with the mock runtime and driven from plain tests. Nothing here
//! imports commands or the watcher; they import this.

pub mod accounts;
pub mod dashboard;
pub mod features;
pub mod reminders;
pub mod settings_store;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use flexus_core::actions::Actor;
use flexus_core::client::CloudClient;
use flexus_core::confirm::ConfirmStore;
use flexus_core::journal::Journal;
use flexus_core::keychain::SecretStore;
use flexus_core::{Endpoints, Service};

pub use accounts::Accounts;
pub use dashboard::{Dashboard, FleetView, TrafficView};
pub use features::FeatureLocks;
pub use reminders::{Reminders, UnpaidOrder, WatchStatus};
pub use settings_store::{Persist, SettingsStore};

use crate::messages::{AppText, Note};
use crate::settings::Settings;

pub struct AppState {
    pub data_dir: PathBuf,
    pub settings: Arc<SettingsStore>,
    /// Profiles' clients, keychain and the demo cloud.
    pub accounts: Accounts,
    /// The last refresh of each profile.
    pub dashboard: Dashboard,
    /// Expiry reminders, the watcher's status and unpaid orders.
    pub reminders: Reminders,
    /// Every action sent, written before it leaves (see `flexus_core::journal`).
    pub journal: Journal,
    /// Single-use confirmations issued by reviews and quotes (see `flexus_core::confirm`).
    pub confirms: ConfirmStore,
    /// Damaged or newer files found at start-up, worded when shown.
    pub startup_notes: Mutex<Vec<Note>>,
    /// Wakes the expiry watcher (refresh now, demo clock moved, settings changed).
    pub wake: tokio::sync::Notify,
    /// Held by the watcher while it checks and notifies; a process handing over to
    /// the other (window ↔ tray agent) takes it and keeps it, so no check is cut
    /// off halfway (a notice shown but not recorded would be shown again).
    pub work: tokio::sync::Mutex<()>,
    /// Issue #15: the traffic guard's file, the phone-alert outbox, sparklines.
    pub features: FeatureLocks,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Endpoint overrides come from `FLEXUS_ENDPOINTS` (debug builds only).
    pub fn new(
        data_dir: PathBuf,
        settings: Settings,
        persist: Persist,
        secrets: Arc<dyn SecretStore>,
    ) -> std::io::Result<Self> {
        Self::with_endpoints(data_dir, settings, persist, secrets, env_overrides())
    }

    /// Like `new`, with the endpoint overrides given (tests pass them explicitly
    /// instead of changing the process environment).
    pub fn with_endpoints(
        data_dir: PathBuf,
        settings: Settings,
        persist: Persist,
        secrets: Arc<dyn SecretStore>,
        overrides: Vec<(Service, String)>,
    ) -> std::io::Result<Self> {
        flexus_core::paths::create_private_dir(&data_dir)?;
        let (journal, report) = Journal::open(data_dir.join("journal.jsonl"))?;
        let mut notes = Vec::new();
        if let Some(b) = report.backup {
            notes.push(Note::App(AppText::JournalDamaged {
                lines: report.skipped_lines,
                backup: b.display().to_string(),
            }));
        }
        let (reminders, note) = Reminders::open(data_dir.join("notices.json"));
        notes.extend(note);
        let settings = Arc::new(SettingsStore::new(settings, persist));
        Ok(AppState {
            accounts: Accounts::new(settings.clone(), data_dir.clone(), secrets, overrides),
            data_dir,
            settings,
            dashboard: Dashboard::default(),
            reminders,
            journal,
            confirms: ConfirmStore::default(),
            startup_notes: Mutex::new(notes),
            wake: tokio::sync::Notify::new(),
            work: tokio::sync::Mutex::new(()),
            features: Default::default(),
        })
    }

    /// Paid and server actions of `profile`, journaled in this app's journal.
    pub fn actor<'a>(&'a self, client: &'a CloudClient, profile: &'a str) -> Actor<'a> {
        Actor::new(client, &self.journal, profile)
    }
}

/// `FLEXUS_ENDPOINTS=svc=url,...`: a gateway, or the simulator in end-to-end tests.
/// A release build ignores it, so nothing in the environment can send a real
/// account's keys elsewhere.
fn env_overrides() -> Vec<(Service, String)> {
    std::env::var("FLEXUS_ENDPOINTS")
        .ok()
        .filter(|_| cfg!(debug_assertions))
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .filter_map(|s| Endpoints::parse_override(s.trim()).ok())
                .collect()
        })
        .unwrap_or_default()
}
