//! The window's view, kept in Rust so a new web view can restore it (see `window.rs`),
//! and the page's "first frame drawn" signal for the start-up figures.

use tauri::State;

use crate::error::CmdResult;
use crate::window::{ViewState, ViewStore};

#[tauri::command(rename_all = "snake_case")]
pub fn view_state(store: State<'_, ViewStore>) -> ViewState {
    store.get()
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_view(store: State<'_, ViewStore>, view: ViewState) -> CmdResult<()> {
    store.set(view)
}

/// The page drew its dashboard. `FLEXUS_PAINT_MARK=1` (benchmarks) prints the time
/// since the process started, or since the window was reopened, on stdout.
#[tauri::command(rename_all = "snake_case")]
pub fn painted() {
    crate::window::painted();
}
