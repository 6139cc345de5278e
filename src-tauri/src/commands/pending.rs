//! The activity log and the paid actions whose outcome is unknown: listed for
//! the banner and the tray, checked from evidence at start-up, on each watcher
//! run and on "Check now". Nothing here ever sends a paid request.

use flexus_core::actions::Reconciled;
use flexus_core::journal::Entry;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::state::UnpaidOrder;
use crate::unresolved::{fetch_unpaid, learn_codes, pending_list, recover_all, PendingAction};

#[tauri::command(rename_all = "snake_case")]
pub fn activity_log(state: St<'_>) -> CmdResult<Vec<Entry>> {
    state.journal.entries().map_err(CmdError::journal_read)
}

#[tauri::command(rename_all = "snake_case")]
pub fn pending_actions(state: St<'_>) -> Vec<PendingAction> {
    pending_list(&state)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_pending(state: St<'_>) -> CmdResult<Vec<PendingAction>> {
    Ok(recover_all(&state).await)
}

/// "Check now" for one action whose answer was lost.
#[tauri::command(rename_all = "snake_case")]
pub async fn reconcile(state: St<'_>, journal_id: String) -> CmdResult<Reconciled> {
    let entry = state
        .journal
        .get(&journal_id)
        .map_err(CmdError::journal_read)?
        .ok_or_else(|| CmdError::app("not_found", AppText::NoSuchEntry))?;
    let c = state.accounts.client(&entry.profile).await?;
    let r = state
        .actor(&c, &entry.profile)
        .reconcile(&entry)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    learn_codes(&state, &c, &entry.profile, &r).await;
    Ok(r)
}

/// The active account's orders waiting for payment (BSS keeps them 15 days); the
/// tray names them too.
#[tauri::command(rename_all = "snake_case")]
pub async fn unpaid_orders<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: St<'_>,
) -> CmdResult<Vec<UnpaidOrder>> {
    let profile = state.settings.active();
    let list = fetch_unpaid(&state, &profile).await?;
    state.reminders.set_unpaid(&profile, &list);
    crate::tray::refresh(&app);
    Ok(list)
}
