//! BSS (billing): orders, expiry, renewal, unsubscription, auto-renew, balance,
//! traffic packages. Renew, unsubscribe and pay are sent exactly once.

use reqwest::Method;
use serde_json::{json, Value};

use super::models::*;
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;

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

fn bss(path: &str) -> Call {
    Call::get(Service::Bss, path)
        .scope(Scope::Domain)
        .header("X-Language", "en_US")
}

impl CloudClient {
    pub async fn order_details(&self, order_id: &str) -> Result<OrderDetailsResponse, ApiError> {
        super::url_id("order_id", order_id)?;
        self.send_json(bss(&format!(
            "/v2/orders/customer-orders/details/{order_id}"
        )))
        .await
    }

    /// Orders created since a time (`GET /v2/orders/customer-orders`), newest first;
    /// used to reconcile a paid action whose answer was lost.
    pub async fn list_orders(
        &self,
        create_time_begin: &str,
        order_type: Option<i64>,
    ) -> Result<Vec<CustomerOrder>, ApiError> {
        let mut call = bss("/v2/orders/customer-orders")
            .query("create_time_begin", create_time_begin)
            .query("limit", "100");
        if let Some(t) = order_type {
            call = call.query("order_type", t.to_string());
        }
        let r: OrderListResponse = self.send_json(call).await?;
        Ok(r.order_infos)
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
        self.send_json(bss_once(Call::once(
            Service::Bss,
            Method::POST,
            "/v2/orders/subscriptions/resources/renew",
            Some(body),
        )))
        .await
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
        Ok(r)
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
        self.send_json(bss_once(Call::once(
            Service::Bss,
            Method::POST,
            "/v2/orders/subscriptions/resources/unsubscribe",
            Some(body),
        )))
        .await
    }

    pub async fn set_auto_renew(&self, id: &str, on: bool) -> Result<(), ApiError> {
        super::url_id("resource_id", id)?;
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
                ..bss("/v2/payments/free-resources/usages/details/query")
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
    c.scope(Scope::Domain).header("X-Language", "en_US")
}
