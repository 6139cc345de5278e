//! The webview's only entry points. Thin: check arguments, call the core, map
//! errors to `{kind, message}`. Every argument is re-validated here because the
//! webview is untrusted input.

pub mod alerts;
pub mod billing;
pub mod catalog;
pub mod console;
pub mod export;
pub mod fleet;
pub mod health;
pub mod network;
pub mod outlook;
pub mod pending;
pub mod profiles;
pub mod progress;
pub mod purchase;
pub mod servers;
pub mod settings;
pub mod traffic;
pub mod view;

use tauri::State;

use flexus_core::actions::PaidAction;
use flexus_core::confirm::{Confirmation, Quoted};

use crate::error::{CmdError, CmdResult};
use crate::state::AppState;

pub type St<'a> = State<'a, AppState>;

/// Which account a review binds its confirmation to (shown as "paid by").
#[derive(Debug, Clone, serde::Serialize)]
pub struct Payer {
    pub profile: String,
    pub site: flexus_core::Site,
    pub demo: bool,
}

/// Issues a single-use confirmation for `action` on the active profile, unless an
/// unresolved paid action already touches the same thing (refused with "pending").
pub fn issue_confirmation(
    state: &AppState,
    profile: &str,
    action: PaidAction,
    quote: Option<Quoted>,
) -> CmdResult<(String, Payer)> {
    action
        .validate(state.settings.site_of(profile))
        .map_err(|e| CmdError::from_action(&e))?;
    if let Some(p) = flexus_core::actions::pending_for(&state.journal, profile, &action) {
        return Err(CmdError::from_action(
            &flexus_core::actions::ActionError::Pending(Box::new(p)),
        ));
    }
    let id = state.confirms.issue(Confirmation {
        profile: profile.to_string(),
        action,
        quote,
    });
    Ok((
        id,
        Payer {
            profile: profile.to_string(),
            site: state.settings.site_of(profile),
            demo: state.settings.is_demo(profile),
        },
    ))
}

/// Takes a confirmation for the active profile (consumed even when refused).
pub fn take_confirmation(state: &AppState, confirm_id: &str) -> CmdResult<(String, Confirmation)> {
    let profile = state.settings.active();
    let c = state
        .confirms
        .take(confirm_id, &profile)
        .map_err(|e| CmdError::confirm(&e))?;
    Ok((profile, c))
}

/// Sends a confirmed paid action once, journaling the price that was confirmed.
pub async fn send_confirmed(
    state: &AppState,
    client: &flexus_core::CloudClient,
    profile: &str,
    action: PaidAction,
    price: Option<flexus_core::confirm::Quoted>,
) -> CmdResult<flexus_core::actions::Done<flexus_core::actions::Placed>> {
    state
        .actor(client, profile)
        .perform_priced(action, price)
        .await
        .map_err(|e| CmdError::from_action(&e))
}
