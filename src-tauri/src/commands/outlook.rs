//! The renewal calendar across accounts, and its exports (.ics, .csv) through the
//! native save dialog: the webview never names a path; Rust asks the user, then
//! writes the file itself.

use std::path::PathBuf;
use std::time::Duration;

use flexus_core::outlook::{self, AccountInput, Outlook};
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use super::fleet::refresh_profile;
use super::St;
use crate::error::{tr, CmdError, CmdResult};
use crate::state::AppState;

/// An account the outlook could not read (the rest are still shown).
#[derive(Debug, Clone, Serialize)]
pub struct AccountProblem {
    pub account: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlookView {
    pub outlook: Outlook,
    /// One sentence per account: "your balance covers renewals until March 2027".
    pub coverage_text: Vec<(String, String)>,
    pub problems: Vec<AccountProblem>,
}

/// The accounts of the calendar: every connected account, or the demo alone while
/// the demo is active (its made-up money is never mixed with real money).
fn accounts(state: &AppState) -> Vec<String> {
    let active = state.active();
    if state.is_demo(&active) {
        return vec![active];
    }
    state
        .settings()
        .profiles
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

type Read = (
    String,
    std::sync::Arc<flexus_core::CloudClient>,
    super::fleet::FleetView,
);

/// Each account's fleet (a refresh at most a minute old is reused).
async fn fleets(state: &AppState) -> (Vec<Read>, Vec<AccountProblem>) {
    let (mut ok, mut problems) = (Vec::new(), Vec::new());
    for p in accounts(state) {
        let view = refresh_profile(state, &p, Duration::from_secs(60)).await;
        match (view, state.client(&p).await) {
            (Ok(v), Ok(c)) => ok.push((p, c, v)),
            (Err(e), _) | (_, Err(e)) => problems.push(AccountProblem {
                account: p,
                message: e.message,
            }),
        }
    }
    (ok, problems)
}

async fn build(state: &AppState) -> (Outlook, Vec<AccountProblem>) {
    let (read, problems) = fleets(state).await;
    let now = state.now(&state.active()).await;
    let mut inputs: Vec<AccountInput> = Vec::new();
    for (p, c, v) in &read {
        let cur = state.site_of(p).currency();
        inputs.push(outlook::gather(c, p, cur, &v.fleet).await);
    }
    (outlook::build(&inputs, now), problems)
}

fn lang_code(state: &AppState) -> &'static str {
    match state.lang() {
        flexus_core::expiry::Lang::Zh => "zh",
        flexus_core::expiry::Lang::En => "en",
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn renewal_outlook(state: St<'_>) -> CmdResult<OutlookView> {
    let lang = lang_code(&state);
    let (o, problems) = build(&state).await;
    let coverage_text = o
        .coverage
        .iter()
        .map(|c| (c.account.clone(), outlook::describe_coverage(c, lang)))
        .collect();
    Ok(OutlookView {
        outlook: o,
        coverage_text,
        problems,
    })
}

/// Asks where to save (`None` = the user cancelled). The dialog runs off the async
/// runtime and answers through a channel.
async fn ask_path<R: Runtime>(
    app: &AppHandle<R>,
    title: String,
    name: &str,
    filter: (&str, &str),
) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(filter.0, &[filter.1])
        .save_file(move |p| {
            let _ = tx.send(p.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

fn write(state: &AppState, path: &std::path::Path, text: &str) -> CmdResult<String> {
    flexus_core::export::write_file(path, text).map_err(|e| {
        CmdError::new(
            "io",
            format!(
                "{} ({e})",
                tr(
                    state.lang(),
                    "The file could not be written. Choose another folder.",
                    "无法写入该文件，请选择其他文件夹。"
                )
            ),
        )
    })?;
    Ok(path.display().to_string())
}

/// Saves the renewal calendar as .ics; returns the path written, or null if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_ics<R: Runtime>(app: AppHandle<R>, state: St<'_>) -> CmdResult<Option<String>> {
    let (o, _) = build(&state).await;
    let now = state.now(&state.active()).await;
    let text = flexus_core::export::ics_calendar(&o.dues, now, lang_code(&state));
    let title = tr(state.lang(), "Save the renewal calendar", "保存续费日历");
    match ask_path(&app, title, "flexus-renewals.ics", ("iCalendar", "ics")).await {
        Some(p) => write(&state, &p, &text).map(Some),
        None => Ok(None),
    }
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
    let title = tr(state.lang(), "Save the instance list", "保存实例列表");
    match ask_path(&app, title, "flexus-instances.csv", ("CSV", "csv")).await {
        Some(p) => write(&state, &p, &text).map(Some),
        None => Ok(None),
    }
}
