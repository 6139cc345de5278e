//! Health metrics of a server from Cloud Eye, in plain words: "CPU averaged 12 %,
//! peaked at 95 % yesterday 14:05". No data yet and "Cloud Eye is not permitted for
//! these keys" are states of their own, not failures of anything else.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::client::ces::{Series, HEALTH_METRICS};
use crate::client::CloudClient;
use crate::error::ApiError;

/// What the health view shows for one server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Health {
    Data {
        series: Vec<Series>,
        /// One sentence per metric with data, in the asked language.
        summaries: Vec<String>,
    },
    /// Cloud Eye answered, but there are no points yet (new or stopped server).
    NoData,
    /// Cloud Eye refused these keys (no `ces:metricData:list`).
    NotPermitted { code: String, message: String },
}

/// The note shown for [`Health::NotPermitted`].
pub fn not_permitted_note(lang: &str) -> &'static str {
    if lang.starts_with("zh") {
        "这组密钥没有读取云监控（Cloud Eye）数据的权限，因此无法显示图表；其他功能不受影响。可在 IAM 中为该用户添加 CES ReadOnlyAccess。"
    } else {
        "These keys may not read Cloud Eye metrics, so no charts can be shown; everything else works. Grant the user CES ReadOnlyAccess in IAM to see them."
    }
}

/// Reads the health metrics of one server for the last `hours` (one call per metric).
pub async fn health(
    client: &CloudClient,
    region: &str,
    server_id: &str,
    hours: i64,
    now: OffsetDateTime,
    offset: UtcOffset,
    lang: &str,
) -> Result<Health, ApiError> {
    let to = now.unix_timestamp() * 1000;
    let from = to - hours.clamp(1, 24 * 180) * 3_600_000;
    let mut series = Vec::new();
    for m in HEALTH_METRICS {
        match client
            .metric_data(region, server_id, m, "average", from, to)
            .await
        {
            Ok(s) => series.push(s),
            Err(ApiError::Forbidden { code, message }) => {
                return Ok(Health::NotPermitted { code, message })
            }
            Err(e) => return Err(e),
        }
    }
    Ok(from_series(series, now, offset, lang))
}

/// Sorts series into the health states and writes their summaries.
pub fn from_series(
    series: Vec<Series>,
    now: OffsetDateTime,
    offset: UtcOffset,
    lang: &str,
) -> Health {
    if series.iter().all(|s| s.points.is_empty()) {
        return Health::NoData;
    }
    let summaries = series
        .iter()
        .filter_map(|s| summarize(s, now, offset, lang))
        .collect();
    Health::Data { series, summaries }
}

fn label(metric: &str, zh: bool) -> &str {
    match (metric, zh) {
        ("cpu_util", _) => "CPU",
        (m, false) if m.starts_with("network_incoming") => "Inbound traffic",
        (m, true) if m.starts_with("network_incoming") => "入站流量",
        (m, false) if m.starts_with("network_outgoing") => "Outbound traffic",
        (m, true) if m.starts_with("network_outgoing") => "出站流量",
        ("disk_read_bytes_rate", false) => "Disk reads",
        ("disk_read_bytes_rate", true) => "磁盘读",
        ("disk_write_bytes_rate", false) => "Disk writes",
        ("disk_write_bytes_rate", true) => "磁盘写",
        (m, _) => m,
    }
}

/// "12 %" for percentages, "1.2 MB/s" for byte rates (decimal units, as Cloud Eye).
pub fn format_value(v: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{v:.0} %"),
        Some("byte/s") | Some("Byte/s") => {
            let units = ["B/s", "kB/s", "MB/s", "GB/s"];
            let mut x = v.max(0.0);
            let mut i = 0;
            while x >= 1000.0 && i + 1 < units.len() {
                x /= 1000.0;
                i += 1;
            }
            if i == 0 || x >= 100.0 {
                format!("{x:.0} {}", units[i])
            } else {
                format!("{x:.1} {}", units[i])
            }
        }
        Some(u) => format!("{v:.1} {u}"),
        None => format!("{v:.1}"),
    }
}

/// "today 14:05", "yesterday 14:05", "20 Nov 14:05" (zh: 今天/昨天/11月20日) in `offset`.
fn when(t: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset, zh: bool) -> String {
    let (t, now) = (t.to_offset(offset), now.to_offset(offset));
    let hm = format!("{:02}:{:02}", t.hour(), t.minute());
    let day = if t.date() == now.date() {
        if zh { "今天" } else { "today" }.to_string()
    } else if Some(t.date()) == now.date().previous_day() {
        if zh { "昨天" } else { "yesterday" }.to_string()
    } else if zh {
        format!("{}月{}日", u8::from(t.month()), t.day())
    } else {
        format!("{} {}", t.day(), &t.month().to_string()[..3])
    };
    format!("{day} {hm}")
}

/// One sentence for one metric, `None` without points. The average is of the points'
/// averages; the peak is the highest point (its `max` when Cloud Eye gave it).
pub fn summarize(s: &Series, now: OffsetDateTime, offset: UtcOffset, lang: &str) -> Option<String> {
    let zh = lang.starts_with("zh");
    let vals: Vec<(f64, f64, i64)> = s
        .points
        .iter()
        .filter_map(|p| {
            let avg = p.average.or(p.max)?;
            Some((avg, p.max.unwrap_or(avg).max(avg), p.timestamp))
        })
        .filter(|(a, m, _)| a.is_finite() && m.is_finite())
        .collect();
    if vals.is_empty() {
        return None;
    }
    let avg = vals.iter().map(|v| v.0).sum::<f64>() / vals.len() as f64;
    let (_, peak, at) =
        vals.iter()
            .copied()
            .fold((0.0, f64::MIN, 0), |a, v| if v.1 > a.1 { v } else { a });
    let at = OffsetDateTime::from_unix_timestamp(at / 1000).ok()?;
    let unit = s.unit.as_deref();
    let name = label(&s.metric, zh);
    Some(if zh {
        format!(
            "{name}平均 {}，{}达到峰值 {}",
            format_value(avg, unit),
            when(at, now, offset, zh),
            format_value(peak, unit)
        )
    } else {
        format!(
            "{name} averaged {}, peaked at {} {}",
            format_value(avg, unit),
            format_value(peak, unit),
            when(at, now, offset, zh)
        )
    })
}

/// Points per chart for `hours` of history (the period Cloud Eye keeps for it).
pub fn expected_points(hours: i64) -> i64 {
    let to = 0;
    let from = -hours * 3_600_000;
    let p = crate::client::ces::period_for(from, to) as i64;
    Duration::hours(hours).whole_seconds() / p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ces::Datapoint;
    use time::macros::{datetime, offset};

    fn series(metric: &str, unit: &str, pts: &[(i64, f64, Option<f64>)]) -> Series {
        Series {
            server_id: "s".into(),
            metric: metric.into(),
            unit: Some(unit.into()),
            points: pts
                .iter()
                .map(|(t, a, m)| Datapoint {
                    average: Some(*a),
                    max: *m,
                    timestamp: *t,
                    ..Default::default()
                })
                .collect(),
        }
    }

    #[test]
    fn cpu_summary_in_both_languages() {
        let now = datetime!(2026-11-24 02:00:00 UTC); // 10:00 in UTC+8
        let peak = datetime!(2026-11-23 06:05:00 UTC).unix_timestamp() * 1000; // 14:05 UTC+8
        let s = series(
            "cpu_util",
            "%",
            &[
                (peak - 600_000, 6.0, None),
                (peak, 24.0, Some(95.0)),
                (peak + 600_000, 6.0, None),
            ],
        );
        assert_eq!(
            summarize(&s, now, offset!(+8), "en").unwrap(),
            "CPU averaged 12 %, peaked at 95 % yesterday 14:05"
        );
        assert_eq!(
            summarize(&s, now, offset!(+8), "zh-CN").unwrap(),
            "CPU平均 12 %，昨天 14:05达到峰值 95 %"
        );
        // The same instant is "today" in UTC.
        assert!(
            summarize(&s, datetime!(2026-11-23 20:00:00 UTC), offset!(UTC), "en")
                .unwrap()
                .ends_with("today 06:05")
        );
        assert!(
            summarize(&s, datetime!(2026-11-28 00:00:00 UTC), offset!(UTC), "en")
                .unwrap()
                .ends_with("23 Nov 06:05")
        );
    }

    #[test]
    fn byte_rates_read_as_people_write_them() {
        assert_eq!(format_value(950.0, Some("byte/s")), "950 B/s");
        assert_eq!(format_value(1_234_567.0, Some("byte/s")), "1.2 MB/s");
        assert_eq!(format_value(250_000_000.0, Some("byte/s")), "250 MB/s");
        assert_eq!(format_value(3.0e12, Some("byte/s")), "3000 GB/s");
        let now = datetime!(2026-11-24 02:00:00 UTC);
        let t = now.unix_timestamp() * 1000 - 3_600_000;
        let s = series(
            "network_outgoing_bytes_rate_inband",
            "byte/s",
            &[(t, 2_000_000.0, None)],
        );
        assert_eq!(
            summarize(&s, now, offset!(UTC), "en").unwrap(),
            "Outbound traffic averaged 2.0 MB/s, peaked at 2.0 MB/s today 01:00"
        );
    }

    #[test]
    fn no_points_is_no_data_not_an_error() {
        let now = datetime!(2026-11-24 02:00:00 UTC);
        let empty = series("cpu_util", "%", &[]);
        assert_eq!(summarize(&empty, now, offset!(UTC), "en"), None);
        assert_eq!(
            from_series(vec![empty.clone()], now, offset!(UTC), "en"),
            Health::NoData
        );
        let nan = series("cpu_util", "%", &[(0, f64::NAN, None)]);
        assert_eq!(summarize(&nan, now, offset!(UTC), "en"), None);
        assert!(not_permitted_note("zh").contains("云监控"));
        assert!(not_permitted_note("en").contains("Cloud Eye"));
    }

    #[test]
    fn chart_sizes() {
        assert_eq!(expected_points(24), 288);
        assert_eq!(expected_points(24 * 7), 168);
    }
}
