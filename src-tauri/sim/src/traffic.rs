//! The simulated traffic pattern: a server's outbound traffic follows the working day
//! (quiet at night, busiest in the afternoon, China time), so a forecast that reads a
//! few hours as "the rate" is visibly wrong and one over whole days is right.

use time::OffsetDateTime;

/// Relative traffic per hour of the day (UTC+8), hour 0 first. Averages to 1.
const HOURLY: [f64; 24] = [
    0.3, 0.2, 0.15, 0.15, 0.15, 0.2, 0.4, 0.7, 1.0, 1.3, 1.5, 1.6, 1.5, 1.6, 1.9, 1.8, 1.6, 1.4,
    1.3, 1.3, 1.2, 1.0, 0.7, 0.5,
];

fn weights_sum() -> f64 {
    HOURLY.iter().sum()
}

/// "Pattern days" elapsed from the epoch to `t`: whole days plus the share of a day's
/// traffic already sent on `t`'s day. Its slope is the traffic pattern.
fn pattern_clock(t: OffsetDateTime) -> f64 {
    let secs = t.unix_timestamp() + 8 * 3600;
    let day = secs.div_euclid(86_400);
    let into = secs.rem_euclid(86_400) as f64 / 3600.0;
    let hour = (into.floor() as usize).min(23);
    let before: f64 = HOURLY[..hour].iter().sum();
    let partial = HOURLY[hour] * (into - hour as f64);
    day as f64 + (before + partial) / weights_sum()
}

/// The pattern's relative level (average 1) at `t`: metrics follow it too.
pub fn level_at(t: OffsetDateTime) -> f64 {
    let secs = t.unix_timestamp() + 8 * 3600;
    let hour = (secs.rem_euclid(86_400) / 3600) as usize;
    HOURLY[hour.min(23)] * 24.0 / weights_sum()
}

/// How many days' worth of traffic a server sends between `a` and `b` (exactly
/// `n` over any `n` whole days; more in an afternoon than in a night).
pub fn pattern_days(a: OffsetDateTime, b: OffsetDateTime) -> f64 {
    (pattern_clock(b) - pattern_clock(a)).max(0.0)
}

impl super::Sim {
    /// Sets the average daily traffic (GB) of the instances named `name`, as if they had
    /// sent at that rate since their cycle began (tests shape a forecast with it).
    /// Returns how many instances matched.
    pub fn set_traffic_per_day(&self, name: &str, gb_per_day: f64) -> usize {
        let mut w = super::lock(&self.inner.world);
        let mut n = 0;
        for i in w.instances.iter_mut().filter(|i| i.name == name) {
            i.traffic_gb_per_day = gb_per_day.max(0.0);
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    #[test]
    fn whole_days_are_exact_and_afternoons_are_busier_than_nights() {
        let t = datetime!(2026-03-01 05:17:00 UTC);
        for n in [1, 3, 10] {
            let d = pattern_days(t, t + Duration::days(n));
            assert!((d - n as f64).abs() < 1e-9, "{n} days gave {d}");
        }
        // 14:00–16:00 China time = 06:00–08:00 UTC; 02:00–04:00 China = 18:00–20:00 UTC.
        let afternoon = pattern_days(
            datetime!(2026-03-01 06:00:00 UTC),
            datetime!(2026-03-01 08:00:00 UTC),
        );
        let night = pattern_days(
            datetime!(2026-03-01 18:00:00 UTC),
            datetime!(2026-03-01 20:00:00 UTC),
        );
        assert!(
            afternoon > 5.0 * night,
            "afternoon {afternoon} night {night}"
        );
        assert_eq!(pattern_days(t, t - Duration::hours(1)), 0.0);
    }
}
