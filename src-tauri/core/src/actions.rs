//! Paid and destructive actions, shared by the app and the CLI. Each one:
//! validates, writes an intent to the journal, sends exactly one request, records
//! the outcome. A lost answer is recorded as `unknown` and reconciled by reading
//! orders and instances — never by sending again.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::catalog::{Catalog, ImageChoice};
use crate::client::bss::PeriodType;
use crate::client::ecs::ServerAction;
use crate::client::models::{CreateInstanceRequest, CreateInstanceResponse, OrderIdsResponse};
use crate::client::CloudClient;
use crate::error::ApiError;
use crate::journal::{Entry, Journal, Outcome};
use crate::timefmt;
use crate::validate::{self, Invalid};

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
}

impl ActionError {
    pub fn kind(&self) -> &'static str {
        match self {
            ActionError::Invalid(_) | ActionError::Catalog(_) => "invalid_input",
            ActionError::Api { unknown: true, .. } => "outcome_unknown",
            ActionError::Api { source, .. } => source.kind(),
            ActionError::Journal(_) => "journal",
        }
    }
}

pub struct Actor<'a> {
    pub client: &'a CloudClient,
    pub journal: &'a Journal,
    pub profile: &'a str,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done<T> {
    pub journal_id: String,
    pub result: T,
}

impl Actor<'_> {
    fn intent(&self, action: &str, params: Value) -> Result<Entry, ActionError> {
        let e = Entry {
            id: uuid::Uuid::new_v4().to_string(),
            time: timefmt::utc(OffsetDateTime::now_utc()),
            profile: self.profile.to_string(),
            action: action.to_string(),
            params,
            outcome: Outcome::Sending,
            order_ids: vec![],
            message: None,
        };
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
                // A partial failure still created orders for the other resources.
                if let ApiError::PartialFailure { order_ids, .. } = &err {
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

    /// Buys instances. `client_request_id` is created once per purchase intent.
    pub async fn purchase(
        &self,
        req: &CreateInstanceRequest,
        client_request_id: &str,
    ) -> Result<Done<CreateInstanceResponse>, ActionError> {
        let site = self.client.endpoints.site;
        validate::create_request(site, req)?;
        validate::client_request_id(client_request_id)?;
        let image = image_choice(req)?;
        Catalog::bundled().check(site, &req.region, &image, &req.plan_spec)?;
        let mut params = serde_json::to_value(req).unwrap_or(Value::Null);
        params["client_request_id"] = json!(client_request_id);
        let e = self.intent("purchase", params)?;
        let r = self.client.create_instances(req, client_request_id).await;
        self.record(e, r, |v| vec![v.order_id.clone()])
    }

    pub async fn renew(
        &self,
        ids: &[String],
        period: PeriodType,
        num: i64,
        auto_pay: bool,
    ) -> Result<Done<OrderIdsResponse>, ActionError> {
        validate::resource_ids(ids, 10)?;
        validate::renew_period(period.as_str(), num)?;
        let before = self.client.expiry_of(ids).await.ok().map(|rows| {
            rows.into_iter()
                .map(|r| (r.resource_id, r.expire_time))
                .collect::<Vec<_>>()
        });
        let e = self.intent("renew", json!({"resource_ids": ids, "period_type": period.as_str(), "period_num": num, "auto_pay": auto_pay, "expire_before": before}))?;
        let r = self.client.renew(ids, period, num, auto_pay).await;
        self.record(e, r, |v| v.order_ids.clone())
    }

    pub async fn unsubscribe(
        &self,
        ids: &[String],
        kind: i64,
        reason_type: Option<i64>,
        reason: Option<&str>,
    ) -> Result<Done<OrderIdsResponse>, ActionError> {
        validate::resource_ids(ids, 10)?;
        validate::unsubscribe_type(kind)?;
        if reason.is_some_and(|r| r.chars().count() > 1000) {
            return Err(
                Invalid::new("reason", "at most 1000 characters", "最多 1000 个字符").into(),
            );
        }
        let e = self.intent("unsubscribe", json!({"resource_ids": ids, "unsubscribe_type": kind, "reason_type": reason_type, "reason": reason}))?;
        let r = self
            .client
            .unsubscribe(ids, kind, reason_type, reason)
            .await;
        self.record(e, r, |v| v.order_ids.clone())
    }

    pub async fn pay(&self, order_id: &str) -> Result<Done<()>, ActionError> {
        validate::resource_id(order_id)?;
        let e = self.intent("pay", json!({"order_id": order_id}))?;
        let r = self.client.pay_order(order_id).await;
        self.record(e, r, |_| vec![order_id.to_string()])
    }

    pub async fn set_auto_renew(&self, id: &str, on: bool) -> Result<Done<()>, ActionError> {
        validate::resource_id(id)?;
        let e = self.intent(
            if on {
                "auto_renew_on"
            } else {
                "auto_renew_off"
            },
            json!({"resource_id": id}),
        )?;
        let r = self.client.set_auto_renew(id, on).await;
        self.record(e, r, |_| vec![])
    }

    pub async fn server_action(
        &self,
        region: &str,
        action: ServerAction,
        server_ids: &[String],
        hard: bool,
    ) -> Result<Done<String>, ActionError> {
        if server_ids.is_empty() || server_ids.len() > 1000 {
            return Err(Invalid::new(
                "servers",
                "give 1 to 1000 servers",
                "请指定 1 到 1000 台云主机",
            )
            .into());
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

    /// Looks for what an `unknown` purchase did: an order of the right kind created
    /// since the intent whose line items match the spec and quantity.
    pub async fn reconcile(&self, entry: &Entry) -> Result<Reconciled, ApiError> {
        let since = timefmt::parse_utc(&entry.time).unwrap_or_else(OffsetDateTime::now_utc)
            - Duration::minutes(2);
        let known: Vec<String> = self
            .journal
            .entries()
            .unwrap_or_default()
            .into_iter()
            .flat_map(|e| e.order_ids)
            .collect();
        let order_type = match entry.action.as_str() {
            "purchase" => 1,
            "renew" => 2,
            "unsubscribe" => 4,
            _ => return Ok(Reconciled::Unsupported),
        };
        let orders = self
            .client
            .list_orders(&timefmt::utc(since), Some(order_type))
            .await?;
        for o in orders.into_iter().filter(|o| !known.contains(&o.order_id)) {
            let matches = match order_type {
                // `product_spec_desc` is a human description, not the plan code: the
                // evidence is the resources the order created.
                1 => {
                    let p = |k: &str| entry.params.get(k).and_then(Value::as_str).unwrap_or("");
                    let qty = entry
                        .params
                        .get("purchase_quantity")
                        .and_then(Value::as_i64)
                        .unwrap_or(1) as usize;
                    let main: Vec<_> = self
                        .client
                        .resources_of_order(&o.order_id)
                        .await?
                        .into_iter()
                        .filter(|r| r.is_main_resource != Some(0))
                        .collect();
                    main.len() == qty
                        && main.iter().all(|r| {
                            r.resource_spec_code.as_deref() == Some(p("plan_spec"))
                                && r.region_code.as_deref() == Some(p("region"))
                        })
                }
                _ => true,
            };
            if matches {
                let mut e = entry.clone();
                e.outcome = Outcome::Succeeded;
                e.order_ids = vec![o.order_id.clone()];
                e.message =
                    Some("confirmed by reading the order list after the answer was lost".into());
                let _ = self.journal.append(&e);
                return Ok(Reconciled::Found {
                    order_id: o.order_id,
                    status: o.status,
                });
            }
        }
        Ok(Reconciled::NotFound)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Reconciled {
    Found { order_id: String, status: i64 },
    NotFound,
    Unsupported,
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
        None => Err(Invalid::new("image_ref", "choose an image", "请选择镜像")),
    }
}
