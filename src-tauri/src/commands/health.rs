//! Health charts (issue #15): a server's Cloud Eye metrics for the detail, worded by
//! `flexus_core::metrics`. "Not permitted" and "no data yet" are answers, not errors.

use flexus_core::metrics::{self, Health};
use serde::Serialize;
use time::UtcOffset;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

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
    flexus_core::validate::resource_id(&id)?;
    if hours != 24 && hours != 168 {
        return Err(CmdError::invalid(AppText::HealthHours));
    }
    let offset = (-840..=840)
        .contains(&offset_minutes)
        .then(|| UtcOffset::from_whole_seconds(offset_minutes * 60).ok())
        .flatten()
        .ok_or_else(|| CmdError::invalid(AppText::OffsetMinutes))?;
    let profile = state.settings.active();
    let (region, server) = state.dashboard.server_of(&profile, &id)?;
    let c = state.accounts.client(&profile).await?;
    let now = state.accounts.now(&profile).await;
    let lang = state.settings.lang().code();
    let health = metrics::health(&c, &region, &server, hours, now, offset, lang)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    let note = matches!(health, Health::NotPermitted { .. })
        .then(|| metrics::not_permitted_note(lang).to_string());
    Ok(HealthView { health, note })
}

/// How long a row's sparkline is reused before Cloud Eye is asked again.
const SPARK_TTL: std::time::Duration = std::time::Duration::from_secs(300);

/// The dashboard's sparklines: CPU over the last 24 h for the rows in view, one batch
/// query per region, cached for five minutes. Rows Cloud Eye has nothing for (or
/// refuses) get no line; nothing else is affected.
#[tauri::command(rename_all = "snake_case")]
pub async fn sparklines(
    state: St<'_>,
    ids: Vec<String>,
) -> CmdResult<std::collections::BTreeMap<String, Vec<f64>>> {
    use std::collections::BTreeMap;
    flexus_core::validate::resource_ids(&ids, 200)?;
    let profile = state.settings.active();
    let mut out = BTreeMap::new();
    let mut ask: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    {
        let cache = crate::state::lock(&state.features.sparks);
        for id in &ids {
            match cache.get(id) {
                Some((at, v)) if at.elapsed() < SPARK_TTL => {
                    out.insert(id.clone(), v.clone());
                }
                _ => {}
            }
        }
    }
    let missing: Vec<String> = ids.into_iter().filter(|i| !out.contains_key(i)).collect();
    if missing.is_empty() {
        return Ok(out);
    }
    for (id, (region, server, _)) in missing
        .iter()
        .zip(state.dashboard.servers_of(&profile, &missing)?)
    {
        ask.entry(region).or_default().push((id.clone(), server));
    }
    let c = state.accounts.client(&profile).await?;
    let to = state.accounts.now(&profile).await.unix_timestamp() * 1000;
    let from = to - 24 * 3_600_000;
    for (region, rows) in ask {
        let servers: Vec<String> = rows.iter().map(|(_, s)| s.clone()).collect();
        let series = match c
            .batch_metric_data(&region, &servers, &["cpu_util"], "average", from, to)
            .await
        {
            Ok(s) => s,
            Err(flexus_core::ApiError::Forbidden { .. }) => vec![],
            Err(e) => return Err(CmdError::from_api(&e)),
        };
        let mut cache = crate::state::lock(&state.features.sparks);
        for (id, server) in rows {
            let v: Vec<f64> = series
                .iter()
                .find(|s| s.server_id == server)
                .map(|s| s.points.iter().filter_map(|p| p.average).collect())
                .unwrap_or_default();
            cache.insert(id.clone(), (std::time::Instant::now(), v.clone()));
            out.insert(id, v);
        }
    }
    Ok(out)
}
