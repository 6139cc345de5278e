//! The typed paid actions. Each is journaled as `{"action": kind, "params": {...}}`
//! (the journal's long-standing line shape) and read back typed by reconciliation
//! and the in-flight guard.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{image_choice, ActionError};
use crate::catalog::Catalog;
use crate::client::bss::PeriodType;
use crate::client::models::CreateInstanceRequest;
use crate::client::CloudClient;
use crate::endpoints::Site;
use crate::error::ApiError;
use crate::journal::Entry;
use crate::validate::{self, Field, Invalid, Why};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", content = "params", rename_all = "snake_case")]
pub enum PaidAction {
    Purchase(Box<Purchase>),
    Renew(Renewal),
    Unsubscribe(Unsubscription),
    Pay {
        order_id: String,
    },
    /// Cancelling an unpaid order charges nothing, but it races a payment of the
    /// same order, so it goes through the same guard and journal.
    CancelOrder {
        order_id: String,
    },
    AutoRenew {
        resource_id: String,
        on: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Purchase {
    #[serde(flatten)]
    pub request: CreateInstanceRequest,
    /// Made in Rust for each intent (never taken from the caller, never reused)
    /// and journaled with it.
    #[serde(default)]
    pub client_request_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renewal {
    pub resource_ids: Vec<String>,
    pub period_type: PeriodType,
    pub period_num: i64,
    pub auto_pay: bool,
    /// Expiry of each resource just before sending: evidence for reconciliation.
    #[serde(default)]
    pub expire_before: Option<Vec<(String, Option<String>)>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unsubscription {
    pub resource_ids: Vec<String>,
    pub unsubscribe_type: i64,
    #[serde(default)]
    pub reason_type: Option<i64>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub expire_before: Option<Vec<(String, Option<String>)>>,
}

impl PaidAction {
    pub fn purchase(request: CreateInstanceRequest) -> Self {
        PaidAction::Purchase(Box::new(Purchase {
            request,
            client_request_id: String::new(),
        }))
    }

    pub fn renew(ids: &[String], period_type: PeriodType, period_num: i64, auto_pay: bool) -> Self {
        PaidAction::Renew(Renewal {
            resource_ids: ids.to_vec(),
            period_type,
            period_num,
            auto_pay,
            expire_before: None,
        })
    }

    pub fn unsubscribe(
        ids: &[String],
        unsubscribe_type: i64,
        reason_type: Option<i64>,
        reason: Option<&str>,
    ) -> Self {
        PaidAction::Unsubscribe(Unsubscription {
            resource_ids: ids.to_vec(),
            unsubscribe_type,
            reason_type,
            reason: reason.map(str::to_string).filter(|r| !r.is_empty()),
            expire_before: None,
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            PaidAction::Purchase(_) => "purchase",
            PaidAction::Renew(_) => "renew",
            PaidAction::Unsubscribe(_) => "unsubscribe",
            PaidAction::Pay { .. } => "pay",
            PaidAction::CancelOrder { .. } => "cancel_order",
            PaidAction::AutoRenew { .. } => "auto_renew",
        }
    }

    /// Instance or order ids the action changes.
    pub fn touches(&self) -> Vec<&str> {
        match self {
            PaidAction::Purchase(_) => vec![],
            PaidAction::Renew(r) => r.resource_ids.iter().map(String::as_str).collect(),
            PaidAction::Unsubscribe(u) => u.resource_ids.iter().map(String::as_str).collect(),
            PaidAction::Pay { order_id } | PaidAction::CancelOrder { order_id } => vec![order_id],
            PaidAction::AutoRenew { resource_id, .. } => vec![resource_id],
        }
    }

    /// Whether the two must not be in flight together: any
    /// shared instance or order, and any two purchases (a lost purchase answer
    /// must be settled before buying again).
    pub fn conflicts_with(&self, other: &PaidAction) -> bool {
        if matches!(
            (self, other),
            (PaidAction::Purchase(_), PaidAction::Purchase(_))
        ) {
            return true;
        }
        let mine = self.touches();
        other.touches().iter().any(|t| mine.contains(t))
    }

    pub fn validate(&self, site: Site) -> Result<(), ActionError> {
        match self {
            PaidAction::Purchase(p) => {
                validate::create_request(site, &p.request)?;
                let image = image_choice(&p.request)?;
                Catalog::bundled().check(site, &p.request.region, &image, &p.request.plan_spec)?;
            }
            PaidAction::Renew(r) => {
                validate::resource_ids(&r.resource_ids, 10)?;
                validate::renew_period(r.period_type.as_str(), r.period_num)?;
            }
            PaidAction::Unsubscribe(u) => {
                validate::resource_ids(&u.resource_ids, 10)?;
                validate::unsubscribe_type(u.unsubscribe_type)?;
                if u.reason_type.is_some_and(|r| !(1..=5).contains(&r)) {
                    return Err(Invalid::new(Field::ReasonType, Why::ChooseReason).into());
                }
                if u.reason.as_ref().is_some_and(|r| r.chars().count() > 1000) {
                    return Err(Invalid::new(Field::Reason, Why::AtMostChars { max: 1000 }).into());
                }
            }
            PaidAction::Pay { order_id } | PaidAction::CancelOrder { order_id } => {
                validate::resource_id(order_id)?
            }
            PaidAction::AutoRenew { resource_id, .. } => validate::resource_id(resource_id)?,
        }
        Ok(())
    }

    /// The action as it is sent: a fresh Client-Request-Id for a purchase, the
    /// current expiries for a renewal or unsubscription (what reconciliation
    /// compares). Without those expiries a lost answer could never be ruled in or
    /// out, so the action is refused (nothing is journaled or sent).
    pub(super) async fn with_evidence(mut self, c: &CloudClient) -> Result<Self, ApiError> {
        let before = |ids: &[String]| {
            let ids = ids.to_vec();
            async move {
                c.expiry_of(&ids).await.map(|rows| {
                    rows.into_iter()
                        .map(|r| (r.resource_id, r.expire_time))
                        .collect::<Vec<_>>()
                })
            }
        };
        match &mut self {
            PaidAction::Purchase(p) => p.client_request_id = uuid::Uuid::new_v4().to_string(),
            PaidAction::Renew(r) => r.expire_before = Some(before(&r.resource_ids).await?),
            PaidAction::Unsubscribe(u) => u.expire_before = Some(before(&u.resource_ids).await?),
            _ => {}
        }
        Ok(self)
    }

    /// `(action, params)` as journaled.
    pub fn to_parts(&self) -> (String, Value) {
        let v = serde_json::to_value(self).unwrap_or(Value::Null);
        (
            v["action"].as_str().unwrap_or(self.kind()).to_string(),
            v.get("params").cloned().unwrap_or(Value::Null),
        )
    }

    /// What the person is told is pending, in plain words.
    pub fn describe(&self) -> String {
        match self {
            PaidAction::Purchase(p) => format!(
                "the purchase of {}× '{}' in {}",
                p.request.purchase_quantity, p.request.instance_name, p.request.region
            ),
            PaidAction::Renew(r) => format!(
                "the renewal of {} for {} {}(s)",
                r.resource_ids.join(", "),
                r.period_num,
                r.period_type.as_str()
            ),
            PaidAction::Unsubscribe(u) => {
                format!("the unsubscription of {}", u.resource_ids.join(", "))
            }
            PaidAction::Pay { order_id } => format!("the payment of order {order_id}"),
            PaidAction::CancelOrder { order_id } => format!("cancelling order {order_id}"),
            PaidAction::AutoRenew { resource_id, on } => format!(
                "turning auto-renew {} for {resource_id}",
                if *on { "on" } else { "off" }
            ),
        }
    }
}

impl Entry {
    /// The paid action this entry journaled, read back typed (None for server
    /// actions and for lines written by older versions in another shape).
    pub fn paid(&self) -> Option<PaidAction> {
        serde_json::from_value(json!({"action": self.action, "params": self.params})).ok()
    }

    pub fn describe(&self) -> String {
        self.paid()
            .map(|p| p.describe())
            .unwrap_or_else(|| self.action.replace('_', " "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> CreateInstanceRequest {
        crate::fixtures::purchase_req("shop", true)
    }

    #[test]
    fn every_action_reads_back_typed_from_its_journal_line() {
        let mut p = PaidAction::purchase(req());
        if let PaidAction::Purchase(x) = &mut p {
            x.client_request_id = "0f5c3f6e-0000-4000-8000-000000000001".into();
        }
        let mut r = PaidAction::renew(&["a1".into()], PeriodType::Year, 1, true);
        if let PaidAction::Renew(x) = &mut r {
            x.expire_before = Some(vec![("a1".into(), Some("2027-01-31T00:00:00Z".into()))]);
        }
        for a in [
            p,
            r,
            PaidAction::unsubscribe(&["a1".into()], 1, Some(2), Some("too dear")),
            PaidAction::Pay {
                order_id: "CS1".into(),
            },
            PaidAction::CancelOrder {
                order_id: "CS1".into(),
            },
            PaidAction::AutoRenew {
                resource_id: "a1".into(),
                on: true,
            },
        ] {
            let (action, params) = a.to_parts();
            let e = Entry {
                id: "x".into(),
                time: "2027-01-01T00:00:00Z".into(),
                profile: "p".into(),
                action,
                params,
                outcome: crate::journal::Outcome::Sending,
                order_ids: vec![],
                message: None,
                server_time: None,
                price: None,
            };
            let line = serde_json::to_string(&e).unwrap();
            let back: Entry = serde_json::from_str(&line).unwrap();
            assert_eq!(back.paid(), Some(a.clone()), "{line}");
        }
    }

    #[test]
    fn the_purchase_line_keeps_the_request_fields_flat() {
        let (action, params) = PaidAction::purchase(req()).to_parts();
        assert_eq!(action, "purchase");
        assert_eq!(params["plan_spec"], "hf.large.05.30m.linux");
        assert!(params.get("client_request_id").is_some());
    }

    #[test]
    fn conflicts() {
        let renew_a = PaidAction::renew(&["a".into(), "b".into()], PeriodType::Month, 1, true);
        let unsub_b = PaidAction::unsubscribe(&["b".into()], 1, None, None);
        let unsub_c = PaidAction::unsubscribe(&["c".into()], 1, None, None);
        assert!(renew_a.conflicts_with(&unsub_b));
        assert!(!renew_a.conflicts_with(&unsub_c));
        assert!(PaidAction::purchase(req()).conflicts_with(&PaidAction::purchase(req())));
        assert!(!PaidAction::purchase(req()).conflicts_with(&renew_a));
        let pay = PaidAction::Pay {
            order_id: "CS1".into(),
        };
        assert!(pay.conflicts_with(&pay.clone()));
        assert!(pay.conflicts_with(&PaidAction::CancelOrder {
            order_id: "CS1".into()
        }));
    }
}
