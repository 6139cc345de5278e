//! The dashboard: refresh every instance of the active profile.

use flexus_core::fleet::{self, Fleet};
use flexus_core::Site;
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};

#[derive(Debug, Serialize)]
pub struct FleetView {
    pub profile: String,
    pub site: Site,
    pub demo: bool,
    pub now: String,
    pub fleet: Fleet,
}

pub async fn refresh_profile(
    state: &crate::state::AppState,
    profile: &str,
) -> CmdResult<FleetView> {
    let l = state.lang();
    let c = state.client(profile).await?;
    let now = state.now(profile).await;
    let f = fleet::refresh(&c, now)
        .await
        .map_err(|e| CmdError::from_api(l, &e))?;
    state.store_fleet(profile, f.clone());
    Ok(FleetView {
        profile: profile.into(),
        site: state.site_of(profile),
        demo: state.is_demo(profile),
        now: flexus_core::timefmt::utc(now),
        fleet: f,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn refresh_fleet(state: St<'_>) -> CmdResult<FleetView> {
    let p = state.active();
    refresh_profile(&state, &p).await
}
