//! Purchase: review (validation only, nothing sent; issues a confirmation bound to
//! the account and the exact request), then one confirmed request, then the order
//! tracker (status; pay a pending order after its own review).

use flexus_core::catalog::{Catalog, SpecInfo};
use flexus_core::client::models::CreateInstanceRequest;
use serde::Serialize;

use super::{issue_confirmation, send_confirmed, take_confirmation, Payer, St};
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::state::AppState;
use flexus_core::actions::PaidAction;
use flexus_core::confirm::Quoted;

pub use flexus_core::purchase::PurchaseForm;

#[derive(Debug, Serialize)]
pub struct Review {
    pub request: CreateInstanceRequest,
    pub spec: SpecInfo,
    pub region_name: String,
    /// The account that will pay.
    pub payer: Option<Payer>,
    /// Single-use: `purchase` takes only this.
    pub confirm_id: Option<String>,
    /// A price estimate for the plan, only when rating codes were learned from an
    /// earlier order of the same spec, region and period type (never guessed).
    pub estimate: Option<flexus_core::rating_codes::Estimate>,
}

pub fn build(site: flexus_core::Site, f: &PurchaseForm) -> CmdResult<Review> {
    let cat = Catalog::bundled();
    let region = cat.region(site, &f.region)?;
    let (request, spec) = flexus_core::purchase::request(site, f)?;
    Ok(Review {
        request,
        spec,
        region_name: region.name_en.clone(),
        payer: None,
        confirm_id: None,
        estimate: None,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn purchase_review(state: St<'_>, form: PurchaseForm) -> CmdResult<Review> {
    let profile = state.settings.active();
    let site = state.settings.site_of(&profile);
    let mut review = build(site, &form)?;
    review.estimate = estimate(&state, &profile, site, &review.request).await;
    let (id, payer) = issue_confirmation(
        &state,
        &profile,
        PaidAction::purchase(review.request.clone()),
        None,
    )?;
    review.confirm_id = Some(id);
    review.payer = Some(payer);
    Ok(review)
}

/// The plan's price from BSS with learned codes; none without codes, and none when
/// the inquiry fails (the order shows the exact amount before anything is paid).
async fn estimate(
    state: &St<'_>,
    profile: &str,
    site: flexus_core::Site,
    req: &CreateInstanceRequest,
) -> Option<flexus_core::rating_codes::Estimate> {
    use flexus_core::rating_codes::{self, CodeStore, Key};
    let key = Key {
        site,
        region: &req.region,
        plan_spec: &req.plan_spec,
        period_type: flexus_core::client::bss::PeriodType::parse(&req.period_type)?,
    };
    let learned = CodeStore::in_dir(&state.data_dir).get(&key).cloned()?;
    let c = state.accounts.client(profile).await.ok()?;
    rating_codes::estimate(
        &c,
        Some(learned),
        &key,
        req.period_num,
        req.purchase_quantity,
    )
    .await
    .ok()
    .flatten()
}

#[derive(Debug, Serialize)]
pub struct Purchased {
    pub journal_id: String,
    pub order_id: String,
    pub instance_ids: Vec<String>,
}

/// Sends exactly the reviewed purchase, once, on the account it was reviewed
/// for. The Client-Request-Id is made in Rust for this intent.
#[tauri::command(rename_all = "snake_case")]
pub async fn purchase(state: St<'_>, confirm_id: String) -> CmdResult<Purchased> {
    let (profile, conf) = take_confirmation(&state, &confirm_id)?;
    if !matches!(conf.action, PaidAction::Purchase(_)) {
        return Err(CmdError::confirm(
            &flexus_core::confirm::ConfirmError::Unknown,
        ));
    }
    let c = state.accounts.client(&profile).await?;
    let d = send_confirmed(&state, &c, &profile, conf.action, conf.quote).await?;
    Ok(Purchased {
        journal_id: d.journal_id,
        order_id: d.result.order_ids.first().cloned().unwrap_or_default(),
        instance_ids: d.result.instance_ids,
    })
}

#[derive(Debug, Clone, Serialize)]
/// The page words the states it shows (processing, completed, cancelled, waiting for
/// payment) from its own catalog; the status code is all it needs.
pub struct OrderStatus {
    pub order_id: String,
    pub status: i64,
    pub amount: Option<f64>,
    pub currency: Option<String>,
}

/// One look at an order: its status (a completed purchase teaches its plan's rating
/// codes; a settled order leaves the tray). The tracker calls it until it settles.
pub async fn read_order(state: &AppState, order_id: String) -> CmdResult<OrderStatus> {
    let c = state.accounts.client(&state.settings.active()).await?;
    let d = c
        .order_details(&order_id)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    // A completed purchase teaches the rating codes of its plan (best effort).
    let _ = flexus_core::rating_codes::learn_from_order(
        &c,
        &state.journal,
        &state.data_dir,
        state.settings.site_of(&state.settings.active()),
        &order_id,
        &d,
    )
    .await;
    let st = d.order_info.status;
    if st != 6 {
        state.reminders.forget_unpaid(&order_id);
    }
    Ok(OrderStatus {
        order_id,
        status: st,
        amount: d
            .order_info
            .amount_after_discount
            .and_then(|a| f64::try_from(a).ok()),
        currency: d.order_info.currency,
    })
}

#[derive(Debug, Serialize)]
pub struct PayReview {
    pub order_id: String,
    pub amount: f64,
    pub currency: Option<String>,
    pub balance: Option<f64>,
    pub payer: Payer,
    pub confirm_id: String,
}

/// The amount of a pending order and the balance it is paid from; issues the
/// confirmation `pay_order` takes.
#[tauri::command(rename_all = "snake_case")]
pub async fn pay_review(state: St<'_>, order_id: String) -> CmdResult<PayReview> {
    flexus_core::validate::resource_id(&order_id)?;
    let profile = state.settings.active();
    let c = state.accounts.client(&profile).await?;
    let (d, bal) = tokio::join!(c.order_details(&order_id), c.balances());
    let d = d.map_err(|e| CmdError::from_api(&e))?;
    let amount = d
        .order_info
        .amount_after_discount
        .ok_or_else(|| CmdError::app("decode", AppText::AmountMissing))?;
    let currency = d.order_info.currency.clone();
    let (confirm_id, payer) = issue_confirmation(
        &state,
        &profile,
        PaidAction::Pay {
            order_id: order_id.clone(),
        },
        Some(Quoted::new(amount, currency.as_deref().unwrap_or(""))),
    )?;
    Ok(PayReview {
        order_id,
        amount: flexus_core::actions::quote::money(amount),
        currency,
        balance: bal.ok().map(|b| b.cash()),
        payer,
        confirm_id,
    })
}

/// Pays the reviewed order once, if its amount is still the one shown.
#[tauri::command(rename_all = "snake_case")]
pub async fn pay_order(state: St<'_>, confirm_id: String) -> CmdResult<()> {
    let (profile, conf) = take_confirmation(&state, &confirm_id)?;
    let PaidAction::Pay { order_id } = &conf.action else {
        return Err(CmdError::confirm(
            &flexus_core::confirm::ConfirmError::Unknown,
        ));
    };
    let c = state.accounts.client(&profile).await?;
    let d = c
        .order_details(order_id)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    let fresh = d
        .order_info
        .amount_after_discount
        .map(|a| Quoted::new(a, d.order_info.currency.as_deref().unwrap_or("")));
    let Some(fresh) = fresh else {
        return Err(CmdError::app("decode", AppText::AmountMissingNothingPaid));
    };
    conf.check_quote(&fresh)
        .map_err(|e| CmdError::confirm(&e))?;
    send_confirmed(&state, &c, &profile, conf.action, conf.quote).await?;
    Ok(())
}

/// Cancels an order waiting for payment (nothing is charged; journaled and
/// guarded like a payment of the same order, so the two cannot race).
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_order(state: St<'_>, order_id: String) -> CmdResult<()> {
    flexus_core::validate::resource_id(&order_id)?;
    let profile = state.settings.active();
    let c = state.accounts.client(&profile).await?;
    send_confirmed(
        &state,
        &c,
        &profile,
        PaidAction::CancelOrder { order_id },
        None,
    )
    .await?;
    Ok(())
}
