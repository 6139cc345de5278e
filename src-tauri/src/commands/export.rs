//! Saves a file the page prepared (the Activity CSV) where the user finds it: the
//! Downloads folder, or the app's data folder when there is none (and in tests, which
//! set FLEXUS_DATA_DIR). Rust chooses the name and folder; the page only gives text.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use super::St;
use crate::error::{tr, ui_lang, CmdError, CmdResult};

const MAX_BYTES: usize = 8 * 1024 * 1024;

fn folder<R: Runtime>(app: &AppHandle<R>, data_dir: &std::path::Path) -> PathBuf {
    let test_dir = std::env::var_os("FLEXUS_DATA_DIR").filter(|d| !d.is_empty());
    match (test_dir, app.path().download_dir()) {
        (None, Ok(d)) if d.is_dir() => d,
        _ => data_dir.join("exports"),
    }
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_export<R: Runtime>(
    app: AppHandle<R>,
    state: St<'_>,
    kind: String,
    text: String,
) -> CmdResult<String> {
    let l = ui_lang();
    if kind != "activity" || text.len() > MAX_BYTES {
        return Err(CmdError::invalid(
            l,
            "export",
            "not something Flexus Desk exports",
            "不是可导出的内容",
        ));
    }
    let dir = folder(&app, &state.data_dir);
    let stamp = flexus_core::timefmt::utc(time::OffsetDateTime::now_utc()).replace([':', '-'], "");
    let path = dir.join(format!(
        "flexus-activity-{}.csv",
        stamp.trim_end_matches('Z')
    ));
    // A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
    let body = format!("\u{feff}{text}");
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&path, body))
        .map_err(|e| {
            CmdError::new(
                "storage",
                tr(
                    l,
                    "The file could not be saved. Check the disk, then try again.",
                    "文件无法保存。请检查磁盘后重试。",
                ),
            )
            .with_detail(e.to_string())
        })?;
    Ok(path.display().to_string())
}
