//! Renewal calendar and cost outlook across accounts: every expiry of the next 12
//! months with its renewal price (a one-month renewal quoted by BSS renew-rate, asked
//! in batches of at most 10), monthly totals per currency, and how far each account's
//! balance reaches ("your balance covers renewals until March 2027").
//!
//! Months are calendar months: renewing on 31 January runs to the last day of
//! February, as BSS does (`calendar::add_months`, the one month arithmetic of the
//! project).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::calendar::add_months;
use crate::client::bss::PeriodType;
use crate::client::CloudClient;
use crate::error::ApiError;
use crate::fleet::Fleet;
use crate::messages::{CoverageText, Lang};
use crate::timefmt;

/// Renew-rate is asked for at most this many resources per call.
pub const RENEW_RATE_BATCH: usize = 10;

/// "2027-03": the calendar month of `t` (UTC).
pub fn month_key(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

/// One account's part of the outlook, as gathered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountInput {
    pub account: String,
    pub currency: String,
    /// Cash balance; `None` when it could not be read.
    pub balance: Option<Decimal>,
    pub instances: Vec<InstanceInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceInput {
    pub id: String,
    pub name: String,
    pub region: String,
    pub expire_time: Option<String>,
    pub auto_renew: Option<bool>,
    /// Price of one month's renewal; `None` = unknown (never shown as 0).
    pub monthly_price: Option<Decimal>,
    /// Why the price is unknown (the BSS refusal), for the view.
    pub price_problem: Option<String>,
}

/// One renewal falling due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Due {
    pub account: String,
    pub instance_id: String,
    pub name: String,
    pub region: String,
    /// When the period ends (RFC 3339, UTC).
    pub expire_time: String,
    pub month: String,
    pub amount: Option<Decimal>,
    pub currency: String,
    pub auto_renew: bool,
    /// Already expired (in grace or retention) when the outlook was made.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthTotal {
    pub month: String,
    pub currency: String,
    pub total: Decimal,
    /// Some renewals of this month have no known price: the total is a lower bound.
    pub incomplete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub account: String,
    pub currency: String,
    pub balance: Option<Decimal>,
    /// Due in the 12 months (known prices).
    pub due_total: Decimal,
    /// The first month whose renewals the balance cannot pay; `None` = covers all
    /// (or unknown balance, see `balance`).
    pub short_from: Option<String>,
    /// It cannot pay even this month's renewals.
    pub short_now: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlook {
    pub generated_at: String,
    pub dues: Vec<Due>,
    pub months: Vec<MonthTotal>,
    pub coverage: Vec<Coverage>,
}

/// Builds the outlook for the 12 months from `now`: each instance's current expiry
/// and, after it, one renewal per calendar month.
pub fn build(accounts: &[AccountInput], now: OffsetDateTime) -> Outlook {
    let horizon = add_months(now, 12);
    let mut dues = Vec::new();
    for a in accounts {
        for i in &a.instances {
            let Some(first) = i.expire_time.as_deref().and_then(timefmt::parse_utc) else {
                continue;
            };
            let mut k = 0;
            loop {
                let at = add_months(first, k);
                if at >= horizon || k > 240 {
                    break;
                }
                dues.push(Due {
                    account: a.account.clone(),
                    instance_id: i.id.clone(),
                    name: i.name.clone(),
                    region: i.region.clone(),
                    expire_time: timefmt::utc(at),
                    month: month_key(at.max(now)),
                    amount: i.monthly_price,
                    currency: a.currency.clone(),
                    auto_renew: i.auto_renew.unwrap_or(false),
                    overdue: at < now,
                });
                k += 1;
            }
        }
    }
    dues.sort_by(|x, y| (&x.expire_time, &x.name).cmp(&(&y.expire_time, &y.name)));
    let mut months: BTreeMap<(String, String), (Decimal, bool)> = BTreeMap::new();
    for d in &dues {
        let e = months
            .entry((d.month.clone(), d.currency.clone()))
            .or_insert((Decimal::ZERO, false));
        match d.amount {
            Some(x) => e.0 += x,
            None => e.1 = true,
        }
    }
    let coverage = accounts
        .iter()
        .map(|a| {
            let mut spent = Decimal::ZERO;
            let mut short_from = None;
            for d in dues.iter().filter(|d| d.account == a.account) {
                spent += d.amount.unwrap_or(Decimal::ZERO);
                if short_from.is_none() && a.balance.is_some_and(|b| spent > b) {
                    short_from = Some(d.month.clone());
                }
            }
            let short_from = short_from.filter(|_| a.balance.is_some());
            Coverage {
                account: a.account.clone(),
                currency: a.currency.clone(),
                balance: a.balance,
                due_total: spent,
                short_now: short_from.as_deref() == Some(month_key(now).as_str()),
                short_from,
            }
        })
        .collect();
    Outlook {
        generated_at: timefmt::utc(now),
        dues,
        months: months
            .into_iter()
            .map(|((month, currency), (total, incomplete))| MonthTotal {
                month,
                currency,
                total,
                incomplete,
            })
            .collect(),
        coverage,
    }
}

/// "your balance covers renewals until March 2027" and its Chinese twin.
pub fn describe_coverage(c: &Coverage, lang: &str) -> String {
    let key = match (&c.balance, &c.short_from) {
        (None, _) => CoverageText::BalanceUnknown,
        (Some(_), None) => CoverageText::CoversYear,
        (Some(_), Some(m)) if c.short_now => CoverageText::ShortNow { month: m.clone() },
        (Some(_), Some(m)) => CoverageText::CoversUntil { month: m.clone() },
    };
    key.text(Lang::from_code(lang))
}

/// Reads one account's part: the fleet's instances and balance, and one-month renewal
/// prices asked in batches of at most 10 (a refused batch leaves those prices unknown
/// with the reason; other batches still count).
pub async fn gather(
    client: &CloudClient,
    account: &str,
    currency: &str,
    fleet: &Fleet,
) -> AccountInput {
    let ids: Vec<String> = fleet.instances.iter().map(|i| i.id.clone()).collect();
    let mut prices: HashMap<String, Result<Decimal, String>> = HashMap::new();
    for chunk in ids.chunks(RENEW_RATE_BATCH) {
        match client.renew_price(chunk, PeriodType::Month, 1).await {
            Ok(r) => {
                for id in chunk {
                    let p = r.amount_of(id).ok_or_else(|| "no price".to_string());
                    prices.insert(id.clone(), p);
                }
            }
            Err(ApiError::PartialFailure { failures, .. }) => {
                // Without a usable quote for the batch, ask one by one so one refused
                // resource does not hide the others' prices.
                for id in chunk {
                    let p = match client
                        .renew_price(std::slice::from_ref(id), PeriodType::Month, 1)
                        .await
                    {
                        Ok(r) => r.amount_of(id).ok_or_else(|| "no price".to_string()),
                        Err(e) => Err(failures
                            .iter()
                            .find(|f| &f.resource_id == id)
                            .map(|f| format!("{}: {}", f.error_code, f.error_msg))
                            .unwrap_or_else(|| e.to_string())),
                    };
                    prices.insert(id.clone(), p);
                }
            }
            Err(e) => {
                for id in chunk {
                    prices.insert(id.clone(), Err(e.to_string()));
                }
            }
        }
    }
    AccountInput {
        account: account.to_string(),
        currency: fleet
            .currency
            .clone()
            .unwrap_or_else(|| currency.to_string()),
        balance: fleet
            .balance
            .and_then(|b| Decimal::try_from(b).ok())
            .map(|d| d.round_dp(2)),
        instances: fleet
            .instances
            .iter()
            .map(|i| {
                let p = prices.remove(&i.id);
                InstanceInput {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    region: i.region.clone(),
                    expire_time: i.expire_time.clone(),
                    auto_renew: i.auto_renew,
                    monthly_price: p.as_ref().and_then(|r| r.as_ref().ok()).copied(),
                    price_problem: p.and_then(|r| r.err()),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use time::macros::datetime;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn inst(id: &str, expire: &str, price: Option<&str>) -> InstanceInput {
        InstanceInput {
            id: id.into(),
            name: format!("n-{id}"),
            region: "ap-southeast-1".into(),
            expire_time: Some(expire.into()),
            auto_renew: Some(true),
            monthly_price: price.map(dec),
            price_problem: None,
        }
    }

    #[test]
    fn twelve_months_of_dues_totals_and_coverage() {
        let now = datetime!(2026-11-23 12:00:00 UTC);
        let a = AccountInput {
            account: "intl".into(),
            currency: "USD".into(),
            balance: Some(dec("100.00")),
            instances: vec![
                inst("a", "2026-11-25T10:00:00Z", Some("24.00")),
                inst("b", "2026-12-31T00:00:00Z", Some("10.50")),
                // Expired two days ago: overdue now, then monthly.
                inst("c", "2026-11-21T00:00:00Z", Some("5.00")),
            ],
        };
        let cn = AccountInput {
            account: "cn".into(),
            currency: "CNY".into(),
            balance: None,
            instances: vec![inst("d", "2027-02-01T00:00:00Z", None)],
        };
        let o = build(&[a, cn], now);
        let of = |id: &str| o.dues.iter().filter(|d| d.instance_id == id).count();
        assert_eq!((of("a"), of("b"), of("c"), of("d")), (12, 11, 13, 10));
        let c0 = o.dues.iter().find(|d| d.instance_id == "c").unwrap();
        assert!(c0.overdue && c0.month == "2026-11");
        let b = o
            .dues
            .iter()
            .filter(|d| d.instance_id == "b")
            .collect::<Vec<_>>();
        assert_eq!(b[1].expire_time, "2027-01-31T00:00:00Z");
        assert_eq!(b[2].expire_time, "2027-02-28T00:00:00Z");
        let nov = o
            .months
            .iter()
            .find(|m| m.month == "2026-11" && m.currency == "USD")
            .unwrap();
        // a (24.00) + c twice (21 Nov overdue, 21 Dec is December) → 29.00.
        assert_eq!(nov.total, dec("29.00"));
        let dec_m = o.months.iter().find(|m| m.month == "2026-12").unwrap();
        assert_eq!(dec_m.total, dec("39.50"));
        let cny = o.months.iter().find(|m| m.currency == "CNY").unwrap();
        assert!(cny.incomplete && cny.total == Decimal::ZERO);
        // 100.00: November 29.00, December 68.50, January 108.00 → short in January.
        let cov = &o.coverage[0];
        assert_eq!(cov.short_from.as_deref(), Some("2027-01"));
        assert_eq!(
            describe_coverage(cov, "en"),
            "your balance covers renewals until January 2027"
        );
        assert_eq!(
            describe_coverage(cov, "zh-CN"),
            "余额可支付续费至 2027年1月（该月不足）"
        );
        assert_eq!(
            describe_coverage(&o.coverage[1], "en"),
            "the balance could not be read"
        );
        assert!(!cov.short_now);
        let rich = Coverage {
            balance: Some(dec("10000")),
            short_from: None,
            ..cov.clone()
        };
        let broke = Coverage {
            balance: Some(Decimal::ZERO),
            short_from: Some("2026-11".into()),
            short_now: true,
            ..cov.clone()
        };
        assert_eq!(
            describe_coverage(&broke, "en"),
            "your balance does not cover this month's renewals (November 2026)"
        );
        assert_eq!(
            describe_coverage(&broke, "zh"),
            "余额不足以支付本月（2026年11月）的续费"
        );
        assert!(describe_coverage(&rich, "en").contains("every renewal"));
        // Exact decimals: 12 × 24.00 + 11 × 10.50 + 13 × 5.00.
        assert_eq!(cov.due_total, dec("468.50"));
    }

    #[test]
    fn an_instance_without_expiry_is_left_out_not_invented() {
        let now = datetime!(2026-11-23 12:00:00 UTC);
        let mut i = inst("x", "garbage", Some("1"));
        let a = AccountInput {
            account: "a".into(),
            currency: "USD".into(),
            balance: Some(Decimal::ONE),
            instances: vec![i.clone()],
        };
        assert!(build(std::slice::from_ref(&a), now).dues.is_empty());
        i.expire_time = None;
        assert!(build(
            &[AccountInput {
                instances: vec![i],
                ..a
            }],
            now
        )
        .dues
        .is_empty());
    }
}
