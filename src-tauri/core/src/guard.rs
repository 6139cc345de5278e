//! The traffic guard at work: what the watcher calls after each fleet refresh. It
//! turns each instance's BSS reading into the guard's decisions (`traffic.rs`),
//! keeps the readings the forecast needs and the once-per-cycle book in one file,
//! words the reminders as notices, and sends the automatic stop through the
//! journaled `Actor` — after the book that says "stopped in this cycle" is on disk,
//! so a crash cannot lead to a second stop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::actions::{ActionError, Actor};
use crate::client::ecs::ServerAction;
use crate::expiry::{Due, Notice};
use crate::fleet::InstanceView;
use crate::timefmt;
use crate::traffic::{forecast, Forecast, GuardBook, GuardEntry, GuardSettings, Reading};

/// The guard's file in the app's data folder.
pub const GUARD_FILE: &str = "traffic-guard.json";

/// Readings older than this are of no use to the forecast (it reads the last day).
const KEEP_READINGS: Duration = Duration::hours(49);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardStore {
    #[serde(default)]
    pub book: GuardBook,
    /// Instance id → recent readings of its traffic package (current cycle only).
    #[serde(default)]
    pub readings: BTreeMap<String, Vec<Reading>>,
}

/// The reading of an instance from the fleet refresh (`None`: no guarded package).
pub fn reading_of(i: &InstanceView, at: OffsetDateTime) -> Option<Reading> {
    Some(Reading {
        at,
        left_gb: i.traffic_left_gb?,
        total_gb: i.traffic_total_gb.filter(|t| *t > 0.0)?,
        cycle_start: timefmt::parse_utc(i.traffic_cycle_start.as_deref()?)?,
        cycle_end: timefmt::parse_utc(i.traffic_cycle_end.as_deref()?)?,
    })
}

/// What one observation decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub stop: bool,
    pub notices: Vec<Notice>,
}

impl GuardStore {
    /// Loads the store; a damaged file is set aside (`.bad`) and the guard starts
    /// afresh (it then may remind again, but it never stops twice: a server it
    /// stopped is not running).
    pub fn load(path: &Path) -> GuardStore {
        match std::fs::read(path) {
            Ok(b) => serde_json::from_slice(&b).unwrap_or_else(|_| {
                let mut bad = path.as_os_str().to_owned();
                bad.push(".bad");
                let _ = std::fs::rename(path, PathBuf::from(bad));
                GuardStore::default()
            }),
            Err(_) => GuardStore::default(),
        }
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let b = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::paths::write_atomic(path, &b)
    }

    /// Records a reading and decides reminders and the stop. `running`: `None` when
    /// the server's state is unknown or changing (nothing is decided about the stop
    /// then, and a restart is not inferred from it).
    pub fn observe(
        &mut self,
        i: &InstanceView,
        settings: &GuardSettings,
        r: &Reading,
        running: Option<bool>,
    ) -> Check {
        let rs = self.readings.entry(i.id.clone()).or_default();
        rs.retain(|x| x.cycle_start == r.cycle_start && r.at - x.at <= KEEP_READINGS);
        rs.push(r.clone());
        let Some(running) = running else {
            return Check {
                stop: false,
                notices: vec![],
            };
        };
        let o = self.book.evaluate(&i.id, settings, r, running);
        let cycle_day = timefmt::utc(r.cycle_start);
        let cycle_day = cycle_day.get(..10).unwrap_or(&cycle_day).to_string();
        // The highest threshold crossed, every run: the caller's reminder history
        // (by key) sends it once — also after a pause, when the book's own record
        // of reminders would already say "done". An app off for days sends one.
        let crossed = settings
            .reminders
            .iter()
            .copied()
            .filter(|t| (1..=100).contains(t) && o.percent_used >= f64::from(*t))
            .max();
        let mut notices: Vec<Notice> = crossed
            .iter()
            .map(|t| Notice {
                key: format!("{}:{cycle_day}:traffic:{t}", i.id),
                instance_id: i.id.clone(),
                name: i.name.clone(),
                due: Due::Traffic {
                    percent: *t,
                    used_gb: r.used_gb(),
                    total_gb: r.total_gb,
                },
            })
            .collect();
        if o.stop {
            notices.push(Notice {
                key: format!("{}:{cycle_day}:autostop", i.id),
                instance_id: i.id.clone(),
                name: i.name.clone(),
                due: Due::AutoStopped {
                    percent: settings.auto_stop_at.unwrap_or(100),
                },
            });
        }
        Check {
            stop: o.stop,
            notices,
        }
    }

    /// The forecast from what was recorded for the instance.
    pub fn forecast(&self, instance_id: &str) -> Forecast {
        self.readings
            .get(instance_id)
            .map(|r| forecast(r))
            .unwrap_or(Forecast::NotEnoughData)
    }

    /// When the guard stopped the server in its current cycle, unless the user
    /// started it again since (for "why is it stopped").
    pub fn stopped_by_guard(&self, instance_id: &str) -> Option<String> {
        let e: &GuardEntry = self.book.entries.get(instance_id)?;
        e.stopped_at.clone().filter(|_| !e.restarted_by_user)
    }

    /// A stop that certainly did not leave (refused before sending): forget it, so
    /// the next run may try again. An unknown outcome keeps the record (never twice).
    fn unrecord_stop(&mut self, instance_id: &str) {
        if let Some(e) = self.book.entries.get_mut(instance_id) {
            e.stopped_at = None;
        }
    }
}

/// What one guard run did, for the watcher.
#[derive(Debug, Default)]
pub struct Run {
    pub notices: Vec<Notice>,
    /// Instances stopped now.
    pub stopped: Vec<String>,
    /// Stops that failed, with the reason (shown in the log; retried next run when
    /// nothing was sent).
    pub failed: Vec<(String, String)>,
}

/// One guard run over a refreshed fleet: `settings_of` gives each instance's
/// settings (its automatic stop is off unless the user turned it on).
pub async fn run(
    path: &Path,
    actor: &Actor<'_>,
    instances: &[InstanceView],
    settings_of: impl Fn(&str) -> GuardSettings,
    now: OffsetDateTime,
) -> std::io::Result<Run> {
    let mut store = GuardStore::load(path);
    let mut out = Run::default();
    for i in instances {
        let Some(r) = reading_of(i, now) else {
            continue;
        };
        let running = match i.status.as_str() {
            _ if i.frozen => None,
            "ACTIVE" => Some(true),
            "SHUTOFF" => Some(false),
            _ => None,
        };
        let check = store.observe(i, &settings_of(&i.id), &r, running);
        out.notices.extend(check.notices);
        if !check.stop {
            continue;
        }
        let Some(server) = i.server_id.clone() else {
            store.unrecord_stop(&i.id);
            continue;
        };
        // The book first: once it says "stopped", no later run stops again.
        store.save(path)?;
        match actor
            .server_action(&i.region, ServerAction::Stop, &[server], false)
            .await
        {
            Ok(_) => out.stopped.push(i.id.clone()),
            Err(e) => {
                let unknown = matches!(e, ActionError::Api { unknown: true, .. });
                if !unknown {
                    store.unrecord_stop(&i.id);
                    out.notices
                        .retain(|n| !n.key.ends_with(":autostop") || n.instance_id != i.id);
                }
                out.failed.push((i.id.clone(), e.to_string()));
            }
        }
    }
    store.save(path)?;
    Ok(out)
}
