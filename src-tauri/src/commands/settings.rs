//! Settings, start-at-login, and the demo clock.

use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{Settings, SettingsPatch};

#[tauri::command(rename_all = "snake_case")]
pub fn get_settings(state: St<'_>) -> Settings {
    state.settings.get()
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_settings(state: St<'_>, patch: SettingsPatch) -> CmdResult<Settings> {
    let s = state.settings.update(|s| s.apply(patch))?;
    state.wake.notify_one();
    Ok(s)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_autostart<R: Runtime>(
    app: AppHandle<R>,
    state: St<'_>,
    on: bool,
) -> CmdResult<Settings> {
    // Settings that cannot be saved leave the session's autostart as it was.
    state.settings.check_writable()?;
    crate::platform::set_autostart(&app, on)
        .map_err(|m| CmdError::app("autostart", AppText::AutostartFailed).with_detail(m))?;
    state.settings.update(|s| {
        s.autostart = on;
        s.autostart_offered = true;
        Ok(())
    })
}

#[derive(Debug, Serialize)]
pub struct Advanced {
    pub now: String,
}

/// Demo only: moves the simulated cloud's clock so reminders can be seen.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_advance(state: St<'_>, days: i64) -> CmdResult<Advanced> {
    if !state.settings.is_demo(&state.settings.active()) {
        return Err(CmdError::app("not_demo", AppText::OnlyDemoClock));
    }
    if !(1..=60).contains(&days) {
        return Err(CmdError::invalid(AppText::DemoDays));
    }
    let d = state.accounts.demo().await?;
    d.sim.advance(time::Duration::days(days));
    state.wake.notify_one();
    Ok(Advanced {
        now: flexus_core::timefmt::utc(d.sim.now()),
    })
}

/// Runs the expiry watcher now (the tray's "Refresh now").
#[tauri::command(rename_all = "snake_case")]
pub fn check_now(state: St<'_>) {
    state.wake.notify_one();
}
