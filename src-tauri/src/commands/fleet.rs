//! The dashboard: refresh every instance of the active profile.

use std::time::Duration;

use super::St;
use crate::error::CmdResult;
use crate::state::FleetView;

/// `max_age_ms`: how old (since it started) a refresh may be and still be used;
/// 0 or absent always refreshes (the Refresh button, after an action).
#[tauri::command(rename_all = "snake_case")]
pub async fn refresh_fleet(state: St<'_>, max_age_ms: Option<u64>) -> CmdResult<FleetView> {
    let p = state.settings.active();
    let max_age = Duration::from_millis(max_age_ms.unwrap_or(0).min(60_000));
    crate::refresh::refresh(&state, &p, max_age).await
}
