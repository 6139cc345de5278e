//! The activity log and the paid actions whose outcome is unknown: listed for
//! the banner and the tray, checked from evidence at start-up, on each watcher
//! run and on "Check now". Nothing here ever sends a paid request.

use flexus_core::actions::Reconciled;
use flexus_core::journal::Entry;
use serde::Serialize;

use super::St;
use crate::error::{tr, CmdError, CmdResult};
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn activity_log(state: St<'_>) -> CmdResult<Vec<Entry>> {
    state.journal.entries().map_err(CmdError::journal_read)
}

/// One unresolved paid action, as the banner shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingAction {
    pub journal_id: String,
    pub profile: String,
    pub action: String,
    /// The journaled parameters; the page words the action in its own language.
    pub params: serde_json::Value,
    pub time: String,
    pub message: Option<String>,
}

pub fn pending_list(state: &AppState) -> Vec<PendingAction> {
    state
        .journal
        .unresolved()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.paid().is_some())
        .map(|e| PendingAction {
            journal_id: e.id,
            profile: e.profile,
            action: e.action,
            params: e.params,
            time: e.time,
            message: e.message,
        })
        .collect()
}

#[tauri::command(rename_all = "snake_case")]
pub fn pending_actions(state: St<'_>) -> Vec<PendingAction> {
    pending_list(&state)
}

/// Checks every unresolved paid action of every profile once; what is still
/// unknown afterwards is returned (and stays in the banner).
pub async fn recover_all(state: &AppState) -> Vec<PendingAction> {
    for e in state.journal.unresolved().unwrap_or_default() {
        if e.paid().is_none() {
            continue;
        }
        let Ok(c) = state.client(&e.profile).await else {
            continue;
        };
        match state.actor(&c, &e.profile).reconcile(&e).await {
            Ok(r) => learn_codes(state, &c, &e.profile, &r).await,
            Err(err) => tracing::warn!(
                kind = err.kind(),
                "could not check an unresolved paid action"
            ),
        }
    }
    pending_list(state)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_pending(state: St<'_>) -> CmdResult<Vec<PendingAction>> {
    Ok(recover_all(&state).await)
}

/// "Check now" for one action whose answer was lost.
#[tauri::command(rename_all = "snake_case")]
pub async fn reconcile(state: St<'_>, journal_id: String) -> CmdResult<Reconciled> {
    let l = state.lang();
    let entry = state
        .journal
        .get(&journal_id)
        .map_err(CmdError::journal_read)?
        .ok_or_else(|| {
            CmdError::new(
                "not_found",
                tr(l, "No such activity entry.", "没有该操作记录。"),
            )
        })?;
    let c = state.client(&entry.profile).await?;
    let r = state
        .actor(&c, &entry.profile)
        .reconcile(&entry)
        .await
        .map_err(|e| CmdError::from_api(l, &e))?;
    learn_codes(&state, &c, &entry.profile, &r).await;
    Ok(r)
}

/// A purchase found completed by reconciliation teaches its plan's rating codes,
/// as the order tracker does (best effort: only a later estimate depends on it).
async fn learn_codes(
    state: &AppState,
    c: &flexus_core::CloudClient,
    profile: &str,
    r: &Reconciled,
) {
    let Reconciled::Found {
        order_id: Some(order),
        status: Some(5),
        ..
    } = r
    else {
        return;
    };
    if let Ok(d) = c.order_details(order).await {
        let _ = flexus_core::rating_codes::learn_from_order(
            c,
            &state.journal,
            &state.data_dir,
            state.site_of(profile),
            order,
            &d,
        )
        .await;
    }
}

/// An order waiting for payment, for the dashboard strip (pay or cancel it).
#[derive(Debug, Clone, Serialize)]
pub struct UnpaidOrder {
    pub order_id: String,
    pub order_type: Option<i64>,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub pay_by: Option<String>,
}

/// The active account's orders waiting for payment (BSS keeps them 15 days); the
/// tray names them too.
#[tauri::command(rename_all = "snake_case")]
pub async fn unpaid_orders<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: St<'_>,
) -> CmdResult<Vec<UnpaidOrder>> {
    let profile = state.active();
    let list = fetch_unpaid(&state, &profile).await?;
    remember_unpaid(&state, &profile, &list);
    crate::tray::refresh(&app);
    Ok(list)
}

pub async fn fetch_unpaid(state: &AppState, profile: &str) -> CmdResult<Vec<UnpaidOrder>> {
    let c = state.client(profile).await?;
    let since = c.server_now() - time::Duration::days(16);
    let orders = c
        .list_orders(&flexus_core::timefmt::utc(since), None)
        .await
        .map_err(|e| CmdError::from_api(state.lang(), &e))?;
    let mut out = Vec::new();
    for o in orders.into_iter().filter(|o| o.status == 6) {
        // The order list (`CustomerOrderV2`) has no payment deadline; the order's
        // details (`CustomerOrderV3`) do.
        let pay_by = match o.pending_payment_end_time {
            Some(t) => Some(t),
            None => c
                .order_details(&o.order_id)
                .await
                .ok()
                .and_then(|d| d.order_info.pending_payment_end_time),
        };
        out.push(UnpaidOrder {
            amount: o
                .amount_after_discount
                .map(flexus_core::actions::quote::money),
            order_id: o.order_id,
            order_type: o.order_type,
            currency: o.currency,
            pay_by,
        });
    }
    Ok(out)
}

/// Replaces what the tray knows of `profile`'s unpaid orders.
pub fn remember_unpaid(state: &AppState, profile: &str, list: &[UnpaidOrder]) {
    let mut u = crate::state::lock(&state.unpaid);
    u.retain(|(p, _)| p != profile);
    u.extend(list.iter().map(|o| (profile.to_string(), o.clone())));
}

/// An order seen paid or cancelled leaves the tray at once.
pub fn forget_unpaid(state: &AppState, order_id: &str) {
    crate::state::lock(&state.unpaid).retain(|(_, o)| o.order_id != order_id);
}
