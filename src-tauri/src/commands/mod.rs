//! The webview's only entry points. Thin: check arguments, call the core, map
//! errors to `{kind, message}`. Every argument is re-validated here because the
//! webview is untrusted input.

pub mod billing;
pub mod catalog;
pub mod export;
pub mod fleet;
pub mod profiles;
pub mod purchase;
pub mod servers;
pub mod settings;

use tauri::State;

use crate::error::{tr, CmdError, CmdResult};
use crate::state::AppState;

pub type St<'a> = State<'a, AppState>;

/// Paid and destructive commands require `confirmed: true`, set only by the
/// review/confirm dialogs.
pub fn require_confirmed(state: &AppState, confirmed: bool) -> CmdResult<()> {
    if confirmed {
        Ok(())
    } else {
        let l = state.lang();
        Err(CmdError::new(
            "not_confirmed",
            tr(
                l,
                "Please confirm this action first; nothing was sent.",
                "请先确认该操作；未发送任何请求。",
            ),
        ))
    }
}
