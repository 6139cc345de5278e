//! The expiry watcher: at start and every `refresh_hours` (or when woken) it
//! refreshes every watched profile, works out which notices are due with the pure
//! rules in `flexus_core::expiry`, sends each one once (remembered across
//! restarts) and updates the tray. Errors back off (1, 2, 4 … 30 minutes).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use flexus_core::client::bss::PeriodType;
use flexus_core::expiry::{self, Facts, Notice, Periods, Stage};
use flexus_core::timefmt;

use crate::settings::DEMO_PROFILE;
use crate::state::{lock, AppState};

pub trait Notifier: Send + Sync {
    /// Shows one notice of `profile`'s; `lang` is for the notifier's own labels.
    fn notify(&self, profile: &str, notice: &Notice, lang: expiry::Lang);

    /// Shows the notice and says whether a notification server took it. A notice
    /// counts as sent only then; notifiers that cannot tell assume it was shown.
    fn deliver<'a>(
        &'a self,
        profile: &'a str,
        notice: &'a Notice,
        lang: expiry::Lang,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>> {
        self.notify(profile, notice, lang);
        Box::pin(std::future::ready(true))
    }
}

/// How often undelivered reminders are offered again (no cloud calls involved).
pub const PENDING_RETRY: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
pub struct Report {
    pub sent: Vec<Notice>,
    pub failed_profiles: Vec<String>,
    pub locked_profiles: Vec<String>,
}

/// Profiles to watch: every connected account, plus the demo while it is active.
pub fn watched(state: &AppState) -> Vec<String> {
    let s = state.settings.get();
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
    let settings = state.settings.get();
    let view = crate::refresh::refresh(state, profile, Duration::ZERO)
        .await
        .map_err(|e| e.message())?;
    let site = view.site;
    let (g, r) = site.grace_retention_days();
    let periods = Periods {
        grace_days: g,
        retention_days: r,
    };
    let client = state
        .accounts
        .client(profile)
        .await
        .map_err(|e| e.message())?;
    let now = state.accounts.now(profile).await;
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
            balance: view.fleet.balance,
            renew_price,
        };
        due.extend(expiry::due(now, &facts, periods, &settings.thresholds));
        if lc.stage != Stage::Deleted {
            upcoming.push((
                lc.days_left,
                profile.to_string(),
                i.id.clone(),
                flexus_core::messages::stage_label(settings.language, &i.name, &lc),
            ));
        }
    }
    due.extend(crate::guard::run_guard(state, profile, &client, &view.fleet.instances, now).await);
    upcoming.sort();
    {
        let mut up = lock(&state.reminders.upcoming);
        up.retain(|(p, _, _)| p != profile);
        up.extend(upcoming.into_iter().take(5).map(|(_, p, id, l)| (p, id, l)));
    }
    let fresh: Vec<Notice> = due
        .into_iter()
        .filter(|n| !state.reminders.was_sent(&format!("{profile}:{}", n.key)))
        .collect();
    crate::alerts::enqueue(state, profile, &fresh).await;
    let mut sent = fresh;
    if !settings.notifications_paused {
        let mut waiting = Vec::new();
        let mut delivered = Vec::new();
        for n in sent {
            if notifier.deliver(profile, &n, settings.language).await {
                delivered.push(n);
            } else {
                waiting.push(n);
            }
        }
        let keys: Vec<String> = delivered
            .iter()
            .map(|n| format!("{profile}:{}", n.key))
            .collect();
        state
            .reminders
            .mark_sent(&keys)
            .map_err(|e| e.to_string())?;
        state.reminders.set_waiting(profile, waiting);
        sent = delivered;
    }
    lock(&state.reminders.watch)
        .checked_at
        .insert(profile.to_string(), timefmt::utc(now));
    Ok(sent)
}

/// Offers the reminders no notification server took again; each one delivered is
/// Titles of the reminders no notification server has taken yet, for Settings.
fn waiting_titles(state: &AppState) -> Vec<String> {
    let lang = state.settings.lang();
    state
        .reminders
        .waiting()
        .into_iter()
        .map(|(_, n)| n.title(lang))
        .collect()
}

/// marked sent. Returns how many were delivered.
pub async fn retry_pending(state: &AppState, notifier: &dyn Notifier) -> usize {
    let lang = state.settings.lang();
    let mut delivered = 0;
    for (profile, n) in state.reminders.waiting() {
        if notifier.deliver(&profile, &n, lang).await {
            if let Err(e) = state.reminders.mark_sent(&[format!("{profile}:{}", n.key)]) {
                tracing::warn!(error = %e, "reminder history not saved");
            }
            state.reminders.drop_waiting(&profile, &n.key);
            delivered += 1;
        }
    }
    delivered
}

pub async fn check_all(state: &AppState, notifier: &dyn Notifier) -> Report {
    // Paid actions with a lost answer are checked on every run (and so at start-up).
    crate::unresolved::recover_all(state).await;
    let mut report = Report::default();
    for p in watched(state) {
        // A locked keychain is not an error to retry soon: that would prompt again
        // at every backoff step. It is skipped and shown in Settings instead.
        if let Err(e) = state.accounts.client(&p).await {
            if e.kind == "keychain_locked" {
                tracing::info!(profile = %p, "keychain locked; expiry check skipped");
                report.locked_profiles.push(p);
                continue;
            }
        }
        // Orders waiting for payment, for the tray (best effort, like the expiries).
        if let Ok(list) = crate::unresolved::fetch_unpaid(state, &p).await {
            state.reminders.set_unpaid(&p, &list);
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
        let work = state.work.lock().await;
        let report = check_all(state, notifier).await;
        drop(work);
        {
            let mut w = lock(&state.reminders.watch);
            w.runs += 1;
            w.last_run = Some(timefmt::utc(time::OffsetDateTime::now_utc()));
            w.failed_profiles = report.failed_profiles.clone();
            w.locked_profiles = report.locked_profiles.clone();
            w.pending_reminders = waiting_titles(state);
        }
        on_update();
        let wait = if report.failed_profiles.is_empty() {
            backoff = Duration::from_secs(60);
            Duration::from_secs(u64::from(state.settings.get().refresh_hours.max(1)) * 3600)
        } else {
            let w = backoff;
            backoff = (backoff * 2).min(Duration::from_secs(1800));
            w
        };
        // Until the next check, undelivered reminders are offered again every
        // PENDING_RETRY (a notification server may appear at any time).
        let due = tokio::time::Instant::now() + wait;
        loop {
            let step = if state.reminders.waiting().is_empty() {
                due.saturating_duration_since(tokio::time::Instant::now())
            } else {
                PENDING_RETRY.min(due.saturating_duration_since(tokio::time::Instant::now()))
            };
            tokio::select! {
                _ = tokio::time::sleep(step) => {}
                _ = state.wake.notified() => break,
            }
            if tokio::time::Instant::now() >= due {
                break;
            }
            let work = state.work.lock().await;
            let delivered = retry_pending(state, notifier).await;
            drop(work);
            if delivered > 0 {
                lock(&state.reminders.watch).pending_reminders = waiting_titles(state);
                on_update();
            }
        }
    }
}
