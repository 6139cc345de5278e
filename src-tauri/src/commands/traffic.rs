//! The per-instance automatic stop of the traffic guard (issue #15), turned on only
//! with the confirmation; the guard itself runs in `crate::guard` from the watcher.

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::Settings;

/// Turns the automatic stop on (`percent`, after the confirmation dialog: the UI
/// must pass `confirmed`) or off (`percent` null) for one instance.
#[tauri::command(rename_all = "snake_case")]
pub fn set_auto_stop(
    state: St<'_>,
    id: String,
    percent: Option<u8>,
    confirmed: bool,
) -> CmdResult<Settings> {
    flexus_core::validate::resource_id(&id)?;
    if let Some(p) = percent {
        if !(50..=100).contains(&p) {
            return Err(CmdError::invalid(AppText::AutoStopPercent));
        }
        if !confirmed {
            return Err(CmdError::app(
                "not_confirmed",
                AppText::AutoStopNotConfirmed,
            ));
        }
    }
    let s = state.settings.update(|s| {
        match percent {
            Some(p) => s.auto_stop.insert(id.clone(), p),
            None => s.auto_stop.remove(&id),
        };
        Ok(())
    })?;
    state.wake.notify_one();
    Ok(s)
}
