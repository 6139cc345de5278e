//! The one dashboard refresh, used by the `refresh_fleet` command and the watcher.

use std::time::{Duration, Instant};

use flexus_core::fleet;

use crate::error::{CmdError, CmdResult};
use crate::state::{AppState, FleetView};

/// Refreshes `profile`, or returns a refresh that *started* at most `max_age` ago
/// (waiting for it if it is still running): the first paint and an account switch
/// reuse a refresh that just ran (the watcher's, or the tray's "Refresh now") instead
/// of making every call twice. One refresh per profile runs at a time.
pub async fn refresh(state: &AppState, profile: &str, max_age: Duration) -> CmdResult<FleetView> {
    let gate = state.dashboard.refresh_gate(profile);
    let _one_at_a_time = gate.lock().await;
    if let Some(view) = state.dashboard.recent(profile, max_age) {
        return Ok(view);
    }
    let started = Instant::now();
    let view = fetch(state, profile).await?;
    state.dashboard.store(profile, started, view.clone());
    Ok(view)
}

async fn fetch(state: &AppState, profile: &str) -> CmdResult<FleetView> {
    let c = state.accounts.client(profile).await?;
    let now = state.accounts.now(profile).await;
    let f = fleet::refresh(&c, now)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    Ok(FleetView {
        traffic: crate::guard::views(state, &f.instances, now),
        profile: profile.into(),
        site: state.settings.site_of(profile),
        demo: state.settings.is_demo(profile),
        now: flexus_core::timefmt::utc(now),
        fleet: f,
    })
}
