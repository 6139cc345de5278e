//! BSS (billing): orders, expiry, renewal, unsubscription, auto-renew, balance,
//! traffic packages. Renew, unsubscribe and pay are sent exactly once.

use reqwest::Method;
use serde_json::{json, Value};

use super::models::*;
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::{ApiError, ResourceFailure};
use crate::keys::Field;

/// Renewal/price period: BSS uses 2 = month, 3 = year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodType {
    Month,
    Year,
}

impl PeriodType {
    pub fn bss_code(self) -> i64 {
        match self {
            PeriodType::Month => 2,
            PeriodType::Year => 3,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodType::Month => "month",
            PeriodType::Year => "year",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" => Some(PeriodType::Month),
            "year" => Some(PeriodType::Year),
            _ => None,
        }
    }
}

/// BSS calls are signed with the account (domain) id. `X-Language` is sent only
/// where the SDK request model declares it (order details, free-resource usage).
fn bss(path: &str) -> Call {
    Call::get(Service::Bss, path).scope(Scope::Domain)
}

fn en(c: Call) -> Call {
    c.header("X-Language", "en_US")
}

/// BSS's order-details page size when `limit` is not given ("默认值为10").
pub const ORDER_ITEMS_PAGE: usize = 10;
const ORDERS_PAGE: usize = 100;
const RESOURCES_PAGE: usize = 100;
/// Bounds every paging loop against a server that never stops answering full pages.
const MAX_PAGES: usize = 1000;

/// `fail_resource_infos` on an HTTP 200 is not a success. A 200 that names
/// neither an order nor a refused resource says nothing about what was done, so
/// it is a malformed reply (outcome unknown), never a known failure.
fn check_orders(r: OrderIdsResponse) -> Result<OrderIdsResponse, ApiError> {
    if r.fail_resource_infos.is_empty() && !r.order_ids.is_empty() {
        return Ok(r);
    }
    if r.fail_resource_infos.is_empty() {
        return Err(ApiError::Decode {
            service: "bss".into(),
            detail: "the reply names neither an order nor a refused resource".into(),
        });
    }
    Err(ApiError::PartialFailure {
        order_ids: r.order_ids,
        failures: r.fail_resource_infos.iter().map(failure_of).collect(),
    })
}

fn failure_of(f: &FailResourceInfo) -> ResourceFailure {
    ResourceFailure {
        resource_id: f.resource_id.clone().unwrap_or_default(),
        error_code: f.error_code.clone().unwrap_or_default(),
        error_msg: f.error_msg.clone().unwrap_or_default(),
    }
}

impl CloudClient {
    /// `GET /v2/orders/customer-orders/details/{order_id}` with every line item:
    /// BSS pages them (10 by default), so pages are read until a short one.
    pub async fn order_details(&self, order_id: &str) -> Result<OrderDetailsResponse, ApiError> {
        super::url_id(Field::OrderId, order_id)?;
        let path = format!("/v2/orders/customer-orders/details/{order_id}");
        let mut all: Option<OrderDetailsResponse> = None;
        for page in 0..MAX_PAGES {
            let call = en(bss(&path))
                .query("offset", (page * ORDER_ITEMS_PAGE).to_string())
                .query("limit", ORDER_ITEMS_PAGE.to_string());
            let r: OrderDetailsResponse = self.send_json(call).await?;
            let n = r.order_line_items.len();
            let acc = all.get_or_insert_with(|| OrderDetailsResponse {
                order_line_items: Vec::new(),
                ..r.clone()
            });
            acc.order_line_items.extend(r.order_line_items);
            if n < ORDER_ITEMS_PAGE || acc.order_line_items.len() as i64 >= r.total_count {
                break;
            }
        }
        Ok(all.unwrap_or_default())
    }

    /// Orders created since a time (`GET /v2/orders/customer-orders`), newest first,
    /// every page; used to reconcile a paid action whose answer was lost.
    pub async fn list_orders(
        &self,
        create_time_begin: &str,
        order_type: Option<i64>,
    ) -> Result<Vec<CustomerOrder>, ApiError> {
        let mut out = Vec::new();
        for page in 0..MAX_PAGES {
            let mut call = bss("/v2/orders/customer-orders")
                .query("create_time_begin", create_time_begin)
                .query("order_by", "-createTime")
                .query("offset", (page * ORDERS_PAGE).to_string())
                .query("limit", ORDERS_PAGE.to_string());
            if let Some(t) = order_type {
                call = call.query("order_type", t.to_string());
            }
            let r: OrderListResponse = self.send_json(call).await?;
            let n = r.order_infos.len();
            out.extend(r.order_infos);
            if n < ORDERS_PAGE || out.len() as i64 >= r.total_count {
                break;
            }
        }
        Ok(out)
    }

    /// Cancels an order that waits for payment (`PUT /v2/orders/customer-orders/cancel`).
    /// Sent once; nothing is charged for a cancelled order and its resources never appear.
    pub async fn cancel_order(&self, order_id: &str) -> Result<(), ApiError> {
        let call = Call::once(
            Service::Bss,
            Method::PUT,
            "/v2/orders/customer-orders/cancel",
            Some(json!({ "order_id": order_id })),
        )
        .scope(Scope::Domain);
        self.send(call).await.map(|_| ())
    }

    /// `POST /v2/orders/suscriptions/resources/query` (the misspelling is Huawei's).
    pub async fn query_resources(&self, body: Value) -> Result<ResourcesQueryResponse, ApiError> {
        let call = Call {
            method: Method::POST,
            body: Some(body),
            ..bss("/v2/orders/suscriptions/resources/query")
        };
        self.send_json(call).await
    }

    /// The resources an order created (main and attached ones), every page: the
    /// evidence that ties an order to instances.
    pub async fn resources_of_order(&self, order_id: &str) -> Result<Vec<OrderInstance>, ApiError> {
        let mut out = Vec::new();
        for page in 0..MAX_PAGES {
            let r = self
                .query_resources(json!({"order_id": order_id, "offset": page * RESOURCES_PAGE, "limit": RESOURCES_PAGE}))
                .await?;
            let n = r.data.len();
            out.extend(r.data);
            if n < RESOURCES_PAGE || out.len() as i64 >= r.total_count {
                break;
            }
        }
        Ok(out)
    }

    /// Main-resource expiry records for up to 50 instance ids per call.
    pub async fn expiry_of(&self, ids: &[String]) -> Result<Vec<OrderInstance>, ApiError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(50) {
            let r = self
                .query_resources(
                    json!({"resource_ids": chunk, "only_main_resource": 1, "limit": 100}),
                )
                .await?;
            out.extend(r.data);
        }
        Ok(out)
    }

    pub async fn renew(
        &self,
        ids: &[String],
        period: PeriodType,
        num: i64,
        auto_pay: bool,
    ) -> Result<OrderIdsResponse, ApiError> {
        let body = json!({"resource_ids": ids, "period_type": period.bss_code(), "period_num": num, "is_auto_pay": auto_pay as i64});
        let r = self
            .send_json(bss_once(Call::once(
                Service::Bss,
                Method::POST,
                "/v2/orders/subscriptions/resources/renew",
                Some(body),
            )))
            .await?;
        check_orders(r)
    }

    pub async fn renew_price(
        &self,
        ids: &[String],
        period: PeriodType,
        num: i64,
    ) -> Result<RenewRateResponse, ApiError> {
        let body = json!({"resource_ids": ids, "period_type": period.bss_code(), "period_num": num, "include_relative_resources": true});
        let call = Call {
            method: Method::POST,
            body: Some(body),
            ..bss("/v2/bills/ratings/period-resources/renew-rate")
        };
        let r: RenewRateResponse = self.send_json(call).await?;
        if let Some(code) = r.error_code.clone().filter(|c| !c.is_empty()) {
            return Err(ApiError::InvalidParameter {
                code,
                message: r.error_msg.clone().unwrap_or_default(),
            });
        }
        // Fail closed: a resource without a price is never shown as 0.00.
        let mut failures: Vec<ResourceFailure> =
            r.fail_resource_infos.iter().map(failure_of).collect();
        for id in ids {
            if r.amount_of(id).is_none() && !failures.iter().any(|f| &f.resource_id == id) {
                failures.push(ResourceFailure {
                    resource_id: id.clone(),
                    error_code: String::new(),
                    error_msg: "the price inquiry returned no price for this resource".into(),
                });
            }
        }
        if !failures.is_empty() {
            return Err(ApiError::PartialFailure {
                order_ids: vec![],
                failures,
            });
        }
        Ok(r)
    }

    /// Price inquiry for new yearly/monthly products
    /// (`POST /v2/bills/ratings/period-resources/subscribe-rate`): only with
    /// rating codes BSS itself reported for an earlier order (see `rating_codes`).
    pub async fn subscribe_price(
        &self,
        project_id: &str,
        products: &[PeriodProduct],
    ) -> Result<SubscribeRateResponse, ApiError> {
        let call = Call {
            method: Method::POST,
            body: Some(json!({"project_id": project_id, "product_infos": products})),
            ..bss("/v2/bills/ratings/period-resources/subscribe-rate")
        };
        self.send_json(call).await
    }

    pub async fn unsubscribe(
        &self,
        ids: &[String],
        unsubscribe_type: i64,
        reason_type: Option<i64>,
        reason: Option<&str>,
    ) -> Result<OrderIdsResponse, ApiError> {
        let mut body = json!({"resource_ids": ids, "unsubscribe_type": unsubscribe_type});
        if let Some(t) = reason_type {
            body["unsubscribe_reason_type"] = json!(t);
        }
        if let Some(r) = reason.filter(|r| !r.is_empty()) {
            body["unsubscribe_reason"] = json!(r);
        }
        let r = self
            .send_json(bss_once(Call::once(
                Service::Bss,
                Method::POST,
                "/v2/orders/subscriptions/resources/unsubscribe",
                Some(body),
            )))
            .await?;
        check_orders(r)
    }

    pub async fn set_auto_renew(&self, id: &str, on: bool) -> Result<(), ApiError> {
        super::url_id(Field::ResourceId, id)?;
        let path = format!("/v2/orders/subscriptions/resources/autorenew/{id}");
        let (method, body) = if on {
            (Method::POST, Some(json!({})))
        } else {
            (Method::DELETE, None)
        };
        self.send(bss_once(Call::once(Service::Bss, method, path, body)))
            .await
            .map(|_| ())
    }

    pub async fn balances(&self) -> Result<BalancesResponse, ApiError> {
        self.send_json(bss("/v2/accounts/customer-accounts/balances"))
            .await
    }

    pub async fn free_resource_usage(
        &self,
        ids: &[String],
    ) -> Result<FreeResourcesResponse, ApiError> {
        let mut all = FreeResourcesResponse::default();
        for chunk in ids.chunks(100) {
            let call = Call {
                method: Method::POST,
                body: Some(json!({"free_resource_ids": chunk})),
                ..en(bss("/v2/payments/free-resources/usages/details/query"))
            };
            let r: FreeResourcesResponse = self.send_json(call).await?;
            all.free_resources.extend(r.free_resources);
        }
        Ok(all)
    }

    /// Pays a pending order from the balance (204 on success).
    pub async fn pay_order(&self, order_id: &str) -> Result<(), ApiError> {
        let body = json!({"order_id": order_id, "use_coupon": "NO", "use_discount": "NO"});
        self.send(bss_once(Call::once(
            Service::Bss,
            Method::POST,
            "/v3/orders/customer-orders/pay",
            Some(body),
        )))
        .await
        .map(|_| ())
    }
}

fn bss_once(c: Call) -> Call {
    c.scope(Scope::Domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(v: Value) -> OrderIdsResponse {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_reply_naming_nothing_is_an_unknown_outcome() {
        for v in [
            json!({}),
            json!({"order_ids": null}),
            json!({"order_ids": [], "fail_resource_infos": null}),
        ] {
            let e = check_orders(reply(v.clone())).unwrap_err();
            assert!(matches!(e, ApiError::Decode { .. }), "{v}: {e:?}");
            assert!(e.outcome_unknown(), "{v}");
        }
        let refused = json!({"order_ids": [], "fail_resource_infos": [{"resource_id": "r1"}]});
        let e = check_orders(reply(refused)).unwrap_err();
        assert!(matches!(e, ApiError::PartialFailure { .. }) && !e.outcome_unknown());
        assert!(check_orders(reply(json!({"order_ids": ["CS1"]}))).is_ok());
    }
}
