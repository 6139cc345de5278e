//! BSS: orders, prices, renewals, balances and traffic packages.

use super::*;

/// `CustomerOrderV2/V3` (order list and order details).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct CustomerOrder {
    #[serde(default, deserialize_with = "nullable")]
    pub order_id: String,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub service_type_code: Option<String>,
    #[serde(default)]
    pub service_type_name: Option<String>,
    #[serde(default)]
    pub source_type: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub status: i64,
    #[serde(default)]
    pub order_type: Option<i64>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub amount_after_discount: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_amount: Option<Decimal>,
    #[serde(default)]
    pub measure_id: Option<i64>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default)]
    pub payment_time: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    /// Only in order details (`CustomerOrderV3`): the last moment the order can be paid.
    #[serde(default)]
    pub pending_payment_end_time: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderListResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub total_count: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub order_infos: Vec<CustomerOrder>,
}

/// `ProductObject`: what was bought, as BSS names it (the codes a price inquiry needs).
#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq, Eq)]
pub struct BaseProductInfo {
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub product_spec_desc: Option<String>,
    #[serde(default)]
    pub category_code: Option<String>,
    #[serde(default)]
    pub product_owner_service: Option<String>,
    #[serde(default)]
    pub commercial_resource: Option<String>,
}

/// `OrderLineItemEntityV2`. `product_spec_desc` is a human description
/// ("High IO|50GB"), not a spec code: never match purchases by it.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderLineItem {
    #[serde(default)]
    pub order_line_item_id: Option<String>,
    #[serde(default)]
    pub service_type_code: Option<String>,
    #[serde(default)]
    pub service_type_name: Option<String>,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub product_spec_desc: Option<String>,
    #[serde(default)]
    pub period_type: Option<i64>,
    #[serde(default)]
    pub period_num: Option<i64>,
    #[serde(default)]
    pub effective_time: Option<String>,
    #[serde(default)]
    pub expire_time: Option<String>,
    #[serde(default)]
    pub subscription_num: Option<i64>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub amount_after_discount: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_amount: Option<Decimal>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub category_code: Option<String>,
    #[serde(default)]
    pub product_owner_service: Option<String>,
    #[serde(default)]
    pub commercial_resource: Option<String>,
    #[serde(default)]
    pub base_product_info: Option<BaseProductInfo>,
    #[serde(default)]
    pub order_id: Option<String>,
}

/// Order details with every line item (the client pages them; BSS sends 10 per page).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderDetailsResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub total_count: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub order_info: CustomerOrder,
    #[serde(default, deserialize_with = "nullable")]
    pub order_line_items: Vec<OrderLineItem>,
}

/// `PeriodProductInfo`: one product of a subscribe-rate inquiry, in BSS's own codes.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct PeriodProduct {
    pub id: String,
    pub cloud_service_type: String,
    pub resource_type: String,
    pub resource_spec: String,
    pub region: String,
    /// 2 = month, 3 = year (BSS codes).
    pub period_type: i64,
    pub period_num: i64,
    pub subscription_num: i64,
}

/// `PeriodProductOfficialRatingResult`: one product's list price.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ProductOfficialRating {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_website_amount: Option<Decimal>,
}

/// `OfficialWebsiteRatingResult` (the amount is `decimal.Decimal` in the SDK).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SubscribeOfficialRating {
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_website_amount: Option<Decimal>,
    #[serde(default, deserialize_with = "nullable")]
    pub product_rating_results: Vec<ProductOfficialRating>,
}

/// `OptionalDiscountRatingResult`: a price after one of the account's discounts.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct DiscountRating {
    #[serde(default)]
    pub discount_id: Option<String>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub amount: Option<Decimal>,
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_website_amount: Option<Decimal>,
    #[serde(default)]
    pub best_offer: Option<i64>,
}

/// `ListRateOnPeriodDetailResponse` (price inquiry for a new yearly/monthly product).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SubscribeRateResponse {
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub official_website_rating_result: Option<SubscribeOfficialRating>,
    #[serde(default, deserialize_with = "nullable")]
    pub optional_discount_rating_results: Vec<DiscountRating>,
}

impl SubscribeRateResponse {
    /// The list price of the whole inquiry; `None` when BSS gave none (never 0.00).
    pub fn official_amount(&self) -> Option<Decimal> {
        self.official_website_rating_result
            .as_ref()
            .and_then(|r| r.official_website_amount)
    }
    /// The best discounted price BSS offers the account, if it named one.
    pub fn best_offer(&self) -> Option<Decimal> {
        self.optional_discount_rating_results
            .iter()
            .find(|d| d.best_offer == Some(1))
            .and_then(|d| d.amount)
    }
}

/// BSS order status, as documented for `order_info.status`.
pub fn order_status_text(status: i64) -> &'static str {
    match status {
        1 => "pending approval",
        2 => "pending refund",
        3 => "processing",
        4 => "cancelled",
        5 => "completed",
        6 => "pending payment",
        9 => "pending confirmation",
        10 => "pending shipment",
        11 => "pending receipt",
        12 => "pending pickup",
        13 => "replacement in progress",
        _ => "unknown",
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderInstance {
    #[serde(default)]
    pub id: Option<String>,
    pub resource_id: String,
    #[serde(default)]
    pub resource_name: Option<String>,
    #[serde(default)]
    pub region_code: Option<String>,
    #[serde(default)]
    pub service_type_code: Option<String>,
    #[serde(default)]
    pub resource_type_code: Option<String>,
    #[serde(default)]
    pub resource_spec_code: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub parent_resource_id: Option<String>,
    #[serde(default)]
    pub is_main_resource: Option<i64>,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub effective_time: Option<String>,
    #[serde(default)]
    pub expire_time: Option<String>,
    #[serde(default)]
    pub expire_policy: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ResourcesQueryResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub data: Vec<OrderInstance>,
    #[serde(default, deserialize_with = "nullable")]
    pub total_count: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct FailResourceInfo {
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_msg: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderIdsResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub order_ids: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub fail_resource_infos: Vec<FailResourceInfo>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RenewInquiryResult {
    #[serde(default, deserialize_with = "nullable")]
    pub resource_id: String,
    /// Declared `str` by the SDK ("24.00").
    #[serde(default, deserialize_with = "decimal_opt")]
    pub amount: Option<Decimal>,
}

/// `OfficialWebsiteRatingResult`: the list price of the whole inquiry.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OfficialRating {
    #[serde(default, deserialize_with = "decimal_opt")]
    pub official_website_amount: Option<Decimal>,
    #[serde(default)]
    pub measure_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RenewRateResponse {
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub renew_inquiry_results: Vec<RenewInquiryResult>,
    #[serde(default)]
    pub official_website_rating_result: Option<OfficialRating>,
    #[serde(default, deserialize_with = "nullable")]
    pub fail_resource_infos: Vec<FailResourceInfo>,
    /// Some renew-rate errors come back with HTTP 200 and a CBC code.
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_msg: Option<String>,
}

impl RenewRateResponse {
    /// The quoted amount for one resource.
    pub fn amount_of(&self, id: &str) -> Option<Decimal> {
        self.renew_inquiry_results
            .iter()
            .find(|r| r.resource_id == id)
            .and_then(|r| r.amount)
    }
    /// Sum of the amounts of `ids`; `None` when any of them has no price (fail closed).
    pub fn total_of(&self, ids: &[String]) -> Option<Decimal> {
        ids.iter()
            .map(|id| self.amount_of(id))
            .try_fold(Decimal::ZERO, |sum, a| Some(sum + a?))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct AccountBalance {
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub account_type: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub amount: f64,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub designated_amount: Option<f64>,
    #[serde(default)]
    pub credit_amount: Option<f64>,
    #[serde(default)]
    pub measure_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct BalancesResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub account_balances: Vec<AccountBalance>,
    #[serde(default)]
    pub debt_amount: Option<f64>,
    #[serde(default)]
    pub measure_id: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
}

impl BalancesResponse {
    /// Cash balance (account_type 1).
    pub fn cash(&self) -> f64 {
        self.account_balances
            .iter()
            .filter(|b| b.account_type == Some(1))
            .map(|b| b.amount)
            .sum()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct FreeResource {
    pub free_resource_id: String,
    #[serde(default)]
    pub free_resource_type_name: Option<String>,
    #[serde(default)]
    pub quota_reuse_cycle: Option<i64>,
    #[serde(default)]
    pub quota_reuse_cycle_type: Option<i64>,
    #[serde(default)]
    pub usage_type_name: Option<String>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub original_amount: Option<f64>,
    #[serde(default)]
    pub measure_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct FreeResourcesResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub free_resources: Vec<FreeResource>,
}
