//! Every export takes one path: Rust asks where in the system's save dialog, then
//! writes the file itself (through a temporary file and a rename); the webview never
//! names a path. The calendar (.ics), the instance list and the Activity CSV use it.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

const MAX_BYTES: usize = 8 * 1024 * 1024;

/// What is being saved: the dialog's title, the suggested name and the file type.
pub struct Save {
    pub title: String,
    pub name: &'static str,
    pub filter: (&'static str, &'static str),
}

/// Asks where to save (`None` = the user cancelled). The dialog runs off the async
/// runtime and answers through a channel.
async fn ask_path<R: Runtime>(app: &AppHandle<R>, what: &Save) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(what.title.clone())
        .set_file_name(what.name)
        .add_filter(what.filter.0, &[what.filter.1])
        .save_file(move |p| {
            let _ = tx.send(p.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Saves `text` where the user picks; the path written, or `None` if they cancelled.
pub async fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    what: Save,
    text: &str,
) -> CmdResult<Option<String>> {
    let Some(path) = ask_path(app, &what).await else {
        return Ok(None);
    };
    flexus_core::export::write_file(&path, text)
        .map_err(|e| CmdError::app("io", AppText::FileNotWritten).with_detail(e.to_string()))?;
    Ok(Some(path.display().to_string()))
}

/// Saves a table the page worded in its language (the Activity log) as CSV; Rust
/// writes the CSV itself, with the same cell rules as every other export.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_export<R: Runtime>(
    app: AppHandle<R>,
    _state: St<'_>,
    kind: String,
    rows: Vec<Vec<String>>,
) -> CmdResult<Option<String>> {
    let size: usize = rows.iter().flatten().map(String::len).sum();
    if kind != "activity" || size > MAX_BYTES {
        return Err(CmdError::invalid(AppText::ExportKind));
    }
    let what = Save {
        title: AppText::SaveActivity.text(crate::error::ui_lang()),
        name: "flexus-activity.csv",
        filter: ("CSV", "csv"),
    };
    // A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    let text = format!("\u{feff}{}", flexus_core::export::csv_table(&rows));
    save_as(&app, what, &text).await
}
