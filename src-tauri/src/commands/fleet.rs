//! The dashboard: refresh every instance of the active profile.

use std::time::{Duration, Instant};

use flexus_core::fleet::{self, Fleet};
use flexus_core::Site;
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};

#[derive(Debug, Clone, Serialize)]
pub struct FleetView {
    pub profile: String,
    pub site: Site,
    pub demo: bool,
    pub now: String,
    pub fleet: Fleet,
    /// Instance id → traffic guard (percent used, forecast, automatic stop).
    pub traffic: std::collections::BTreeMap<String, super::traffic::TrafficView>,
}

/// Refreshes `profile`, or returns a refresh that *started* at most `max_age` ago
/// (waiting for it if it is still running): the first paint and an account switch
/// reuse a refresh that just ran (the watcher's, or the tray's "Refresh now") instead
/// of making every call twice. One refresh per profile runs at a time.
pub async fn refresh_profile(
    state: &crate::state::AppState,
    profile: &str,
    max_age: Duration,
) -> CmdResult<FleetView> {
    let gate = state.refresh_gate(profile);
    let _one_at_a_time = gate.lock().await;
    if let Some(view) = state.recent_fleet(profile, max_age) {
        return Ok(view);
    }
    let started = Instant::now();
    let view = fetch(state, profile).await?;
    state.store_fleet(profile, started, view.clone());
    Ok(view)
}

async fn fetch(state: &crate::state::AppState, profile: &str) -> CmdResult<FleetView> {
    let l = state.lang();
    let c = state.client(profile).await?;
    let now = state.now(profile).await;
    let f = fleet::refresh(&c, now)
        .await
        .map_err(|e| CmdError::from_api(l, &e))?;
    Ok(FleetView {
        traffic: super::traffic::views(state, &f.instances, now),
        profile: profile.into(),
        site: state.site_of(profile),
        demo: state.is_demo(profile),
        now: flexus_core::timefmt::utc(now),
        fleet: f,
    })
}

/// `max_age_ms`: how old (since it started) a refresh may be and still be used;
/// 0 or absent always refreshes (the Refresh button, after an action).
#[tauri::command(rename_all = "snake_case")]
pub async fn refresh_fleet(state: St<'_>, max_age_ms: Option<u64>) -> CmdResult<FleetView> {
    let p = state.active();
    let max_age = Duration::from_millis(max_age_ms.unwrap_or(0).min(60_000));
    refresh_profile(&state, &p, max_age).await
}
