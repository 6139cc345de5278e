//! Traffic guard: how much of an instance's monthly allowance is used, when it runs out
//! at the current rate, which reminders are due, and the automatic-stop rule with its
//! bookkeeping. Pure functions of what BSS reported and the clock, so they are tested
//! on a simulated clock; the caller sends the stop and persists the book.
//!
//! Over 400 lines with its tests (the code is under 280): the rules and their simulated-clock cases read together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::client::models::FreeResource;
use crate::timefmt;

/// One reading of a traffic package (BSS free-resource usage) at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub left_gb: f64,
    pub total_gb: f64,
    #[serde(with = "time::serde::rfc3339")]
    pub cycle_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub cycle_end: OffsetDateTime,
}

impl Reading {
    /// Reads a BSS free resource taken at `at`; `None` when it lacks the amounts or
    /// the cycle (an unlimited or unknown package has nothing to guard).
    pub fn from_free_resource(r: &FreeResource, at: OffsetDateTime) -> Option<Reading> {
        Some(Reading {
            at,
            left_gb: r.amount?,
            total_gb: r.original_amount.filter(|t| *t > 0.0)?,
            cycle_start: timefmt::parse_utc(r.start_time.as_deref()?)?,
            cycle_end: timefmt::parse_utc(r.end_time.as_deref()?)?,
        })
    }

    pub fn used_gb(&self) -> f64 {
        (self.total_gb - self.left_gb).clamp(0.0, self.total_gb)
    }

    /// Percent of the allowance used, 0–100.
    pub fn percent_used(&self) -> f64 {
        percent_used(self.total_gb, self.left_gb)
    }
}

/// Percent of `total` used when `left` remains, clamped to 0–100 (0 for no allowance).
pub fn percent_used(total: f64, left: f64) -> f64 {
    if total <= 0.0 || !total.is_finite() || !left.is_finite() {
        return 0.0;
    }
    ((total - left) / total * 100.0).clamp(0.0, 100.0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Forecast {
    /// At the current rate the allowance runs out at `at`, before the cycle ends.
    RunsOut {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        gb_per_day: f64,
    },
    /// It lasts the cycle; `percent_at_end` is the projected use when it resets.
    Lasts {
        percent_at_end: f64,
        gb_per_day: f64,
    },
    /// Nothing left already.
    Exhausted,
    /// Too little of the cycle has passed to tell a rate.
    NotEnoughData,
}

/// The shortest stretch read as "the current rate": traffic follows the day, so a
/// window of a few hours says more about the hour than about the rate.
const RATE_WINDOW: Duration = Duration::hours(24);

/// Forecast from the readings of one package (any order, any cycles). The rate is the
/// use over the last 24 h when a reading from 24 h (±1 h) ago exists in the same cycle,
/// else the average since the cycle started (at least 24 h of it).
pub fn forecast(readings: &[Reading]) -> Forecast {
    let Some(latest) = readings.iter().max_by_key(|r| r.at) else {
        return Forecast::NotEnoughData;
    };
    if latest.left_gb <= 0.0 {
        return Forecast::Exhausted;
    }
    let same_cycle = |r: &&Reading| r.cycle_start == latest.cycle_start && r.at < latest.at;
    let day_ago = readings
        .iter()
        .filter(same_cycle)
        .filter(|r| ((latest.at - r.at) - RATE_WINDOW).abs() <= Duration::hours(1))
        .min_by_key(|r| ((latest.at - r.at) - RATE_WINDOW).abs());
    let (used, span) = match day_ago {
        Some(r) => (latest.used_gb() - r.used_gb(), latest.at - r.at),
        None if latest.at - latest.cycle_start >= RATE_WINDOW => {
            (latest.used_gb(), latest.at - latest.cycle_start)
        }
        None => return Forecast::NotEnoughData,
    };
    let gb_per_day = (used.max(0.0)) / span.as_seconds_f64() * 86_400.0;
    let to_end_days = (latest.cycle_end - latest.at).as_seconds_f64() / 86_400.0;
    if gb_per_day > 0.0 {
        let days = latest.left_gb / gb_per_day;
        if days < to_end_days {
            return Forecast::RunsOut {
                at: latest.at + Duration::seconds_f64(days * 86_400.0),
                gb_per_day,
            };
        }
    }
    let at_end = latest.used_gb() + gb_per_day * to_end_days.max(0.0);
    Forecast::Lasts {
        percent_at_end: percent_used(latest.total_gb, latest.total_gb - at_end),
        gb_per_day,
    }
}

/// The user's guard settings for one instance. The automatic stop is off unless the
/// user turned it on (with a confirmation that explains the consequence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuardSettings {
    /// Reminder thresholds in percent used, each reminded once per cycle.
    pub reminders: Vec<u8>,
    /// Stop the server once per cycle when this percentage is reached.
    pub auto_stop_at: Option<u8>,
}

impl Default for GuardSettings {
    fn default() -> Self {
        GuardSettings {
            reminders: vec![70, 90, 95],
            auto_stop_at: None,
        }
    }
}

/// What the guard remembers per instance, persisted by the caller between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardEntry {
    /// The cycle (its start, RFC 3339) the records below belong to.
    pub cycle: String,
    /// Reminder thresholds already sent in this cycle.
    pub reminded: Vec<u8>,
    /// When the automatic stop fired in this cycle (RFC 3339).
    pub stopped_at: Option<String>,
    /// The server was seen stopped after the automatic stop (until then it may just
    /// be a stop still under way, not a user's start).
    pub seen_stopped: bool,
    /// The user started the server again after the automatic stop: the guard stays
    /// quiet for the rest of the cycle (the user has decided).
    pub restarted_by_user: bool,
}

/// The guard's memory for every instance (instance id → entry).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardBook {
    pub entries: BTreeMap<String, GuardEntry>,
}

/// What the caller must do after one evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardOutcome {
    pub percent_used: f64,
    /// Thresholds crossed now for the first time in this cycle (notify once each).
    pub reminders: Vec<u8>,
    /// Stop the server now (already recorded in the book: persist the book and journal
    /// the stop before sending it, so a crash cannot lead to a second stop).
    pub stop: bool,
    /// Why the server is stopped, for the detail view (set while the stop holds).
    pub stopped_by_guard_at: Option<String>,
}

impl GuardBook {
    /// Evaluates one instance: `running` is whether the server is running now.
    /// Records reminders and the stop in the book as it decides them.
    pub fn evaluate(
        &mut self,
        instance_id: &str,
        settings: &GuardSettings,
        reading: &Reading,
        running: bool,
    ) -> GuardOutcome {
        let cycle = timefmt::utc(reading.cycle_start);
        let e = self.entries.entry(instance_id.to_string()).or_default();
        if e.cycle != cycle {
            *e = GuardEntry {
                cycle,
                ..Default::default()
            };
        }
        let pct = reading.percent_used();
        if e.stopped_at.is_some() {
            if !running {
                e.seen_stopped = true;
            } else if e.seen_stopped {
                e.restarted_by_user = true;
            }
        }
        let mut thresholds: Vec<u8> = settings
            .reminders
            .iter()
            .copied()
            .filter(|t| (1..=100).contains(t) && pct >= f64::from(*t) && !e.reminded.contains(t))
            .collect();
        thresholds.sort_unstable();
        thresholds.dedup();
        e.reminded.extend(&thresholds);
        let stop = match settings.auto_stop_at {
            Some(at) if (1..=100).contains(&at) => {
                running && pct >= f64::from(at) && e.stopped_at.is_none() && !e.restarted_by_user
            }
            _ => false,
        };
        if stop {
            e.stopped_at = Some(timefmt::utc(reading.at));
        }
        GuardOutcome {
            percent_used: pct,
            reminders: thresholds,
            stop,
            stopped_by_guard_at: e.stopped_at.clone().filter(|_| !e.restarted_by_user),
        }
    }
}

/// "runs out around 12 Dec" / "约 12月12日 用完"; "lasts this cycle (about 64 %)".
pub fn describe(f: &Forecast, lang: &str) -> String {
    let zh = lang.starts_with("zh");
    match f {
        Forecast::RunsOut { at, .. } => {
            if zh {
                format!(
                    "按当前速度：约 {}月{}日 用完",
                    u8::from(at.month()),
                    at.day()
                )
            } else {
                format!(
                    "at this rate: runs out around {} {}",
                    at.day(),
                    &at.month().to_string()[..3]
                )
            }
        }
        Forecast::Lasts { percent_at_end, .. } => {
            if zh {
                format!("本周期够用（周期末约用 {percent_at_end:.0}%）")
            } else {
                format!("lasts this cycle (about {percent_at_end:.0} % used at its end)")
            }
        }
        Forecast::Exhausted => if zh {
            "本周期流量已用完"
        } else {
            "used up for this cycle"
        }
        .into(),
        Forecast::NotEnoughData => if zh {
            "数据不足，暂无法预测"
        } else {
            "not enough data for a forecast yet"
        }
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn reading(at: OffsetDateTime, left: f64) -> Reading {
        Reading {
            at,
            left_gb: left,
            total_gb: 1000.0,
            cycle_start: datetime!(2026-12-01 00:00:00 UTC),
            cycle_end: datetime!(2026-12-31 00:00:00 UTC),
        }
    }

    #[test]
    fn percent_is_clamped_and_safe() {
        assert_eq!(percent_used(1000.0, 250.0), 75.0);
        assert_eq!(percent_used(1000.0, 1200.0), 0.0);
        assert_eq!(percent_used(1000.0, -5.0), 100.0);
        assert_eq!(percent_used(0.0, 0.0), 0.0);
        assert_eq!(percent_used(f64::NAN, 1.0), 0.0);
    }

    #[test]
    fn forecast_uses_the_last_day_not_the_last_hours() {
        // 50 GB/day over the day, but 10 GB in the last busy two hours (120 GB/day).
        let now = datetime!(2026-12-11 15:00:00 UTC);
        let rs = [
            reading(now - Duration::hours(24), 600.0),
            reading(now - Duration::hours(2), 560.0),
            reading(now, 550.0),
        ];
        match forecast(&rs) {
            Forecast::RunsOut { at, gb_per_day } => {
                assert!((gb_per_day - 50.0).abs() < 1e-9);
                assert_eq!(at, now + Duration::days(11));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            describe(&forecast(&rs), "en"),
            "at this rate: runs out around 22 Dec"
        );
        assert_eq!(
            describe(&forecast(&rs), "zh-CN"),
            "按当前速度：约 12月22日 用完"
        );
    }

    #[test]
    fn forecast_without_a_day_old_reading_averages_the_cycle() {
        let now = datetime!(2026-12-06 00:00:00 UTC);
        // 5 days, 100 GB used: 20 GB/day, 900 left → 45 days > 25 left in the cycle.
        match forecast(&[reading(now, 900.0)]) {
            Forecast::Lasts {
                percent_at_end,
                gb_per_day,
            } => {
                assert!((gb_per_day - 20.0).abs() < 1e-9);
                assert!((percent_at_end - 60.0).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        let early = datetime!(2026-12-01 10:00:00 UTC);
        assert_eq!(forecast(&[reading(early, 990.0)]), Forecast::NotEnoughData);
        assert_eq!(forecast(&[reading(now, 0.0)]), Forecast::Exhausted);
        assert_eq!(forecast(&[]), Forecast::NotEnoughData);
    }

    #[test]
    fn a_reading_from_the_previous_cycle_is_not_a_rate() {
        let now = datetime!(2026-12-01 12:00:00 UTC);
        let mut old = reading(now - Duration::hours(24), 10.0);
        old.cycle_start = datetime!(2026-11-01 00:00:00 UTC);
        assert_eq!(
            forecast(&[old, reading(now, 990.0)]),
            Forecast::NotEnoughData
        );
    }

    fn on() -> GuardSettings {
        GuardSettings {
            reminders: vec![70, 90, 95],
            auto_stop_at: Some(95),
        }
    }

    #[test]
    fn reminders_fire_once_per_threshold_per_cycle() {
        let mut book = GuardBook::default();
        let t = datetime!(2026-12-20 00:00:00 UTC);
        let s = GuardSettings::default();
        assert!(book
            .evaluate("i", &s, &reading(t, 400.0), true)
            .reminders
            .is_empty());
        assert_eq!(
            book.evaluate("i", &s, &reading(t, 250.0), true).reminders,
            vec![70]
        );
        assert!(book
            .evaluate("i", &s, &reading(t, 240.0), true)
            .reminders
            .is_empty());
        assert_eq!(
            book.evaluate("i", &s, &reading(t, 40.0), true).reminders,
            vec![90, 95]
        );
        // Default settings never stop.
        assert!(!book.evaluate("i", &s, &reading(t, 0.0), true).stop);
        // A new cycle reminds again.
        let mut next = reading(t + Duration::days(12), 200.0);
        next.cycle_start = datetime!(2026-12-31 00:00:00 UTC);
        assert_eq!(book.evaluate("i", &s, &next, true).reminders, vec![70]);
    }

    #[test]
    fn automatic_stop_fires_never_twice_in_a_cycle() {
        let mut book = GuardBook::default();
        let t = datetime!(2026-12-20 00:00:00 UTC);
        assert!(!book.evaluate("i", &on(), &reading(t, 60.0), true).stop);
        let first = book.evaluate("i", &on(), &reading(t, 50.0), true);
        assert!(first.stop);
        assert_eq!(
            first.stopped_by_guard_at.as_deref(),
            Some("2026-12-20T00:00:00Z")
        );
        // The stop is recorded before it is sent: a re-run (stop still in flight, server
        // still reported running, crash and restart with the persisted book) must not
        // stop again.
        let persisted: GuardBook =
            serde_json::from_str(&serde_json::to_string(&book).unwrap()).unwrap();
        let mut again = persisted;
        for (left, running) in [(45.0, true), (10.0, false), (0.0, false)] {
            let o = again.evaluate("i", &on(), &reading(t + Duration::hours(1), left), running);
            assert!(!o.stop);
            assert!(o.stopped_by_guard_at.is_some(), "shows why it is stopped");
        }
        // Other instances are independent.
        assert!(again.evaluate("j", &on(), &reading(t, 10.0), true).stop);
    }

    #[test]
    fn automatic_stop_never_stops_a_server_the_user_started_again() {
        let mut book = GuardBook::default();
        let t = datetime!(2026-12-20 00:00:00 UTC);
        assert!(book.evaluate("i", &on(), &reading(t, 40.0), true).stop);
        assert!(!book.evaluate("i", &on(), &reading(t, 40.0), false).stop);
        // The user starts it again: quiet for the rest of the cycle, no "stopped by guard" note.
        for h in 1..48 {
            let o = book.evaluate("i", &on(), &reading(t + Duration::hours(h), 1.0), true);
            assert!(!o.stop);
            assert_eq!(o.stopped_by_guard_at, None);
        }
        // The next cycle guards again.
        let mut next = reading(t + Duration::days(12), 20.0);
        next.cycle_start = datetime!(2026-12-31 00:00:00 UTC);
        assert!(book.evaluate("i", &on(), &next, true).stop);
    }

    #[test]
    fn automatic_stop_ignores_stopped_servers_and_bad_thresholds() {
        let mut book = GuardBook::default();
        let t = datetime!(2026-12-20 00:00:00 UTC);
        assert!(!book.evaluate("i", &on(), &reading(t, 0.0), false).stop);
        // Stopped by the user before the guard acted: a later start is not "after the
        // automatic stop", so the guard still acts once.
        assert!(book.evaluate("i", &on(), &reading(t, 0.0), true).stop);
        let bad = GuardSettings {
            reminders: vec![0, 101],
            auto_stop_at: Some(0),
        };
        let o = book.evaluate("k", &bad, &reading(t, 0.0), true);
        assert!(!o.stop && o.reminders.is_empty());
    }

    #[test]
    fn reads_bss_free_resources() {
        let r = FreeResource {
            free_resource_id: "f".into(),
            start_time: Some("2026-12-01T00:00:00Z".into()),
            end_time: Some("2026-12-31T00:00:00Z".into()),
            amount: Some(250.0),
            original_amount: Some(1000.0),
            ..Default::default()
        };
        let at = datetime!(2026-12-10 00:00:00 UTC);
        assert_eq!(
            Reading::from_free_resource(&r, at),
            Some(reading(at, 250.0))
        );
        let no_total = FreeResource {
            original_amount: Some(0.0),
            ..r.clone()
        };
        assert_eq!(Reading::from_free_resource(&no_total, at), None);
        let bad_time = FreeResource {
            end_time: Some("soon".into()),
            ..r
        };
        assert_eq!(Reading::from_free_resource(&bad_time, at), None);
    }
}
