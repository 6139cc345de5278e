//! Expiry rules: which lifecycle stage an instance is in and which notices are due.
//! Pure functions of (now, facts, settings) so they can be tested exhaustively.
//!
//! Stages: in use → expired, grace period (still usable) → retention period (frozen)
//! → deleted. International site: 15 + 15 days; China site: by customer level, so we
//! assume the shortest (1 + 1) unless told otherwise.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

pub const DEFAULT_THRESHOLDS: [i64; 6] = [30, 15, 7, 3, 1, 0];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Active,
    Grace,
    Retention,
    Deleted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    pub grace_days: i64,
    pub retention_days: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Lifecycle {
    pub stage: Stage,
    /// Whole days until expiry (negative once expired).
    pub days_left: i64,
    pub expire: OffsetDateTime,
    pub freeze_at: OffsetDateTime,
    pub delete_at: OffsetDateTime,
}

pub fn lifecycle(now: OffsetDateTime, expire: OffsetDateTime, p: Periods) -> Lifecycle {
    let freeze_at = expire + Duration::days(p.grace_days);
    let delete_at = freeze_at + Duration::days(p.retention_days);
    let stage = if now < expire {
        Stage::Active
    } else if now < freeze_at {
        Stage::Grace
    } else if now < delete_at {
        Stage::Retention
    } else {
        Stage::Deleted
    };
    let secs = (expire - now).whole_seconds();
    let days_left = secs.div_euclid(86_400);
    Lifecycle {
        stage,
        days_left,
        expire,
        freeze_at,
        delete_at,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

/// What the watcher knows about one instance.
#[derive(Debug, Clone)]
pub struct Facts {
    pub instance_id: String,
    pub name: String,
    pub expire: OffsetDateTime,
    pub auto_renew: bool,
    /// Remaining / total traffic in the current cycle, and when the cycle ends.
    pub traffic: Option<(f64, f64, String)>,
    pub balance: Option<f64>,
    pub renew_price: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Expiry,
    Grace,
    Retention,
    Deleted,
    Traffic,
    AutoRenewAtRisk,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Notice {
    /// Remembered once sent: the same key is never notified twice.
    pub key: String,
    pub instance_id: String,
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// Auto-renew is on: inform, don't alarm.
    pub quiet: bool,
}

fn date(t: OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
}

/// Notices due now. `thresholds` are days before expiry (any order); for each
/// expiry cycle only the tightest threshold crossed is returned, so an app that
/// was off for a week sends one notice, not five.
pub fn due(
    now: OffsetDateTime,
    f: &Facts,
    p: Periods,
    thresholds: &[i64],
    lang: Lang,
) -> Vec<Notice> {
    let lc = lifecycle(now, f.expire, p);
    let exp = date(f.expire);
    let zh = lang == Lang::Zh;
    let mut out = Vec::new();
    let mut push = |key: String, kind, title: String, body: String, quiet| {
        out.push(Notice {
            key,
            instance_id: f.instance_id.clone(),
            kind,
            title,
            body,
            quiet,
        })
    };
    let name = &f.name;
    match lc.stage {
        Stage::Active => {
            let mut ts: Vec<i64> = thresholds.iter().copied().filter(|t| *t >= 0).collect();
            ts.sort_unstable();
            if let Some(t) = ts.into_iter().find(|t| lc.days_left <= *t) {
                let d = lc.days_left;
                let (title, body) = match (zh, f.auto_renew) {
                    (false, false) if d == 0 => (
                        format!("{name} expires today"),
                        format!("Renew now to keep it running. It expires on {exp} (UTC)."),
                    ),
                    (false, false) => (
                        format!("{name} expires in {d} day{}", if d == 1 { "" } else { "s" }),
                        format!("Renew before {exp} (UTC) to keep it running."),
                    ),
                    (false, true) => (
                        format!("{name} renews automatically in {d} days"),
                        format!(
                            "Auto-renew is on; the charge is taken from your balance before {exp}."
                        ),
                    ),
                    (true, false) if d == 0 => (
                        format!("{name} 今天到期"),
                        format!("请立即续费以免停用。到期时间 {exp} (UTC)。"),
                    ),
                    (true, false) => (
                        format!("{name} 将在 {d} 天后到期"),
                        format!("请在 {exp} (UTC) 前续费以保持运行。"),
                    ),
                    (true, true) => (
                        format!("{name} 将在 {d} 天后自动续费"),
                        format!("已开启自动续费，将在 {exp} 前从余额扣款。"),
                    ),
                };
                push(
                    format!("{}:{exp}:expiry:{t}", f.instance_id),
                    NoticeKind::Expiry,
                    title,
                    body,
                    f.auto_renew,
                );
            }
        }
        Stage::Grace => {
            let day = (now - f.expire).whole_days();
            let fr = date(lc.freeze_at);
            let (title, body) = if zh {
                (
                    format!("{name} 已过期，处于宽限期"),
                    format!("将于 {fr} 冻结。请尽快续费。"),
                )
            } else {
                (
                    format!("{name} has expired (grace period)"),
                    format!("It still runs, but will be frozen on {fr}. Renew now."),
                )
            };
            push(
                format!("{}:{exp}:grace:{day}", f.instance_id),
                NoticeKind::Grace,
                title,
                body,
                false,
            );
        }
        Stage::Retention => {
            let day = (now - lc.freeze_at).whole_days();
            let del = date(lc.delete_at);
            let (title, body) = if zh {
                (
                    format!("{name} 已冻结（保留期）"),
                    format!("将于 {del} 删除，数据无法恢复。请立即续费。"),
                )
            } else {
                (
                    format!("{name} is frozen (retention period)"),
                    format!("It will be deleted with its data on {del}. Renew now to keep it."),
                )
            };
            push(
                format!("{}:{exp}:retention:{day}", f.instance_id),
                NoticeKind::Retention,
                title,
                body,
                false,
            );
        }
        Stage::Deleted => {
            let (title, body) = if zh {
                (
                    format!("{name} 已被删除"),
                    "保留期已结束，实例及数据已释放。".to_string(),
                )
            } else {
                (
                    format!("{name} was deleted"),
                    "The retention period ended; the instance and its data were released."
                        .to_string(),
                )
            };
            push(
                format!("{}:{exp}:deleted", f.instance_id),
                NoticeKind::Deleted,
                title,
                body,
                false,
            );
        }
    }
    if let Some((left, total, cycle_end)) = &f.traffic {
        if *total > 0.0 && lc.stage == Stage::Active {
            let pct = left / total * 100.0;
            if let Some(level) = [5, 20].into_iter().find(|l| pct < *l as f64) {
                let (title, body) = if zh {
                    (
                        format!("{name} 流量包剩余不足 {level}%"),
                        format!("剩余 {left:.0} / {total:.0} GB；超出部分按流量计费，不会限速。"),
                    )
                } else {
                    (format!("{name} has less than {level}% traffic left"), format!("{left:.0} of {total:.0} GB left; traffic beyond the package is billed per GB, not throttled."))
                };
                // Keyed by the cycle's end *day*: cycles are monthly, and the same
                // cycle reported a few seconds apart must not notify twice.
                let cycle_day = cycle_end.get(..10).unwrap_or(cycle_end);
                push(
                    format!("{}:{cycle_day}:traffic:{level}", f.instance_id),
                    NoticeKind::Traffic,
                    title,
                    body,
                    false,
                );
            }
        }
    }
    if f.auto_renew && lc.stage == Stage::Active && lc.days_left <= 10 {
        if let (Some(bal), Some(price)) = (f.balance, f.renew_price) {
            if bal < price {
                let (title, body) = if zh {
                    (
                        format!("{name} 自动续费可能失败"),
                        format!("余额 {bal:.2} 低于续费价格 {price:.2}。请充值。"),
                    )
                } else {
                    (format!("Auto-renew of {name} will likely fail"), format!("Your balance {bal:.2} is below the renewal price {price:.2}. Top up before {exp}."))
                };
                push(
                    format!("{}:{exp}:autorenew", f.instance_id),
                    NoticeKind::AutoRenewAtRisk,
                    title,
                    body,
                    false,
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const P: Periods = Periods {
        grace_days: 15,
        retention_days: 15,
    };

    fn facts(expire: OffsetDateTime, auto: bool) -> Facts {
        Facts {
            instance_id: "i1".into(),
            name: "web-01".into(),
            expire,
            auto_renew: auto,
            traffic: None,
            balance: None,
            renew_price: None,
        }
    }

    #[test]
    fn stages_across_the_whole_life() {
        let exp = datetime!(2026-01-31 00:00 UTC);
        let at = |d: i64| lifecycle(exp + Duration::days(d), exp, P).stage;
        assert_eq!(at(-1), Stage::Active);
        assert_eq!(at(0), Stage::Grace);
        assert_eq!(at(14), Stage::Grace);
        assert_eq!(at(15), Stage::Retention);
        assert_eq!(at(29), Stage::Retention);
        assert_eq!(at(30), Stage::Deleted);
        let lc = lifecycle(exp - Duration::hours(36), exp, P);
        assert_eq!(lc.days_left, 1);
        assert_eq!(lifecycle(exp + Duration::hours(1), exp, P).days_left, -1);
    }

    #[test]
    fn each_threshold_fires_once_per_cycle_and_only_the_tightest() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let mut seen = std::collections::BTreeSet::new();
        let mut sent = Vec::new();
        // Walk hourly from 40 days before expiry to deletion.
        let mut t = exp - Duration::days(40);
        while t < exp + Duration::days(31) {
            for n in due(t, &facts(exp, false), P, &DEFAULT_THRESHOLDS, Lang::En) {
                if seen.insert(n.key.clone()) {
                    sent.push(n);
                }
            }
            t += Duration::hours(1);
        }
        let expiry: Vec<_> = sent
            .iter()
            .filter(|n| n.kind == NoticeKind::Expiry)
            .map(|n| n.key.rsplit(':').next().unwrap().to_string())
            .collect();
        assert_eq!(expiry, ["30", "15", "7", "3", "1", "0"]);
        assert_eq!(
            sent.iter().filter(|n| n.kind == NoticeKind::Grace).count(),
            15
        );
        assert_eq!(
            sent.iter()
                .filter(|n| n.kind == NoticeKind::Retention)
                .count(),
            15
        );
        assert_eq!(
            sent.iter()
                .filter(|n| n.kind == NoticeKind::Deleted)
                .count(),
            1
        );
        let last_grace = sent
            .iter()
            .rev()
            .find(|n| n.kind == NoticeKind::Grace)
            .unwrap();
        assert!(
            last_grace.body.contains("2026-03-16"),
            "{}",
            last_grace.body
        );
        let ret = sent
            .iter()
            .find(|n| n.kind == NoticeKind::Retention)
            .unwrap();
        assert!(ret.body.contains("2026-03-31"), "{}", ret.body);
    }

    #[test]
    fn app_off_for_a_while_sends_one_notice() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let n = due(
            exp - Duration::days(2),
            &facts(exp, false),
            P,
            &DEFAULT_THRESHOLDS,
            Lang::En,
        );
        assert_eq!(n.len(), 1);
        assert!(n[0].key.ends_with(":expiry:3"));
        assert_eq!(n[0].title, "web-01 expires in 2 days");
        assert!(due(
            exp - Duration::days(31),
            &facts(exp, false),
            P,
            &DEFAULT_THRESHOLDS,
            Lang::En
        )
        .is_empty());
    }

    #[test]
    fn renewal_rearms_the_thresholds() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let a = due(
            exp - Duration::days(2),
            &facts(exp, false),
            P,
            &[7],
            Lang::En,
        );
        let b = due(
            exp - Duration::days(2),
            &facts(exp + Duration::days(30), false),
            P,
            &[35],
            Lang::En,
        );
        assert_ne!(a[0].key, b[0].key);
    }

    #[test]
    fn auto_renew_is_quiet_and_warns_on_low_balance() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let mut f = facts(exp, true);
        f.balance = Some(10.0);
        f.renew_price = Some(24.0);
        let n = due(
            exp - Duration::days(8),
            &f,
            P,
            &DEFAULT_THRESHOLDS,
            Lang::Zh,
        );
        assert!(n
            .iter()
            .any(|x| x.kind == NoticeKind::Expiry && x.quiet && x.title.contains("自动续费")));
        assert!(n.iter().any(|x| x.kind == NoticeKind::AutoRenewAtRisk));
        f.balance = Some(100.0);
        assert!(!due(
            exp - Duration::days(8),
            &f,
            P,
            &DEFAULT_THRESHOLDS,
            Lang::En
        )
        .iter()
        .any(|x| x.kind == NoticeKind::AutoRenewAtRisk));
    }

    #[test]
    fn traffic_levels() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let mut f = facts(exp, false);
        let now = exp - Duration::days(60);
        f.traffic = Some((30.0, 200.0, "c1".into()));
        assert!(due(now, &f, P, &[], Lang::En)
            .iter()
            .any(|n| n.key.ends_with("traffic:20")));
        f.traffic = Some((5.0, 200.0, "c1".into()));
        assert!(due(now, &f, P, &[], Lang::En)
            .iter()
            .any(|n| n.key.ends_with("traffic:5")));
        f.traffic = Some((100.0, 200.0, "c1".into()));
        assert!(due(now, &f, P, &[], Lang::En).is_empty());
        f.traffic = Some((0.0, 0.0, "c1".into()));
        assert!(due(now, &f, P, &[], Lang::En).is_empty());
    }

    #[test]
    fn traffic_key_is_per_cycle_day() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let now = exp - Duration::days(60);
        let key = |end: &str| {
            let mut f = facts(exp, false);
            f.traffic = Some((5.0, 200.0, end.into()));
            due(now, &f, P, &[], Lang::En)[0].key.clone()
        };
        assert_eq!(key("2026-01-13T05:11:22Z"), key("2026-01-13T05:11:57Z"));
        assert_ne!(key("2026-01-13T05:11:22Z"), key("2026-02-12T05:11:22Z"));
    }
}
