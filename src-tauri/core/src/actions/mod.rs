//! Paid and destructive actions, shared by the app and the CLI. A paid action is
//! one typed [`PaidAction`]: validated, written to the journal as the intent (only
//! if no unresolved action touches the same resource), sent exactly once, and its
//! outcome recorded. A lost answer is recorded as `unknown` and resolved from
//! evidence (`reconcile`) — never by sending again.
//!
//! Over 400 lines with its tests (the code is under 380): the exactly-once rule and the cases that hold it.

mod paid;
pub mod quote;
mod reconcile;

pub use paid::{PaidAction, Purchase, Renewal, Unsubscription};
pub use reconcile::{Reconciled, DEFAULT_SETTLE};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::catalog::ImageChoice;
use crate::client::ecs::ServerAction;
use crate::client::models::CreateInstanceRequest;
use crate::client::CloudClient;
use crate::error::ApiError;
use crate::journal::{BeginError, Entry, Journal, Outcome};
use crate::timefmt;
use crate::validate::{self, Field, Invalid, Why};

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Catalog(#[from] crate::catalog::CatalogError),
    #[error("{source}")]
    Api {
        source: Box<ApiError>,
        /// The request may have been processed: check before doing anything again.
        unknown: bool,
        journal_id: String,
    },
    #[error("could not write the activity journal, so nothing was sent: {0}")]
    Journal(String),
    /// An earlier action on the same resource has no known outcome: nothing was sent.
    #[error("nothing was sent: {} from {} has no known outcome yet; check it first", .0.describe(), .0.time)]
    Pending(Box<Entry>),
    /// What a lost answer would be checked against (the cloud's clock, the current
    /// expiry) could not be read: nothing was sent.
    #[error("nothing was sent: what a lost answer would be checked against (the cloud's clock, the current expiry) could not be read ({0}); try again")]
    NoEvidence(Box<ApiError>),
}

impl ActionError {
    pub fn kind(&self) -> &'static str {
        match self {
            ActionError::Invalid(_) | ActionError::Catalog(_) => "invalid_input",
            ActionError::Api { unknown: true, .. } => "outcome_unknown",
            ActionError::Api { source, .. } => source.kind(),
            ActionError::Journal(_) => "journal",
            ActionError::Pending(_) => "pending",
            ActionError::NoEvidence(_) => "no_evidence",
        }
    }
}

pub struct Actor<'a> {
    pub client: &'a CloudClient,
    pub journal: &'a Journal,
    pub profile: &'a str,
    /// How long after the intent a lost request could still be processed; only
    /// after it may missing evidence mean "it did not happen".
    pub settle: time::Duration,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done<T> {
    pub journal_id: String,
    pub result: T,
}

/// What a paid action created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub order_ids: Vec<String>,
    pub instance_ids: Vec<String>,
}

impl<'a> Actor<'a> {
    pub fn new(client: &'a CloudClient, journal: &'a Journal, profile: &'a str) -> Self {
        Actor {
            client,
            journal,
            profile,
            settle: DEFAULT_SETTLE,
        }
    }

    pub fn with_settle(mut self, settle: time::Duration) -> Self {
        self.settle = settle;
        self
    }

    /// The cloud's clock: journal times and evidence windows never trust this computer's.
    pub async fn server_now(&self) -> OffsetDateTime {
        if !self.client.server_clock_known() {
            // No reply seen yet: one cheap read learns the gateway's clock.
            let _ = self.client.balances().await;
        }
        self.client.server_now()
    }

    /// The intent's time on the cloud's clock, or a refusal: on this computer's
    /// clock (maybe minutes off) "not processed" could be concluded too early.
    async fn intent_clock(&self) -> Result<OffsetDateTime, ActionError> {
        if !self.client.server_clock_known() {
            if let Err(e) = self.client.balances().await {
                if !self.client.server_clock_known() {
                    return Err(ActionError::NoEvidence(Box::new(e)));
                }
            }
        }
        Ok(self.client.server_now())
    }

    fn entry(&self, action: &str, params: Value, server_time: OffsetDateTime) -> Entry {
        Entry {
            id: uuid::Uuid::new_v4().to_string(),
            time: timefmt::utc(OffsetDateTime::now_utc()),
            profile: self.profile.to_string(),
            action: action.to_string(),
            params,
            outcome: Outcome::Sending,
            order_ids: vec![],
            message: None,
            server_time: Some(timefmt::utc(server_time)),
            price: None,
        }
    }

    fn intent(&self, action: &str, params: Value) -> Result<Entry, ActionError> {
        let e = self.entry(action, params, OffsetDateTime::now_utc());
        self.journal
            .append(&e)
            .map_err(|e| ActionError::Journal(e.to_string()))?;
        Ok(e)
    }

    fn record<T>(
        &self,
        mut e: Entry,
        r: Result<T, ApiError>,
        orders: impl Fn(&T) -> Vec<String>,
    ) -> Result<Done<T>, ActionError> {
        match r {
            Ok(v) => {
                e.outcome = Outcome::Succeeded;
                e.order_ids = orders(&v);
                let _ = self.journal.append(&e);
                Ok(Done {
                    journal_id: e.id,
                    result: v,
                })
            }
            Err(err) => {
                let unknown = err.outcome_unknown();
                e.outcome = if unknown {
                    Outcome::Unknown
                } else {
                    Outcome::Failed
                };
                e.message = Some(err.to_string());
                // A partial failure still created orders for the other resources:
                // the action happened (for those), so it is never "failed", which
                // would read as "not processed, may be done again".
                if let ApiError::PartialFailure {
                    order_ids,
                    failures,
                } = &err
                {
                    if !order_ids.is_empty() {
                        e.outcome = Outcome::Succeeded;
                        let refused: Vec<&str> =
                            failures.iter().map(|f| f.resource_id.as_str()).collect();
                        e.message = Some(format!(
                            "done in part: ordered {}; refused {} ({err})",
                            order_ids.join(", "),
                            refused.join(", ")
                        ));
                    }
                    e.order_ids = order_ids.clone();
                }
                let _ = self.journal.append(&e);
                Err(ActionError::Api {
                    source: Box::new(err),
                    unknown,
                    journal_id: e.id,
                })
            }
        }
    }

    /// Checks a paid action without sending anything (what a review or quote needs).
    pub fn check(&self, action: &PaidAction) -> Result<(), ActionError> {
        action.validate(self.client.endpoints.site)
    }

    /// An unresolved action of this profile that `action` would collide with.
    pub fn pending_for(&self, action: &PaidAction) -> Option<Entry> {
        pending_for(self.journal, self.profile, action)
    }

    /// Sends one paid action: validate, gather the evidence a lost answer will
    /// need, journal the intent (refused while a conflicting action is
    /// unresolved), send once, record the outcome.
    pub async fn perform(&self, action: PaidAction) -> Result<Done<Placed>, ActionError> {
        self.perform_priced(action, None).await
    }

    /// `perform`, journaling the price the person confirmed beside the intent.
    pub async fn perform_priced(
        &self,
        action: PaidAction,
        price: Option<crate::price::Quoted>,
    ) -> Result<Done<Placed>, ActionError> {
        self.check(&action)?;
        if let Some(p) = self.pending_for(&action) {
            return Err(ActionError::Pending(Box::new(p)));
        }
        let action = action
            .with_evidence(self.client)
            .await
            .map_err(|e| ActionError::NoEvidence(Box::new(e)))?;
        let (name, params) = action.to_parts();
        let mut e = self.entry(&name, params, self.intent_clock().await?);
        e.price = price;
        let profile = self.profile;
        self.journal
            .begin(&e, |x| blocks(x, profile, &action))
            .map_err(|err| match err {
                BeginError::Blocked(p) => ActionError::Pending(p),
                BeginError::Io(io) => ActionError::Journal(io.to_string()),
            })?;
        let c = self.client;
        let r: Result<Placed, ApiError> = match &action {
            PaidAction::Purchase(p) => c
                .create_instances(&p.request, &p.client_request_id)
                .await
                .map(|v| Placed {
                    order_ids: vec![v.order_id],
                    instance_ids: v.instance_ids,
                }),
            PaidAction::Renew(r) => c
                .renew(&r.resource_ids, r.period_type, r.period_num, r.auto_pay)
                .await
                .map(|v| Placed {
                    order_ids: v.order_ids,
                    instance_ids: vec![],
                }),
            PaidAction::Unsubscribe(u) => c
                .unsubscribe(
                    &u.resource_ids,
                    u.unsubscribe_type,
                    u.reason_type,
                    u.reason.as_deref(),
                )
                .await
                .map(|v| Placed {
                    order_ids: v.order_ids,
                    instance_ids: vec![],
                }),
            PaidAction::Pay { order_id } => c.pay_order(order_id).await.map(|_| Placed {
                order_ids: vec![order_id.clone()],
                instance_ids: vec![],
            }),
            PaidAction::CancelOrder { order_id } => {
                c.cancel_order(order_id).await.map(|_| Placed {
                    order_ids: vec![order_id.clone()],
                    instance_ids: vec![],
                })
            }
            PaidAction::AutoRenew { resource_id, on } => c
                .set_auto_renew(resource_id, *on)
                .await
                .map(|_| Placed::default()),
        };
        self.record(e, r, |p| p.order_ids.clone())
    }

    pub async fn server_action(
        &self,
        region: &str,
        action: ServerAction,
        server_ids: &[String],
        hard: bool,
    ) -> Result<Done<String>, ActionError> {
        if server_ids.is_empty() || server_ids.len() > 1000 {
            return Err(Invalid::new(Field::Servers, Why::ServerCount { max: 1000 }).into());
        }
        for s in server_ids {
            validate::resource_id(s)?;
        }
        let name = match action {
            ServerAction::Start => "start",
            ServerAction::Stop => "stop",
            ServerAction::Reboot => "reboot",
        };
        let e = self.intent(
            name,
            json!({"region": region, "server_ids": server_ids, "hard": hard}),
        )?;
        let r = self
            .client
            .server_action(region, action, server_ids, hard)
            .await;
        self.record(e, r, |_| vec![])
    }

    /// The password itself is never journaled.
    pub async fn reset_password(
        &self,
        region: &str,
        server_ids: &[String],
        password: &str,
    ) -> Result<Done<()>, ActionError> {
        validate::password(password)?;
        for s in server_ids {
            validate::resource_id(s)?;
        }
        let e = self.intent(
            "reset_password",
            json!({"region": region, "server_ids": server_ids}),
        )?;
        let r = self
            .client
            .reset_passwords(region, server_ids, password)
            .await
            .map(|_| ());
        self.record(e, r, |_| vec![])
    }
}

/// An unresolved paid action of `profile` in `journal` that `action` would collide with.
pub fn pending_for(journal: &Journal, profile: &str, action: &PaidAction) -> Option<Entry> {
    journal
        .unresolved()
        .ok()?
        .into_iter()
        .find(|e| blocks(e, profile, action))
}

/// Whether the unresolved entry `e` holds back `action` of `profile`. Instance and
/// order ids are unique across the cloud, so an action on them is held whichever
/// profile (maybe another profile of the same account) sent the pending one; two
/// purchases collide only within one profile.
fn blocks(e: &Entry, profile: &str, action: &PaidAction) -> bool {
    e.paid().is_some_and(|p| {
        p.conflicts_with(action)
            && (e.profile == profile
                || !matches!(
                    (&p, action),
                    (PaidAction::Purchase(_), PaidAction::Purchase(_))
                ))
    })
}

pub fn image_choice(req: &CreateInstanceRequest) -> Result<ImageChoice, Invalid> {
    match &req.image_ref {
        Some(r) if r.image_id.is_some() => Ok(ImageChoice::Private {
            image_id: r.image_id.clone().unwrap_or_default(),
            windows: req.plan_spec.ends_with(".win") || req.plan_spec.ends_with(".byol"),
        }),
        Some(r) => Ok(ImageChoice::Public {
            name: r.image_name.clone().unwrap_or_default(),
            version: r.image_version.clone().unwrap_or_default(),
        }),
        None => Err(Invalid::new(Field::ImageRef, Why::ChooseImage)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::bss::PeriodType;

    fn pending(profile: &str, action: &PaidAction) -> Entry {
        let (name, params) = action.to_parts();
        Entry {
            id: "e1".into(),
            time: "2026-01-01T00:00:00Z".into(),
            profile: profile.into(),
            action: name,
            params,
            outcome: Outcome::Unknown,
            order_ids: vec![],
            message: None,
            server_time: None,
            price: None,
        }
    }

    #[test]
    fn the_guard_holds_an_instance_across_profiles() {
        let id = vec!["a1b2c3d4e5f6a7b8c9d0e1f2".to_string()];
        let renew = PaidAction::renew(&id, PeriodType::Month, 1, true);
        let e = pending("shop", &renew);
        assert!(blocks(&e, "shop", &renew));
        assert!(
            blocks(&e, "shop-admin", &renew),
            "same instance, other profile"
        );
        let unsub = PaidAction::unsubscribe(&id, 1, None, None);
        assert!(blocks(&e, "shop-admin", &unsub));
        let pay = PaidAction::Pay {
            order_id: "CS2601010000ABCDE".into(),
        };
        let e = pending("shop", &pay);
        assert!(blocks(&e, "other", &pay));
        assert!(!blocks(&e, "other", &renew), "unrelated resource");
    }
}
