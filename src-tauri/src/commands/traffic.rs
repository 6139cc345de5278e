//! The traffic guard in the app (issue #15): the dashboard's percent and forecast,
//! the per-instance automatic stop, and the watcher's call into `flexus_core::guard`
//! (which decides; nothing is decided here).

use std::collections::BTreeMap;

use flexus_core::expiry::Notice;
use flexus_core::fleet::InstanceView;
use flexus_core::guard::{self, GuardStore};
use flexus_core::traffic::{forecast, Forecast, GuardSettings};
use flexus_core::CloudClient;
use serde::Serialize;
use time::OffsetDateTime;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::Settings;
use crate::state::AppState;

/// What the dashboard row and the detail show about an instance's traffic.
#[derive(Debug, Clone, Serialize)]
pub struct TrafficView {
    pub percent_used: f64,
    pub forecast: Forecast,
    /// The automatic stop's percentage, when the user turned it on.
    pub auto_stop_at: Option<u8>,
    /// When the guard stopped the server this cycle (unless started again since).
    pub stopped_by_guard_at: Option<String>,
}

fn path(state: &AppState) -> std::path::PathBuf {
    state.data_dir.join(guard::GUARD_FILE)
}

fn settings_of(s: &Settings) -> impl Fn(&str) -> GuardSettings + '_ {
    move |id| GuardSettings {
        reminders: s.traffic_reminders.clone(),
        auto_stop_at: s.auto_stop.get(id).copied(),
    }
}

/// Per instance with a traffic package: its guard view, from this refresh's reading
/// and the readings the watcher kept (the forecast reads the last day).
pub fn views(
    state: &AppState,
    instances: &[InstanceView],
    now: OffsetDateTime,
) -> BTreeMap<String, TrafficView> {
    let store = GuardStore::load(&path(state));
    let s = state.settings.get();
    let mut out = BTreeMap::new();
    for i in instances {
        let Some(r) = guard::reading_of(i, now) else {
            continue;
        };
        let mut rs = store.readings.get(&i.id).cloned().unwrap_or_default();
        rs.push(r.clone());
        out.insert(
            i.id.clone(),
            TrafficView {
                percent_used: r.percent_used(),
                forecast: forecast(&rs),
                auto_stop_at: s.auto_stop.get(&i.id).copied(),
                stopped_by_guard_at: store.stopped_by_guard(&i.id),
            },
        );
    }
    out
}

/// The watcher's call after refreshing `profile`: reminders to send, and the
/// automatic stop sent (journaled) when the core decides so.
pub async fn run_guard(
    state: &AppState,
    profile: &str,
    client: &CloudClient,
    instances: &[InstanceView],
    now: OffsetDateTime,
) -> Vec<Notice> {
    let s = state.settings.get();
    let _one = state.features.guard.lock().await;
    let actor = state.actor(client, profile);
    match guard::run(&path(state), &actor, instances, settings_of(&s), now).await {
        Ok(run) => {
            for (id, e) in &run.failed {
                tracing::warn!(instance = %id, error = %e, "automatic stop not sent");
            }
            run.notices
        }
        Err(e) => {
            tracing::warn!(error = %e, "traffic guard file not saved");
            vec![]
        }
    }
}

/// Turns the automatic stop on (`percent`, after the confirmation dialog: the UI
/// must pass `confirmed`) or off (`percent` null) for one instance.
#[tauri::command(rename_all = "snake_case")]
pub fn set_auto_stop(
    state: St<'_>,
    id: String,
    percent: Option<u8>,
    confirmed: bool,
) -> CmdResult<Settings> {
    flexus_core::validate::resource_id(&id)?;
    if let Some(p) = percent {
        if !(50..=100).contains(&p) {
            return Err(CmdError::invalid(AppText::AutoStopPercent));
        }
        if !confirmed {
            return Err(CmdError::app(
                "not_confirmed",
                AppText::AutoStopNotConfirmed,
            ));
        }
    }
    let s = state.settings.update(|s| {
        match percent {
            Some(p) => s.auto_stop.insert(id.clone(), p),
            None => s.auto_stop.remove(&id),
        };
        Ok(())
    })?;
    state.wake.notify_one();
    Ok(s)
}
