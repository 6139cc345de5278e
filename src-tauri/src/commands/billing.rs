//! Renewal (price and new expiry shown first, confirmed for exactly that),
//! unsubscription (type-to-confirm checked here, then confirmed), auto-renew.

use flexus_core::actions::{quote, PaidAction};
use flexus_core::client::bss::PeriodType;
use serde::Serialize;

use super::{issue_confirmation, send_confirmed, take_confirmation, Payer, St};
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

fn period(t: &str, n: i64) -> CmdResult<PeriodType> {
    flexus_core::validate::renew_period(t, n)?;
    PeriodType::parse(t).ok_or_else(|| CmdError::invalid(AppText::PeriodKind))
}

#[derive(Debug, Serialize)]
pub struct QuoteItem {
    pub id: String,
    pub name: String,
    pub amount: f64,
    pub expire_now: Option<String>,
    pub expire_new: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Quote {
    pub currency: Option<String>,
    pub total: f64,
    pub items: Vec<QuoteItem>,
    pub balance: Option<f64>,
    pub enough_balance: Option<bool>,
    pub auto_pay: bool,
    pub payer: Payer,
    /// Single-use: `renew` takes only this.
    pub confirm_id: String,
}

/// Prices a renewal and issues the confirmation for exactly it (ids, period,
/// auto-pay, amount and currency, account).
#[tauri::command(rename_all = "snake_case")]
pub async fn renew_quote(
    state: St<'_>,
    ids: Vec<String>,
    period_type: String,
    period_num: i64,
    auto_pay: bool,
) -> CmdResult<Quote> {
    flexus_core::validate::resource_ids(&ids, 10)?;
    let pt = period(&period_type, period_num)?;
    let profile = state.settings.active();
    let names = state.dashboard.servers_of(&profile, &ids)?;
    let c = state.accounts.client(&profile).await?;
    let q = quote::renewal(&c, &ids, pt, period_num)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    let (confirm_id, payer) = issue_confirmation(
        &state,
        &profile,
        PaidAction::renew(&ids, pt, period_num, auto_pay),
        Some(q.quoted()),
    )?;
    let items = q
        .items
        .into_iter()
        .zip(names)
        .map(|(i, (_, _, name))| QuoteItem {
            id: i.id,
            name,
            amount: i.amount,
            expire_now: i.expire_now,
            expire_new: i.expire_new,
        })
        .collect();
    Ok(Quote {
        currency: q.currency,
        total: q.total,
        items,
        balance: q.balance,
        enough_balance: q.balance.map(|b| b + 1e-9 >= q.total),
        auto_pay,
        payer,
        confirm_id,
    })
}

#[derive(Debug, Serialize)]
pub struct Ordered {
    pub journal_id: String,
    pub order_ids: Vec<String>,
}

/// Sends the quoted renewal once, if a fresh quote still has the price shown.
#[tauri::command(rename_all = "snake_case")]
pub async fn renew(state: St<'_>, confirm_id: String) -> CmdResult<Ordered> {
    let (profile, conf) = take_confirmation(&state, &confirm_id)?;
    let PaidAction::Renew(r) = &conf.action else {
        return Err(CmdError::confirm(
            &flexus_core::confirm::ConfirmError::Unknown,
        ));
    };
    let c = state.accounts.client(&profile).await?;
    let fresh = quote::renewal(&c, &r.resource_ids, r.period_type, r.period_num)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    conf.check_quote(&fresh.quoted())
        .map_err(|e| CmdError::confirm(&e))?;
    let d = send_confirmed(&state, &c, &profile, conf.action, conf.quote).await?;
    Ok(Ordered {
        journal_id: d.journal_id,
        order_ids: d.result.order_ids,
    })
}

#[derive(Debug, Serialize)]
pub struct UnsubscribeReview {
    pub names: Vec<String>,
    pub unsubscribe_type: i64,
    pub payer: Payer,
    pub confirm_id: String,
}

/// `confirm_names` must repeat each instance's name exactly (type-to-confirm);
/// issues the confirmation `unsubscribe` takes.
#[tauri::command(rename_all = "snake_case")]
pub fn unsubscribe_review(
    state: St<'_>,
    ids: Vec<String>,
    unsubscribe_type: i64,
    reason_type: Option<i64>,
    reason: Option<String>,
    confirm_names: Vec<String>,
) -> CmdResult<UnsubscribeReview> {
    flexus_core::validate::resource_ids(&ids, 10)?;
    let profile = state.settings.active();
    let targets = state.dashboard.servers_of(&profile, &ids)?;
    let names: Vec<String> = targets.into_iter().map(|t| t.2).collect();
    if confirm_names != names {
        return Err(CmdError::app("not_confirmed", AppText::TypeNamesToConfirm));
    }
    let (confirm_id, payer) = issue_confirmation(
        &state,
        &profile,
        PaidAction::unsubscribe(&ids, unsubscribe_type, reason_type, reason.as_deref()),
        None,
    )?;
    Ok(UnsubscribeReview {
        names,
        unsubscribe_type,
        payer,
        confirm_id,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unsubscribe(state: St<'_>, confirm_id: String) -> CmdResult<Ordered> {
    let (profile, conf) = take_confirmation(&state, &confirm_id)?;
    if !matches!(conf.action, PaidAction::Unsubscribe(_)) {
        return Err(CmdError::confirm(
            &flexus_core::confirm::ConfirmError::Unknown,
        ));
    }
    let c = state.accounts.client(&profile).await?;
    let d = send_confirmed(&state, &c, &profile, conf.action, conf.quote).await?;
    Ok(Ordered {
        journal_id: d.journal_id,
        order_ids: d.result.order_ids,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_auto_renew(state: St<'_>, id: String, on: bool) -> CmdResult<()> {
    let profile = state.settings.active();
    state
        .dashboard
        .servers_of(&profile, std::slice::from_ref(&id))?;
    let c = state.accounts.client(&profile).await?;
    send_confirmed(
        &state,
        &c,
        &profile,
        PaidAction::AutoRenew {
            resource_id: id,
            on,
        },
        None,
    )
    .await?;
    Ok(())
}
