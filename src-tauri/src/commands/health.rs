//! Health charts (issue #15): a server's Cloud Eye metrics for the detail, worded by
//! `flexus_core::metrics`. "Not permitted" and "no data yet" are answers, not errors.

use flexus_core::metrics::{self, Health};
use serde::Serialize;
use time::UtcOffset;

use super::St;
use crate::error::{CmdError, CmdResult};

#[derive(Debug, Serialize)]
pub struct HealthView {
    pub health: Health,
    /// Shown instead of charts when Cloud Eye refused these keys.
    pub note: Option<String>,
}

/// `hours`: 24 or 168. `offset_minutes`: the computer's UTC offset (east positive),
/// so "yesterday 14:05" is the user's yesterday.
#[tauri::command(rename_all = "snake_case")]
pub async fn instance_health(
    state: St<'_>,
    id: String,
    hours: i64,
    offset_minutes: i32,
) -> CmdResult<HealthView> {
    let l = state.lang();
    flexus_core::validate::resource_id(&id)?;
    if hours != 24 && hours != 168 {
        return Err(CmdError::invalid(l, "hours", "24 or 168", "24 或 168"));
    }
    let offset = (-840..=840)
        .contains(&offset_minutes)
        .then(|| UtcOffset::from_whole_seconds(offset_minutes * 60).ok())
        .flatten()
        .ok_or_else(|| CmdError::invalid(l, "offset_minutes", "-840 to 840", "-840 到 840"))?;
    let profile = state.active();
    let (region, server, _) = state
        .servers_of(&profile, std::slice::from_ref(&id))?
        .remove(0);
    let c = state.client(&profile).await?;
    let now = state.now(&profile).await;
    let lang = match l {
        flexus_core::expiry::Lang::Zh => "zh",
        flexus_core::expiry::Lang::En => "en",
    };
    let health = metrics::health(&c, &region, &server, hours, now, offset, lang)
        .await
        .map_err(|e| CmdError::from_api(l, &e))?;
    let note = matches!(health, Health::NotPermitted { .. })
        .then(|| metrics::not_permitted_note(lang).to_string());
    Ok(HealthView { health, note })
}
