//! Resolving a paid action whose answer was lost (or whose process died) from
//! evidence at the cloud, never by sending again:
//! - purchase: an order created after the intent whose resources carry the
//!   intended name(s) and region (BSS resources of the order, or RMS instances
//!   whose `order_id` is that order);
//! - renewal: each instance's expiry moved by the renewed period past
//!   `expire_before`, or an order created after the intent names the instances;
//! - unsubscription: the instances are gone or changed status/expiry, or an order
//!   names them;
//! - payment: the order left "pending payment"; cancelling: it is cancelled;
//! - auto-renew: the resource's `expire_policy` says so.
//!
//! "Not found" is said only once `settle` has passed since the intent on the
//! cloud's clock and the evidence rules it out; before that it stays unknown.
//!
//! Over 400 lines on purpose: one rule of evidence per paid action, side by side, so they are judged alike.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::{Actor, PaidAction};
use crate::calendar;
use crate::client::bss::PeriodType;
use crate::client::models::{CustomerOrder, OrderInstance};
use crate::error::ApiError;
use crate::journal::{Entry, Outcome};
use crate::timefmt;

/// A lost request can sit in a gateway queue for a while; until then silence proves nothing.
pub const DEFAULT_SETTLE: Duration = Duration::minutes(5);
/// The gateway accepts signatures ±15 minutes off; orders are searched from that far back.
const SKEW: Duration = Duration::minutes(15);
/// Order times and the intent's server time can differ by rounding and queueing.
const MARGIN: Duration = Duration::minutes(1);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Reconciled {
    /// It happened. `order_id` when an order was tied to it.
    Found {
        order_id: Option<String>,
        status: Option<i64>,
        evidence: String,
    },
    /// The evidence rules it out (journaled as failed; it may be done again).
    NotFound { evidence: String },
    /// Not known yet: keep checking (journaled as unknown).
    Pending { message: String },
    /// Not a paid action (nothing to check).
    Unsupported,
}

impl Reconciled {
    pub fn resolved(&self) -> bool {
        matches!(self, Reconciled::Found { .. } | Reconciled::NotFound { .. })
    }
}

fn found(order: Option<&CustomerOrder>, evidence: impl Into<String>) -> Reconciled {
    Reconciled::Found {
        order_id: order.map(|o| o.order_id.clone()),
        status: order.map(|o| o.status),
        evidence: evidence.into(),
    }
}

fn expiry_map(v: &Option<Vec<(String, Option<String>)>>) -> Vec<(String, Option<OffsetDateTime>)> {
    v.iter()
        .flatten()
        .map(|(id, t)| (id.clone(), t.as_deref().and_then(timefmt::parse_utc)))
        .collect()
}

fn before_of(before: &[(String, Option<OffsetDateTime>)], id: &str) -> Option<OffsetDateTime> {
    before.iter().find(|(i, _)| i == id).and_then(|(_, t)| *t)
}

/// Instance names a purchase of `qty` × `name` produces (`name`, or `name-0001`…).
fn name_matches(intended: &str, qty: i64, actual: &str) -> bool {
    if qty <= 1 {
        return actual == intended;
    }
    actual
        .strip_prefix(intended)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

impl Actor<'_> {
    /// Checks one journal entry and records what the evidence says.
    pub async fn reconcile(&self, entry: &Entry) -> Result<Reconciled, ApiError> {
        let Some(action) = entry.paid() else {
            return Ok(Reconciled::Unsupported);
        };
        if let Some(done) = settled_in_journal(entry) {
            return Ok(done);
        }
        let now = self.server_now().await;
        let server_intent = entry.server_time.as_deref().and_then(timefmt::parse_utc);
        let intent = server_intent
            .or_else(|| timefmt::parse_utc(&entry.time))
            .unwrap_or(now);
        let settled = now - intent >= self.settle;
        let known: Vec<String> = self
            .journal
            .entries()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.id != entry.id)
            .flat_map(|e| e.order_ids)
            .collect();
        // On the cloud's clock an order placed before the intent (say in the
        // console) cannot be this one; only this computer's clock needs the skew.
        let since = intent
            - if server_intent.is_some() {
                MARGIN
            } else {
                SKEW
            };
        let r = match &action {
            PaidAction::Purchase(p) => self.purchase_evidence(p, since, &known).await?,
            PaidAction::Renew(r) => {
                let before = expiry_map(&r.expire_before);
                let rows = self.client.expiry_of(&r.resource_ids).await?;
                let moved = r.resource_ids.iter().all(|id| {
                    let was = before_of(&before, id);
                    let now = row_expiry(&rows, id);
                    match (was, now) {
                        // Moved by the renewed period (a day of slack for time zones).
                        (Some(w), Some(n)) => {
                            n >= calendar::add_period(
                                w,
                                r.period_type == PeriodType::Year,
                                r.period_num,
                            ) - Duration::days(1)
                        }
                        _ => false,
                    }
                });
                let order = self.order_naming(2, since, &known, &r.resource_ids).await?;
                // Unpaid (auto_pay off) the expiry does not move, and without the
                // expiry before there is nothing to compare: only an order can tell.
                let blind = !r.auto_pay
                    || r.resource_ids
                        .iter()
                        .any(|id| before_of(&before, id).is_none());
                if moved || order.is_some() {
                    found(
                        order.as_ref(),
                        if order.is_some() {
                            "a renewal order placed after the intent holds these instances"
                        } else {
                            "the expiry moved by the renewed period"
                        },
                    )
                } else if blind {
                    Reconciled::Pending {
                        message: "no renewal order holds these instances yet, and their expiry \
                                  cannot show an unpaid or unrecorded renewal; check the orders"
                            .into(),
                    }
                } else {
                    Reconciled::NotFound {
                        evidence:
                            "the expiry did not move and no renewal order holds these instances"
                                .into(),
                    }
                }
            }
            PaidAction::Unsubscribe(u) => {
                let before = expiry_map(&u.expire_before);
                let rows = self.client.expiry_of(&u.resource_ids).await?;
                let changed = u.resource_ids.iter().all(|id| {
                    let row = rows.iter().find(|r| &r.resource_id == id);
                    match row {
                        // Gone counts only for an instance that had a row before.
                        None => before.iter().any(|(i, _)| i == id),
                        // 3 = closed (released); a released instance may also just vanish.
                        Some(r) if u.unsubscribe_type == 1 => r.status == Some(3),
                        Some(r) => {
                            match (before_of(&before, id), row_expiry(&rows, &r.resource_id)) {
                                (Some(w), Some(n)) => n < w,
                                _ => false,
                            }
                        }
                    }
                });
                let order = self.order_naming(4, since, &known, &u.resource_ids).await?;
                let blind = u.unsubscribe_type != 1
                    && u.resource_ids
                        .iter()
                        .any(|id| before_of(&before, id).is_none());
                if changed || order.is_some() {
                    found(
                        order.as_ref(),
                        "the instances were released or their renewals removed",
                    )
                } else if blind {
                    Reconciled::Pending {
                        message: "no unsubscription order holds these instances yet, and \
                                  without their expiry before nothing else can rule it out"
                            .into(),
                    }
                } else {
                    Reconciled::NotFound {
                        evidence:
                            "the instances are unchanged and no unsubscription order holds them"
                                .into(),
                    }
                }
            }
            PaidAction::Pay { order_id } => {
                let d = self.client.order_details(order_id).await?;
                match d.order_info.status {
                    6 => Reconciled::NotFound {
                        evidence: "the order is still waiting for payment".into(),
                    },
                    4 => Reconciled::NotFound {
                        evidence: "the order was cancelled".into(),
                    },
                    _ => found(Some(&d.order_info), "the order is paid"),
                }
            }
            PaidAction::CancelOrder { order_id } => {
                let d = self.client.order_details(order_id).await?;
                match d.order_info.status {
                    4 => found(Some(&d.order_info), "the order is cancelled"),
                    6 => Reconciled::NotFound {
                        evidence: "the order is still waiting for payment".into(),
                    },
                    _ => Reconciled::NotFound {
                        evidence: "the order was paid, not cancelled".into(),
                    },
                }
            }
            PaidAction::AutoRenew { resource_id, on } => {
                let rows = self
                    .client
                    .expiry_of(std::slice::from_ref(resource_id))
                    .await?;
                let policy = rows.first().and_then(|r| r.expire_policy);
                if (policy == Some(3)) == *on {
                    found(None, "the instance's auto-renew setting is as asked")
                } else {
                    Reconciled::NotFound {
                        evidence: "the instance's auto-renew setting is unchanged".into(),
                    }
                }
            }
        };
        // Silence is no proof while the request could still be processed.
        let r = match r {
            Reconciled::NotFound { evidence } if !settled => Reconciled::Pending {
                message: format!("not visible yet ({evidence}); checking again"),
            },
            r => r,
        };
        self.record_reconciled(entry, &r);
        Ok(r)
    }

    fn record_reconciled(&self, entry: &Entry, r: &Reconciled) {
        let mut e = entry.clone();
        match r {
            Reconciled::Found {
                order_id, evidence, ..
            } => {
                e.outcome = Outcome::Succeeded;
                if let Some(o) = order_id {
                    e.order_ids = vec![o.clone()];
                }
                e.message = Some(format!("confirmed after the answer was lost: {evidence}"));
            }
            Reconciled::NotFound { evidence } => {
                e.outcome = Outcome::Failed;
                e.message = Some(format!("not processed: {evidence}"));
            }
            Reconciled::Pending { message } if entry.outcome == Outcome::Sending => {
                e.outcome = Outcome::Unknown;
                e.message = Some(message.clone());
            }
            _ => return,
        }
        let _ = self.journal.settle(&e);
    }

    /// Every unresolved paid action of this profile, checked once.
    pub async fn recover(&self) -> Vec<(Entry, Result<Reconciled, ApiError>)> {
        let mut out = Vec::new();
        for e in self
            .journal
            .unresolved()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.profile == self.profile)
        {
            let r = self.reconcile(&e).await;
            out.push((e, r));
        }
        out
    }

    /// Checks one entry with backoff (1 s doubling to 30 s) until it resolves or
    /// `for_at_most` has passed; the last answer is returned either way.
    pub async fn reconcile_until(
        &self,
        journal_id: &str,
        for_at_most: std::time::Duration,
    ) -> Result<Reconciled, ApiError> {
        let start = std::time::Instant::now();
        let mut wait = std::time::Duration::from_secs(1);
        loop {
            let Some(e) = self.journal.get(journal_id).ok().flatten() else {
                return Ok(Reconciled::Unsupported);
            };
            let r = self.reconcile(&e).await;
            let done = matches!(&r, Ok(x) if x.resolved());
            if done || start.elapsed() + wait > for_at_most {
                return r;
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(std::time::Duration::from_secs(30));
        }
    }

    /// Orders of `order_type` since `since` that no other journal entry claims.
    async fn new_orders(
        &self,
        order_type: i64,
        since: OffsetDateTime,
        known: &[String],
    ) -> Result<Vec<CustomerOrder>, ApiError> {
        Ok(self
            .client
            .list_orders(&timefmt::utc(since), Some(order_type))
            .await?
            .into_iter()
            .filter(|o| !known.contains(&o.order_id))
            .collect())
    }

    /// The first new order whose resources (BSS, asked by order id) are every
    /// one of `ids`. Line items' `commercial_resource` is a type code, not an id.
    async fn order_naming(
        &self,
        order_type: i64,
        since: OffsetDateTime,
        known: &[String],
        ids: &[String],
    ) -> Result<Option<CustomerOrder>, ApiError> {
        for o in self.new_orders(order_type, since, known).await? {
            let of_order = self.client.resources_of_order(&o.order_id).await?;
            if ids
                .iter()
                .all(|id| of_order.iter().any(|r| &r.resource_id == id))
            {
                return Ok(Some(o));
            }
        }
        Ok(None)
    }

    async fn purchase_evidence(
        &self,
        p: &super::Purchase,
        since: OffsetDateTime,
        known: &[String],
    ) -> Result<Reconciled, ApiError> {
        let req = &p.request;
        let qty = req.purchase_quantity;
        let mut untied = Vec::new();
        let rms = self.client.list_instances(Some(&req.region)).await?;
        for o in self.new_orders(1, since, known).await? {
            let of_order: Vec<OrderInstance> = self
                .client
                .resources_of_order(&o.order_id)
                .await?
                .into_iter()
                .filter(|r| r.is_main_resource != Some(0))
                .collect();
            let mut names: Vec<(String, String)> = of_order
                .iter()
                .map(|r: &OrderInstance| {
                    (
                        r.resource_name.clone().unwrap_or_default(),
                        r.region_code.clone().unwrap_or_default(),
                    )
                })
                .collect();
            if names.is_empty() {
                names = rms
                    .iter()
                    .filter(|i| i.order_id.as_deref() == Some(o.order_id.as_str()))
                    .map(|i| (i.name.clone(), i.region.clone()))
                    .collect();
            }
            if names.is_empty() {
                untied.push(o);
                continue;
            }
            if names.len() as i64 == qty
                && names
                    .iter()
                    .all(|(n, r)| r == &req.region && name_matches(&req.instance_name, qty, n))
            {
                return Ok(found(
                    Some(&o),
                    "an order placed after the intent holds instances with the intended names and region",
                ));
            }
        }
        if untied.is_empty() {
            return Ok(Reconciled::NotFound {
                evidence: "no order placed since the intent holds instances with these names"
                    .into(),
            });
        }
        // An order waiting for payment has no instances yet, so nothing ties it to
        // this purchase; it stays unknown (never "buy again") until it is paid
        // (its instances then show whose it is) or cancelled.
        let list = untied
            .iter()
            .map(|o| {
                if o.status == 6 {
                    format!(
                        "{} (waiting for payment: pay or cancel it to settle this)",
                        o.order_id
                    )
                } else {
                    format!("{} (being processed)", o.order_id)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Reconciled::Pending {
            message: format!("order(s) placed since the intent have no instances yet: {list}"),
        })
    }
}

/// What the journal already knows about a resolved entry (nothing is re-checked).
fn settled_in_journal(e: &Entry) -> Option<Reconciled> {
    let evidence = e.message.clone().unwrap_or_else(|| "recorded".into());
    match e.outcome {
        Outcome::Succeeded => Some(Reconciled::Found {
            order_id: e.order_ids.first().cloned(),
            status: None,
            evidence,
        }),
        Outcome::Failed => Some(Reconciled::NotFound { evidence }),
        Outcome::Sending | Outcome::Unknown => None,
    }
}

fn row_expiry(rows: &[OrderInstance], id: &str) -> Option<OffsetDateTime> {
    rows.iter()
        .find(|r| r.resource_id == id)
        .and_then(|r| r.expire_time.as_deref())
        .and_then(timefmt::parse_utc)
}

#[cfg(test)]
mod tests {
    use super::name_matches;

    #[test]
    fn purchase_names() {
        assert!(name_matches("shop", 1, "shop"));
        assert!(!name_matches("shop", 1, "shop-0001"));
        assert!(name_matches("shop", 3, "shop-0002"));
        assert!(!name_matches("shop", 3, "shopx-0002"));
        assert!(!name_matches("shop", 3, "shop-"));
    }
}
