// Over 400 lines on purpose: the rules are short; the rest is the exhaustive hour-by-hour walk that tests them.
//! Expiry rules: which lifecycle stage an instance is in and which notices are due.
//! Pure functions of (now, facts, settings) so they can be tested exhaustively.
//!
//! Stages: in use → expired, grace period (still usable) → retention period (frozen)
//! → deleted. International site: 15 + 15 days; China site: by customer level, so we
//! assume the shortest (1 + 1) unless told otherwise.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

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

pub use crate::keys::Lang;

/// What the watcher knows about one instance.
#[derive(Debug, Clone)]
pub struct Facts {
    pub instance_id: String,
    pub name: String,
    pub expire: OffsetDateTime,
    pub auto_renew: bool,
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
    AutoStopped,
}

crate::message_keys! {
    /// Which rule fired, with the facts its sentence needs (the text lives in
    /// `messages`, chosen in the language of the moment it is shown).
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[serde(tag = "rule", rename_all = "snake_case")]
    pub enum Due {
        /// `threshold` is the tightest reminder threshold (days) crossed.
        Expiry { threshold: i64, days_left: i64, auto_renew: bool, expire: Date },
        /// `day`: whole days since expiry.
        Grace { day: i64, freeze_at: Date },
        /// `day`: whole days since the freeze.
        Retention { day: i64, delete_at: Date },
        Deleted,
        /// `percent` % of the monthly traffic is used (a reminder threshold of the
        /// traffic guard, `flexus_core::guard`).
        Traffic { percent: u8, used_gb: f64, total_gb: f64 },
        AutoRenewAtRisk { balance: f64, price: f64, expire: Date },
        /// The traffic guard stopped the server at `percent` % used.
        AutoStopped { percent: u8 },
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    /// Remembered once sent: the same key is never notified twice.
    pub key: String,
    pub instance_id: String,
    /// The instance's name, for the title.
    pub name: String,
    pub due: Due,
}

impl Notice {
    pub fn kind(&self) -> NoticeKind {
        match self.due {
            Due::Expiry { .. } => NoticeKind::Expiry,
            Due::Grace { .. } => NoticeKind::Grace,
            Due::Retention { .. } => NoticeKind::Retention,
            Due::Deleted => NoticeKind::Deleted,
            Due::Traffic { .. } => NoticeKind::Traffic,
            Due::AutoRenewAtRisk { .. } => NoticeKind::AutoRenewAtRisk,
            Due::AutoStopped { .. } => NoticeKind::AutoStopped,
        }
    }

    /// Auto-renew is on: inform, don't alarm.
    pub fn quiet(&self) -> bool {
        matches!(
            self.due,
            Due::Expiry {
                auto_renew: true,
                ..
            }
        )
    }
}

fn date(t: OffsetDateTime) -> String {
    crate::timefmt::ymd(t.date())
}

/// Notices due now. `thresholds` are days before expiry (any order); for each
/// expiry cycle only the tightest threshold crossed is returned, so an app that
/// was off for a week sends one notice, not five.
pub fn due(now: OffsetDateTime, f: &Facts, p: Periods, thresholds: &[i64]) -> Vec<Notice> {
    let lc = lifecycle(now, f.expire, p);
    let exp = date(f.expire);
    let expire = f.expire.date();
    let mut out = Vec::new();
    let mut push = |key: String, due: Due| {
        out.push(Notice {
            key,
            instance_id: f.instance_id.clone(),
            name: f.name.clone(),
            due,
        })
    };
    let id = &f.instance_id;
    match lc.stage {
        Stage::Active => {
            let mut ts: Vec<i64> = thresholds.iter().copied().filter(|t| *t >= 0).collect();
            ts.sort_unstable();
            if let Some(t) = ts.into_iter().find(|t| lc.days_left <= *t) {
                push(
                    format!("{id}:{exp}:expiry:{t}"),
                    Due::Expiry {
                        threshold: t,
                        days_left: lc.days_left,
                        auto_renew: f.auto_renew,
                        expire,
                    },
                );
            }
        }
        Stage::Grace => {
            let day = (now - f.expire).whole_days();
            push(
                format!("{id}:{exp}:grace:{day}"),
                Due::Grace {
                    day,
                    freeze_at: lc.freeze_at.date(),
                },
            );
        }
        Stage::Retention => {
            let day = (now - lc.freeze_at).whole_days();
            push(
                format!("{id}:{exp}:retention:{day}"),
                Due::Retention {
                    day,
                    delete_at: lc.delete_at.date(),
                },
            );
        }
        Stage::Deleted => push(format!("{id}:{exp}:deleted"), Due::Deleted),
    }
    if f.auto_renew && lc.stage == Stage::Active && lc.days_left <= 10 {
        if let (Some(balance), Some(price)) = (f.balance, f.renew_price) {
            if balance < price {
                push(
                    format!("{id}:{exp}:autorenew"),
                    Due::AutoRenewAtRisk {
                        balance,
                        price,
                        expire,
                    },
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
            for n in due(t, &facts(exp, false), P, &DEFAULT_THRESHOLDS) {
                if seen.insert(n.key.clone()) {
                    sent.push(n);
                }
            }
            t += Duration::hours(1);
        }
        let expiry: Vec<_> = sent
            .iter()
            .filter(|n| n.kind() == NoticeKind::Expiry)
            .map(|n| n.key.rsplit(':').next().unwrap().to_string())
            .collect();
        assert_eq!(expiry, ["30", "15", "7", "3", "1", "0"]);
        assert_eq!(
            sent.iter()
                .filter(|n| n.kind() == NoticeKind::Grace)
                .count(),
            15
        );
        assert_eq!(
            sent.iter()
                .filter(|n| n.kind() == NoticeKind::Retention)
                .count(),
            15
        );
        assert_eq!(
            sent.iter()
                .filter(|n| n.kind() == NoticeKind::Deleted)
                .count(),
            1
        );
        let last_grace = sent
            .iter()
            .rev()
            .find(|n| n.kind() == NoticeKind::Grace)
            .unwrap();
        assert!(
            last_grace.body(Lang::En).contains("2026-03-16"),
            "{}",
            last_grace.body(Lang::En)
        );
        let ret = sent
            .iter()
            .find(|n| n.kind() == NoticeKind::Retention)
            .unwrap();
        assert!(
            ret.body(Lang::En).contains("2026-03-31"),
            "{}",
            ret.body(Lang::En)
        );
    }

    #[test]
    fn app_off_for_a_while_sends_one_notice() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let n = due(
            exp - Duration::days(2),
            &facts(exp, false),
            P,
            &DEFAULT_THRESHOLDS,
        );
        assert_eq!(n.len(), 1);
        assert!(n[0].key.ends_with(":expiry:3"));
        assert_eq!(n[0].title(Lang::En), "web-01 expires in 2 days");
        assert_eq!(n[0].title(Lang::Zh), "web-01 将在 2 天后到期");
        assert!(due(
            exp - Duration::days(31),
            &facts(exp, false),
            P,
            &DEFAULT_THRESHOLDS,
        )
        .is_empty());
    }

    #[test]
    fn renewal_rearms_the_thresholds() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let a = due(exp - Duration::days(2), &facts(exp, false), P, &[7]);
        let b = due(
            exp - Duration::days(2),
            &facts(exp + Duration::days(30), false),
            P,
            &[35],
        );
        assert_ne!(a[0].key, b[0].key);
    }

    #[test]
    fn auto_renew_is_quiet_and_warns_on_low_balance() {
        let exp = datetime!(2026-03-01 12:00 UTC);
        let mut f = facts(exp, true);
        f.balance = Some(10.0);
        f.renew_price = Some(24.0);
        let n = due(exp - Duration::days(8), &f, P, &DEFAULT_THRESHOLDS);
        assert!(n.iter().any(|x| x.kind() == NoticeKind::Expiry
            && x.quiet()
            && x.title(Lang::Zh).contains("自动续费")));
        assert!(n.iter().any(|x| x.kind() == NoticeKind::AutoRenewAtRisk));
        f.balance = Some(100.0);
        assert!(!due(exp - Duration::days(8), &f, P, &DEFAULT_THRESHOLDS,)
            .iter()
            .any(|x| x.kind() == NoticeKind::AutoRenewAtRisk));
    }
}
