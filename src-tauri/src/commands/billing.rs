//! Renewal (with price and new expiry shown first), unsubscription (type-to-confirm
//! checked here too), auto-renew, the activity log and reconciliation.

use flexus_core::actions::Reconciled;
use flexus_core::client::bss::PeriodType;
use flexus_core::journal::Entry;
use flexus_core::timefmt;
use serde::Serialize;
use time::Duration;

use super::{require_confirmed, St};
use crate::error::{tr, CmdError, CmdResult};

fn period(state: &crate::state::AppState, t: &str, n: i64) -> CmdResult<PeriodType> {
    let l = state.lang();
    flexus_core::validate::renew_period(t, n)?;
    PeriodType::parse(t)
        .ok_or_else(|| CmdError::invalid(l, "period_type", "month or year", "月或年"))
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
}

#[tauri::command(rename_all = "snake_case")]
pub async fn renew_quote(
    state: St<'_>,
    ids: Vec<String>,
    period_type: String,
    period_num: i64,
) -> CmdResult<Quote> {
    let l = state.lang();
    flexus_core::validate::resource_ids(&ids, 10)?;
    let pt = period(&state, &period_type, period_num)?;
    let profile = state.active();
    let names = state.servers_of(&profile, &ids)?;
    let c = state.client(&profile).await?;
    let (price, exp, bal) = futures_join(&c, &ids, pt, period_num).await;
    let price = price.map_err(|e| CmdError::from_api(l, &e))?;
    let exp = exp.map_err(|e| CmdError::from_api(l, &e))?;
    let months = if pt == PeriodType::Year {
        period_num * 12
    } else {
        period_num
    };
    let items: Vec<QuoteItem> = ids
        .iter()
        .zip(names)
        .map(|(id, (_, _, name))| {
            // `renew_price` failed closed if any id lacks a price; the UI shows numbers.
            let amount = price.amount_of(id).map(money).unwrap_or(f64::NAN);
            let now = exp
                .iter()
                .find(|e| &e.resource_id == id)
                .and_then(|e| e.expire_time.clone());
            // A renewal counts from the current expiry, also in grace or retention.
            let new = now
                .as_deref()
                .and_then(timefmt::parse_utc)
                .map(|t| timefmt::utc(t + Duration::days(30 * months)));
            QuoteItem {
                id: id.clone(),
                name,
                amount,
                expire_now: now,
                expire_new: new,
            }
        })
        .collect();
    let total = price.total_of(&ids).map(money).unwrap_or(f64::NAN);
    let balance = bal.ok().map(|b| b.cash());
    Ok(Quote {
        currency: price.currency,
        total,
        items,
        balance,
        enough_balance: balance.map(|b| b + 1e-9 >= total),
    })
}

/// A decimal amount as the number the UI renders (two decimals, never summed as f64).
fn money(d: flexus_core::client::models::Decimal) -> f64 {
    f64::try_from(d.round_dp(2)).unwrap_or(f64::NAN)
}

async fn futures_join(
    c: &flexus_core::CloudClient,
    ids: &[String],
    pt: PeriodType,
    n: i64,
) -> (
    Result<flexus_core::client::models::RenewRateResponse, flexus_core::ApiError>,
    Result<Vec<flexus_core::client::models::OrderInstance>, flexus_core::ApiError>,
    Result<flexus_core::client::models::BalancesResponse, flexus_core::ApiError>,
) {
    tokio::join!(c.renew_price(ids, pt, n), c.expiry_of(ids), c.balances())
}

#[derive(Debug, Serialize)]
pub struct Ordered {
    pub journal_id: String,
    pub order_ids: Vec<String>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn renew(
    state: St<'_>,
    ids: Vec<String>,
    period_type: String,
    period_num: i64,
    auto_pay: bool,
    confirmed: bool,
) -> CmdResult<Ordered> {
    require_confirmed(&state, confirmed)?;
    let l = state.lang();
    flexus_core::validate::resource_ids(&ids, 10)?;
    let pt = period(&state, &period_type, period_num)?;
    let profile = state.active();
    state.servers_of(&profile, &ids)?;
    let c = state.client(&profile).await?;
    let d = state
        .actor(&c, &profile)
        .renew(&ids, pt, period_num, auto_pay)
        .await
        .map_err(|e| CmdError::from_action(l, &e))?;
    Ok(Ordered {
        journal_id: d.journal_id,
        order_ids: d.result.order_ids,
    })
}

/// `confirm_names` must repeat each instance's name exactly (type-to-confirm).
#[tauri::command(rename_all = "snake_case")]
pub async fn unsubscribe(
    state: St<'_>,
    ids: Vec<String>,
    unsubscribe_type: i64,
    reason_type: Option<i64>,
    reason: Option<String>,
    confirm_names: Vec<String>,
) -> CmdResult<Ordered> {
    let l = state.lang();
    flexus_core::validate::resource_ids(&ids, 10)?;
    flexus_core::validate::unsubscribe_type(unsubscribe_type)?;
    if reason_type.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(CmdError::invalid(
            l,
            "reason_type",
            "choose one of the listed reasons",
            "请选择列出的原因",
        ));
    }
    let profile = state.active();
    let targets = state.servers_of(&profile, &ids)?;
    let names: Vec<&String> = targets.iter().map(|t| &t.2).collect();
    if confirm_names.len() != names.len() || confirm_names.iter().zip(&names).any(|(a, b)| a != *b)
    {
        return Err(CmdError::new(
            "not_confirmed",
            tr(
                l,
                "Type each instance's name exactly to confirm; nothing was sent.",
                "请准确输入实例名称以确认；未发送任何请求。",
            ),
        ));
    }
    let c = state.client(&profile).await?;
    let d = state
        .actor(&c, &profile)
        .unsubscribe(&ids, unsubscribe_type, reason_type, reason.as_deref())
        .await
        .map_err(|e| CmdError::from_action(l, &e))?;
    Ok(Ordered {
        journal_id: d.journal_id,
        order_ids: d.result.order_ids,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_auto_renew(state: St<'_>, id: String, on: bool) -> CmdResult<()> {
    let l = state.lang();
    let profile = state.active();
    state.servers_of(&profile, std::slice::from_ref(&id))?;
    let c = state.client(&profile).await?;
    state
        .actor(&c, &profile)
        .set_auto_renew(&id, on)
        .await
        .map_err(|e| CmdError::from_action(l, &e))?;
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub fn activity_log(state: St<'_>) -> CmdResult<Vec<Entry>> {
    state.journal.entries().map_err(CmdError::journal_read)
}

/// Resolves an action whose answer was lost by reading the order list.
#[tauri::command(rename_all = "snake_case")]
pub async fn reconcile(state: St<'_>, journal_id: String) -> CmdResult<Reconciled> {
    let l = state.lang();
    let entry = state
        .journal
        .entries()
        .map_err(CmdError::journal_read)?
        .into_iter()
        .find(|e| e.id == journal_id)
        .ok_or_else(|| {
            CmdError::new(
                "not_found",
                tr(l, "No such activity entry.", "没有该操作记录。"),
            )
        })?;
    let c = state.client(&entry.profile).await?;
    state
        .actor(&c, &entry.profile)
        .reconcile(&entry)
        .await
        .map_err(|e| CmdError::from_api(l, &e))
}
