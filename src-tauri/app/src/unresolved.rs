//! Paid actions whose outcome is unknown and orders waiting for payment: listed
//! for the banner and the tray, checked from evidence at start-up, on each watcher
//! run and on "Check now". Nothing here ever sends a paid request.

use flexus_core::actions::Reconciled;
use serde::Serialize;

use crate::error::{CmdError, CmdResult};
use crate::state::{AppState, UnpaidOrder};

/// One unresolved paid action, as the banner shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingAction {
    pub journal_id: String,
    pub profile: String,
    pub action: String,
    /// The journaled parameters; the page words the action in its own language.
    pub params: serde_json::Value,
    /// The price that was confirmed, so the banner says how much may have been charged.
    pub price: Option<flexus_core::confirm::Quoted>,
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
            price: e.price,
            time: e.time,
            message: e.message,
        })
        .collect()
}

/// Checks every unresolved paid action of every profile once; what is still
/// unknown afterwards is returned (and stays in the banner).
pub async fn recover_all(state: &AppState) -> Vec<PendingAction> {
    for e in state.journal.unresolved().unwrap_or_default() {
        if e.paid().is_none() {
            continue;
        }
        let Ok(c) = state.accounts.client(&e.profile).await else {
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

/// A purchase found completed by reconciliation teaches its plan's rating codes,
/// as the order tracker does (best effort: only a later estimate depends on it).
pub async fn learn_codes(
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
            state.settings.site_of(profile),
            order,
            &d,
        )
        .await;
    }
}

/// `profile`'s orders waiting for payment (BSS keeps them 15 days).
pub async fn fetch_unpaid(state: &AppState, profile: &str) -> CmdResult<Vec<UnpaidOrder>> {
    let c = state.accounts.client(profile).await?;
    let since = c.server_now() - time::Duration::days(16);
    let orders = c
        .list_orders(&flexus_core::timefmt::utc(since), None)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
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
