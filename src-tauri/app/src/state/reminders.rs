//! The reminders store: what the tray and Settings show about expiries (the next
//! ones, the watcher's last run, reminders no notification server took yet, unpaid
//! orders) and which reminders were already sent (kept across restarts).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use flexus_core::expiry::Notice;
use serde::Serialize;

use super::lock;
use crate::messages::{AppText, Note};

/// The watcher's last run, for Settings ("last checked …") and the e2e tests.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WatchStatus {
    pub runs: u64,
    /// Wall-clock time of the last finished run (UTC).
    pub last_run: Option<String>,
    pub failed_profiles: Vec<String>,
    /// Profiles skipped because the system keychain is locked (shown in Settings;
    /// the watcher does not prompt again until the next scheduled run).
    pub locked_profiles: Vec<String>,
    /// Titles of reminders no notification server has taken yet (kept, retried).
    pub pending_reminders: Vec<String>,
    /// The cloud's time each profile was last checked at (the demo's is simulated).
    pub checked_at: std::collections::BTreeMap<String, String>,
}

/// An order waiting for payment (the tray names it, the banner offers to pay).
#[derive(Debug, Clone, Serialize)]
pub struct UnpaidOrder {
    pub order_id: String,
    pub order_type: Option<i64>,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub pay_by: Option<String>,
}

pub struct Reminders {
    path: PathBuf,
    /// Keys (`profile:notice`) of reminders already sent.
    sent: Mutex<BTreeSet<String>>,
    /// The next expiries the tray shows: (profile, instance id, label).
    pub upcoming: Mutex<Vec<(String, String, String)>>,
    /// What the expiry watcher did last (shown in Settings).
    pub watch: Mutex<WatchStatus>,
    /// Reminders no notification server has taken yet: (profile, notice).
    waiting: Mutex<Vec<(String, Notice)>>,
    /// Orders waiting for payment the tray names: (profile, order).
    pub unpaid: Mutex<Vec<(String, UnpaidOrder)>>,
}

impl Reminders {
    /// Loads the sent-reminder history from `path`; a damaged file is moved aside
    /// (the note says where).
    pub fn open(path: PathBuf) -> (Self, Option<Note>) {
        let (sent, note) = load_sent(&path);
        let r = Reminders {
            path,
            sent: Mutex::new(sent),
            upcoming: Mutex::default(),
            watch: Mutex::default(),
            waiting: Mutex::default(),
            unpaid: Mutex::default(),
        };
        (r, note)
    }

    /// Undelivered reminders (shown in the tray and Settings, offered again).
    pub fn waiting(&self) -> Vec<(String, Notice)> {
        lock(&self.waiting).clone()
    }

    /// Replaces `profile`'s undelivered reminders.
    pub fn set_waiting(&self, profile: &str, notices: Vec<Notice>) {
        let mut p = lock(&self.waiting);
        p.retain(|(pr, _)| pr != profile);
        p.extend(notices.into_iter().map(|n| (profile.to_string(), n)));
    }

    pub fn drop_waiting(&self, profile: &str, key: &str) {
        lock(&self.waiting).retain(|(p, n)| !(p == profile && n.key == key));
    }

    pub fn was_sent(&self, key: &str) -> bool {
        lock(&self.sent).contains(key)
    }

    /// Remembers sent reminders across restarts (atomic write).
    pub fn mark_sent(&self, keys: &[String]) -> std::io::Result<()> {
        let mut n = lock(&self.sent);
        n.extend(keys.iter().cloned());
        flexus_core::paths::write_atomic(&self.path, &serde_json::to_vec(&*n)?)
    }

    /// Replaces what the tray knows of `profile`'s unpaid orders.
    pub fn set_unpaid(&self, profile: &str, list: &[UnpaidOrder]) {
        let mut u = lock(&self.unpaid);
        u.retain(|(p, _)| p != profile);
        u.extend(list.iter().map(|o| (profile.to_string(), o.clone())));
    }

    /// An order seen paid or cancelled leaves the tray at once.
    pub fn forget_unpaid(&self, order_id: &str) {
        lock(&self.unpaid).retain(|(_, o)| o.order_id != order_id);
    }
}

fn load_sent(path: &Path) -> (BTreeSet<String>, Option<Note>) {
    let Ok(b) = std::fs::read(path) else {
        return (BTreeSet::new(), None);
    };
    match serde_json::from_slice(&b) {
        Ok(s) => (s, None),
        Err(_) => {
            let backup = flexus_core::journal::backup_name(path);
            let _ = std::fs::rename(path, &backup);
            let note = Note::App(AppText::RemindersDamaged {
                backup: backup.display().to_string(),
            });
            (BTreeSet::new(), Some(note))
        }
    }
}
