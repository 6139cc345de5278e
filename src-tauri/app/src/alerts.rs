//! Phone alerts (issue #15): reminders are queued in the persistent outbox by the
//! watcher and a small loop delivers them with backoff; Settings reads their state.
//! The commands that set and test the webhook are in `commands/alerts.rs`.

use flexus_core::alerts::{self, Channel, Hook, Message, Outbox};
use flexus_core::expiry::Notice;
use serde::Serialize;

use crate::error::CmdResult;
use crate::settings::ALERTS_KEY;
use crate::state::AppState;

/// What Settings shows: never the URL.
#[derive(Debug, Serialize)]
pub struct AlertsView {
    pub channel: Option<Channel>,
    pub host: Option<String>,
    /// Reminders waiting for delivery, and why the last try failed.
    pub pending: usize,
    pub last_error: Option<String>,
}

pub fn outbox_path(state: &AppState) -> std::path::PathBuf {
    state.data_dir.join(alerts::OUTBOX_FILE)
}

pub async fn view(state: &AppState) -> AlertsView {
    let s = state.settings.get().alerts;
    let _g = state.features.outbox.lock().await;
    let ob = Outbox::open(outbox_path(state)).ok();
    let pending = ob.as_ref().map(|o| o.pending().len()).unwrap_or(0);
    let last_error = ob
        .as_ref()
        .and_then(|o| o.pending().iter().rev().find_map(|p| p.last_error.clone()));
    AlertsView {
        channel: s.as_ref().map(|a| a.channel),
        host: s.map(|a| a.host),
        pending,
        last_error,
    }
}

/// The configured hook, read from the keychain (`None`: alerts are off).
pub async fn hook(state: &AppState) -> CmdResult<Option<Hook>> {
    let Some(a) = state.settings.get().alerts else {
        return Ok(None);
    };
    let Some(c) = state.accounts.read_key(ALERTS_KEY).await? else {
        return Ok(None);
    };
    Ok(Hook::new(a.channel, c.secret_key.expose()).ok())
}

/// Queues the watcher's fresh reminders for the phone (when alerts are on).
pub async fn enqueue(state: &AppState, profile: &str, notices: &[Notice]) {
    if notices.is_empty() || state.settings.get().alerts.is_none() {
        return;
    }
    let lang = state.settings.lang();
    let now = flexus_core::timefmt::utc(time::OffsetDateTime::now_utc());
    let _g = state.features.outbox.lock().await;
    let mut ob = match Outbox::open(outbox_path(state)) {
        Ok(o) => o,
        Err(e) => return tracing::warn!(error = %e, "alert outbox not readable"),
    };
    for n in notices {
        let kind = serde_json::to_value(n.kind())
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let m = Message {
            key: format!("{profile}:{}", n.key),
            kind,
            title: n.title(lang),
            text: n.body(lang),
            created: now.clone(),
        };
        if let Err(e) = ob.push(m) {
            tracing::warn!(error = %e, "alert not queued");
        }
    }
}

/// Delivers what is due; returns how many were delivered.
pub async fn deliver(state: &AppState) -> usize {
    let Ok(Some(h)) = hook(state).await else {
        return 0;
    };
    let _g = state.features.outbox.lock().await;
    let Ok(mut ob) = Outbox::open(outbox_path(state)) else {
        return 0;
    };
    if ob.pending().is_empty() {
        return 0;
    }
    let now = time::OffsetDateTime::now_utc();
    match ob.deliver_due(&alerts::http_client(), &h, now).await {
        Ok(r) => r.delivered,
        Err(e) => {
            tracing::warn!(error = %e, "alert outbox not saved");
            0
        }
    }
}

/// Runs forever: delivers the outbox every 15 s (the backoff decides what is due).
pub async fn run(state: &AppState) {
    loop {
        deliver(state).await;
        tokio::time::sleep(std::time::Duration::from_secs(15)).await;
    }
}
