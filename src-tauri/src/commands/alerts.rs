//! Phone alerts (issue #15): the webhook is set here (write-only: the URL goes to
//! the keychain and only its host comes back), reminders are queued in the
//! persistent outbox by the watcher, and a small loop delivers them with backoff.

use flexus_core::alerts::{self, Channel, Hook, Message, Outbox, UrlProblem};
use flexus_core::expiry::Notice;
use flexus_core::Credentials;
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{AlertsSetting, ALERTS_KEY};
use crate::state::AppState;

/// One user at a time of the guard's file and of the outbox file.
#[derive(Debug, Default)]
pub struct FeatureLocks {
    pub guard: tokio::sync::Mutex<()>,
    pub outbox: tokio::sync::Mutex<()>,
    /// The dashboard's sparklines by instance id, with when they were read.
    pub sparks: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, Vec<f64>)>>,
}

/// What Settings shows: never the URL.
#[derive(Debug, Serialize)]
pub struct AlertsView {
    pub channel: Option<Channel>,
    pub host: Option<String>,
    /// Reminders waiting for delivery, and why the last try failed.
    pub pending: usize,
    pub last_error: Option<String>,
}

fn outbox_path(state: &AppState) -> std::path::PathBuf {
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
async fn hook(state: &AppState) -> CmdResult<Option<Hook>> {
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

/// Sets the webhook (`channel` and `url`) or turns alerts off (`channel` null).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_alerts(
    state: St<'_>,
    channel: Option<String>,
    url: Option<String>,
) -> CmdResult<AlertsView> {
    let Some(ch) = channel else {
        // Settings first: if they cannot be saved, the hook stays whole and shown as set.
        state.settings.update(|s| {
            s.alerts = None;
            Ok(())
        })?;
        state.accounts.keychain_write(ALERTS_KEY, None).await?;
        return Ok(view(&state).await);
    };
    let ch = Channel::parse(&ch).ok_or_else(|| CmdError::invalid(AppText::AlertsChannel))?;
    let url = url.unwrap_or_default();
    // The reason is not echoed: it could quote the URL back.
    let h = Hook::new(ch, &url).map_err(|_: UrlProblem| CmdError::invalid(AppText::WebhookUrl))?;
    // The keychain first: settings never claim a hook the keychain lacks.
    state
        .accounts
        .keychain_write(
            ALERTS_KEY,
            Some(Credentials::new("webhook", url.trim(), None)),
        )
        .await?;
    let host = h.host().to_string();
    state.settings.update(|s| {
        s.alerts = Some(AlertsSetting { channel: ch, host });
        Ok(())
    })?;
    // A fixed hook gets the waiting reminders at once.
    {
        let _g = state.features.outbox.lock().await;
        if let Ok(mut ob) = Outbox::open(outbox_path(&state)) {
            let _ = ob.retry_now();
        }
    }
    deliver(&state).await;
    Ok(view(&state).await)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn alerts_status(state: St<'_>) -> CmdResult<AlertsView> {
    Ok(view(&state).await)
}

/// Sends a test message now (not queued: its result is shown right away).
#[tauri::command(rename_all = "snake_case")]
pub async fn test_alerts(state: St<'_>) -> CmdResult<AlertsView> {
    let lang = state.settings.lang();
    let h = hook(&state)
        .await?
        .ok_or_else(|| CmdError::app("not_configured", AppText::NoWebhook))?;
    let m = Message {
        key: format!("test:{}", uuid::Uuid::new_v4().simple()),
        kind: "test".into(),
        title: AppText::AlertTestTitle.text(lang),
        text: AppText::AlertTestText.text(lang),
        created: flexus_core::timefmt::utc(time::OffsetDateTime::now_utc()),
    };
    h.send(&alerts::http_client(), &m)
        .await
        .map_err(|why| CmdError::app("webhook_failed", AppText::WebhookFailed { why }))?;
    Ok(view(&state).await)
}
