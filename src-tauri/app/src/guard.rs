//! The traffic guard in the app (issue #15): the dashboard's percent and forecast per
//! instance, and the watcher's call into `flexus_core::guard` (which decides; nothing
//! is decided here). The command that turns the automatic stop on is in
//! `commands/traffic.rs`.

use std::collections::BTreeMap;

use flexus_core::expiry::Notice;
use flexus_core::fleet::InstanceView;
use flexus_core::guard::{self, GuardStore};
use flexus_core::traffic::{forecast, GuardSettings};
use flexus_core::CloudClient;
use time::OffsetDateTime;

use crate::settings::Settings;
use crate::state::{AppState, TrafficView};

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
