//! Phone alerts (issue #15): the webhook is set here (write-only: the URL goes to
//! the keychain and only its host comes back) and tested; delivery is `crate::alerts`.

use flexus_core::alerts::{self, Channel, Hook, Message, Outbox, UrlProblem};
use flexus_core::Credentials;

use super::St;
use crate::alerts::{deliver, hook, outbox_path, view, AlertsView};
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{AlertsSetting, ALERTS_KEY};

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
    // Settings that cannot be saved leave the keychain untouched; then the keychain
    // first: settings never claim a hook the keychain lacks.
    state.settings.check_writable()?;
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
