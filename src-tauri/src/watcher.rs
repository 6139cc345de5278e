//! The expiry watcher: at start and every `refresh_hours` (or when woken) it
//! refreshes every watched profile, works out which notices are due with the pure
//! rules in `flexus_core::expiry`, sends each one once (remembered across
//! restarts) and updates the tray. Errors back off (1, 2, 4 … 30 minutes).

use std::time::Duration;

use flexus_core::client::bss::PeriodType;
use flexus_core::expiry::{self, Facts, Notice, Periods, Stage};
use flexus_core::timefmt;

use crate::settings::DEMO_PROFILE;
use crate::state::{lock, AppState};

pub trait Notifier: Send + Sync {
    /// Shows one notice of `profile`'s; `lang` is for the notifier's own labels.
    fn notify(&self, profile: &str, notice: &Notice, lang: expiry::Lang);
}

/// The watcher's last run, for Settings ("last checked …") and the e2e tests.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct WatchStatus {
    pub runs: u64,
    /// Wall-clock time of the last finished run (UTC).
    pub last_run: Option<String>,
    pub failed_profiles: Vec<String>,
    /// The cloud's time each profile was last checked at (the demo's is simulated).
    pub checked_at: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub sent: Vec<Notice>,
    pub failed_profiles: Vec<String>,
}

/// Profiles to watch: every connected account, plus the demo while it is active.
pub fn watched(state: &AppState) -> Vec<String> {
    let s = state.settings();
    let mut v: Vec<String> = s.profiles.iter().map(|p| p.name.clone()).collect();
    if s.active_profile == DEMO_PROFILE && s.onboarded {
        v.insert(0, DEMO_PROFILE.into());
    }
    v
}

pub async fn check_profile(
    state: &AppState,
    profile: &str,
    notifier: &dyn Notifier,
) -> Result<Vec<Notice>, String> {
    let settings = state.settings();
    let view = crate::commands::fleet::refresh_profile(state, profile, Duration::ZERO)
        .await
        .map_err(|e| e.message)?;
    let site = view.site;
    let (g, r) = site.grace_retention_days();
    let periods = Periods {
        grace_days: g,
        retention_days: r,
    };
    let client = state.client(profile).await.map_err(|e| e.message)?;
    let now = state.now(profile).await;
    let mut due = Vec::new();
    let mut upcoming = Vec::new();
    for i in &view.fleet.instances {
        let Some(expire) = i.expire_time.as_deref().and_then(timefmt::parse_utc) else {
            continue;
        };
        let auto = i.auto_renew.unwrap_or(false);
        let lc = expiry::lifecycle(now, expire, periods);
        // The renewal price matters only when auto-renew will charge soon.
        let renew_price = if auto && lc.stage == Stage::Active && lc.days_left <= 10 {
            client
                .renew_price(std::slice::from_ref(&i.id), PeriodType::Month, 1)
                .await
                .ok()
                .and_then(|p| p.total_of(std::slice::from_ref(&i.id)))
                .and_then(|d| f64::try_from(d).ok())
        } else {
            None
        };
        let facts = Facts {
            instance_id: i.id.clone(),
            name: i.name.clone(),
            expire,
            auto_renew: auto,
            traffic: match (i.traffic_left_gb, i.traffic_total_gb, &i.traffic_cycle_end) {
                (Some(l), Some(t), Some(end)) => Some((l, t, end.clone())),
                _ => None,
            },
            balance: view.fleet.balance,
            renew_price,
        };
        due.extend(expiry::due(
            now,
            &facts,
            periods,
            &settings.thresholds,
            settings.language,
        ));
        if lc.stage != Stage::Deleted {
            upcoming.push((
                lc.days_left,
                profile.to_string(),
                i.id.clone(),
                label(settings.language, &i.name, &lc),
            ));
        }
    }
    upcoming.sort();
    {
        let mut up = lock(&state.upcoming);
        up.retain(|(p, _, _)| p != profile);
        up.extend(upcoming.into_iter().take(5).map(|(_, p, id, l)| (p, id, l)));
    }
    let fresh: Vec<Notice> = due
        .into_iter()
        .filter(|n| !state.notice_sent(&format!("{profile}:{}", n.key)))
        .collect();
    if !settings.notifications_paused {
        for n in &fresh {
            notifier.notify(profile, n, settings.language);
        }
        let keys: Vec<String> = fresh
            .iter()
            .map(|n| format!("{profile}:{}", n.key))
            .collect();
        state.mark_notices(&keys).map_err(|e| e.to_string())?;
    }
    lock(&state.watch)
        .checked_at
        .insert(profile.to_string(), timefmt::utc(now));
    Ok(fresh)
}

fn label(lang: expiry::Lang, name: &str, lc: &expiry::Lifecycle) -> String {
    let zh = lang == expiry::Lang::Zh;
    match lc.stage {
        Stage::Active if zh => format!("{name}：{} 天后到期", lc.days_left),
        Stage::Active => format!("{name} expires in {} days", lc.days_left),
        Stage::Grace if zh => format!("{name}：已过期（宽限期）"),
        Stage::Grace => format!("{name} expired (grace period)"),
        Stage::Retention if zh => format!("{name}：已冻结"),
        Stage::Retention => format!("{name} is frozen"),
        Stage::Deleted => name.to_string(),
    }
}

pub async fn check_all(state: &AppState, notifier: &dyn Notifier) -> Report {
    // Paid actions with a lost answer are checked on every run (and so at start-up).
    crate::commands::pending::recover_all(state).await;
    let mut report = Report::default();
    for p in watched(state) {
        // Orders waiting for payment, for the tray (best effort, like the expiries).
        if let Ok(list) = crate::commands::pending::fetch_unpaid(state, &p).await {
            crate::commands::pending::remember_unpaid(state, &p, &list);
        }
        match check_profile(state, &p, notifier).await {
            Ok(sent) => report.sent.extend(sent),
            Err(e) => {
                tracing::warn!(profile = %p, error = %e, "expiry check failed");
                report.failed_profiles.push(p);
            }
        }
    }
    report
}

/// How long after start-up the first check waits (unless woken): the window's own
/// first refresh, which the user is waiting for, goes first.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(5);

/// Runs forever: check, then sleep until the schedule or a wake-up.
pub async fn run(state: &AppState, notifier: &dyn Notifier, on_update: impl Fn()) {
    let mut backoff = Duration::from_secs(60);
    tokio::select! {
        _ = tokio::time::sleep(FIRST_CHECK_AFTER) => {}
        _ = state.wake.notified() => {}
    }
    loop {
        let report = check_all(state, notifier).await;
        {
            let mut w = lock(&state.watch);
            w.runs += 1;
            w.last_run = Some(timefmt::utc(time::OffsetDateTime::now_utc()));
            w.failed_profiles = report.failed_profiles.clone();
        }
        on_update();
        let wait = if report.failed_profiles.is_empty() {
            backoff = Duration::from_secs(60);
            Duration::from_secs(u64::from(state.settings().refresh_hours.max(1)) * 3600)
        } else {
            let w = backoff;
            backoff = (backoff * 2).min(Duration::from_secs(1800));
            w
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.wake.notified() => {}
        }
    }
}
