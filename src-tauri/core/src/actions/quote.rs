//! The renewal quote the app and the CLI show before a renewal: price per
//! instance from BSS, current expiry, and the new expiry by calendar arithmetic.

use serde::Serialize;

use crate::calendar;
use crate::client::bss::PeriodType;
use crate::client::models::Decimal;
use crate::client::CloudClient;
use crate::error::ApiError;
use crate::price::Quoted;
use crate::timefmt;

#[derive(Debug, Clone, Serialize)]
pub struct QuoteLine {
    pub id: String,
    pub amount: f64,
    pub expire_now: Option<String>,
    pub expire_new: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenewQuote {
    pub currency: Option<String>,
    /// For display; the exact amount is `total_exact`.
    pub total: f64,
    #[serde(skip)]
    pub total_exact: Decimal,
    pub items: Vec<QuoteLine>,
    pub balance: Option<f64>,
}

impl RenewQuote {
    /// What a confirmation is bound to.
    pub fn quoted(&self) -> Quoted {
        Quoted::new(self.total_exact, self.currency.as_deref().unwrap_or(""))
    }
}

/// Fails closed: an instance without a price is an error, not 0.00.
pub async fn renewal(
    c: &CloudClient,
    ids: &[String],
    period: PeriodType,
    num: i64,
) -> Result<RenewQuote, ApiError> {
    let (price, exp, bal) = tokio::join!(
        c.renew_price(ids, period, num),
        c.expiry_of(ids),
        c.balances()
    );
    let price = price?;
    let exp = exp?;
    let mut items = Vec::new();
    let mut total = Decimal::ZERO;
    for id in ids {
        let amount = price.amount_of(id).ok_or_else(|| ApiError::Decode {
            service: "bss".into(),
            detail: format!("the renewal price of {id} is missing"),
        })?;
        let now = exp
            .iter()
            .find(|e| &e.resource_id == id)
            .and_then(|e| e.expire_time.clone());
        // A renewal counts from the current expiry, also in grace or retention.
        let new = now
            .as_deref()
            .and_then(timefmt::parse_utc)
            .map(|t| timefmt::utc(calendar::add_period(t, period == PeriodType::Year, num)));
        total += amount;
        items.push(QuoteLine {
            id: id.clone(),
            amount: money(amount),
            expire_now: now,
            expire_new: new,
        });
    }
    Ok(RenewQuote {
        currency: price.currency,
        total: money(total),
        total_exact: total,
        items,
        balance: bal.ok().map(|b| b.cash()),
    })
}

/// A decimal amount as the number the UI renders (rounded to cents; sums stay decimal).
pub fn money(d: Decimal) -> f64 {
    f64::try_from(d.round_dp(2)).unwrap_or(f64::NAN)
}
