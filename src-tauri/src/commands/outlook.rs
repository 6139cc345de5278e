//! The renewal calendar across accounts, and its exports (.ics, .csv) through the
//! native save dialog: the webview never names a path; Rust asks the user, then
//! writes the file itself.

use std::time::Duration;

use flexus_core::outlook::{self, AccountInput, Outlook};
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::export::{save_as, Save};
use super::St;
use crate::error::CmdResult;
use crate::messages::AppText;
use crate::refresh::refresh as refresh_profile;
use crate::state::AppState;

/// An account the outlook could not read (the rest are still shown).
#[derive(Debug, Clone, Serialize)]
pub struct AccountProblem {
    pub account: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlookView {
    /// Facts only (amounts, months, coverage); the page words them in its language.
    pub outlook: Outlook,
    pub problems: Vec<AccountProblem>,
}

/// The accounts of the calendar: every connected account, or the demo alone while
/// the demo is active (its made-up money is never mixed with real money).
fn accounts(state: &AppState) -> Vec<String> {
    let active = state.settings.active();
    if state.settings.is_demo(&active) {
        return vec![active];
    }
    state
        .settings
        .get()
        .profiles
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

type Read = (
    String,
    std::sync::Arc<flexus_core::CloudClient>,
    crate::state::FleetView,
);

/// Each account's fleet (a refresh at most a minute old is reused).
async fn fleets(state: &AppState) -> (Vec<Read>, Vec<AccountProblem>) {
    let (mut ok, mut problems) = (Vec::new(), Vec::new());
    for p in accounts(state) {
        let view = refresh_profile(state, &p, Duration::from_secs(60)).await;
        match (view, state.accounts.client(&p).await) {
            (Ok(v), Ok(c)) => ok.push((p, c, v)),
            (Err(e), _) | (_, Err(e)) => problems.push(AccountProblem {
                account: p,
                message: e.message(),
            }),
        }
    }
    (ok, problems)
}

async fn build(state: &AppState) -> (Outlook, Vec<AccountProblem>) {
    let (read, problems) = fleets(state).await;
    let now = state.accounts.now(&state.settings.active()).await;
    let mut inputs: Vec<AccountInput> = Vec::new();
    for (p, c, v) in &read {
        let cur = state.settings.site_of(p).currency();
        inputs.push(outlook::gather(c, p, cur, &v.fleet).await);
    }
    (outlook::build(&inputs, now), problems)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn renewal_outlook(state: St<'_>) -> CmdResult<OutlookView> {
    let (outlook, problems) = build(&state).await;
    Ok(OutlookView { outlook, problems })
}

/// Saves the renewal calendar as .ics; returns the path written, or null if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_ics<R: Runtime>(app: AppHandle<R>, state: St<'_>) -> CmdResult<Option<String>> {
    let (o, _) = build(&state).await;
    let now = state.accounts.now(&state.settings.active()).await;
    let text = flexus_core::export::ics_calendar(&o.dues, now, state.settings.lang().code());
    let what = Save {
        title: AppText::SaveCalendar.text(crate::error::ui_lang()),
        name: "flexus-renewals.ics",
        filter: ("iCalendar", "ics"),
    };
    save_as(&app, what, &text).await
}

/// Saves the instance list as .csv; returns the path written, or null if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_csv<R: Runtime>(app: AppHandle<R>, state: St<'_>) -> CmdResult<Option<String>> {
    let (read, _) = fleets(&state).await;
    let instances: Vec<_> = read
        .into_iter()
        .flat_map(|(_, _, v)| v.fleet.instances)
        .collect();
    let text = flexus_core::export::instances_csv(&instances);
    let what = Save {
        title: AppText::SaveInstances.text(crate::error::ui_lang()),
        name: "flexus-instances.csv",
        filter: ("CSV", "csv"),
    };
    save_as(&app, what, &text).await
}
