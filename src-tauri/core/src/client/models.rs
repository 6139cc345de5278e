//! Request and response types, named and shaped as in Huawei's documentation and SDK
//! models. Responses are read leniently (unknown fields ignored, most fields optional)
//! because the real services add fields over time.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use rust_decimal::Decimal;

/// SDK models default every field to `None` and the services send explicit `null` for
/// empty optional lists and objects: `null` reads as the type's default.
pub fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Money, read exactly: the SDK declares some amounts as strings (`"24.00"`,
/// renew-rate) and others as numbers; both become a `Decimal`, never an `f64`.
pub fn decimal_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    use serde::de::Error;
    let text = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(D::Error::custom(format!("expected an amount, got {other}"))),
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text))
        .map(Some)
        .map_err(|_| D::Error::custom(format!("not an amount: {text:?}")))
}

/// ECS returns some numbers as strings ("vcpus": "2"); accept both.
pub fn str_or_num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

// ---------- IAM ----------
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Domain {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default)]
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DomainsResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Project {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default)]
    pub domain_id: Option<String>,
    #[serde(default)]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProjectsResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub projects: Vec<Project>,
}

// ---------- RMS ----------
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct PageInfo {
    #[serde(default, deserialize_with = "nullable")]
    pub current_count: i64,
    #[serde(default)]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RmsResource {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub region_id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    /// `ResourceEntity.provisioning_state` (RMS lists only resources that exist).
    #[serde(default)]
    pub provisioning_state: Option<String>,
    #[serde(default)]
    pub tags: Value,
    #[serde(default)]
    pub properties: Value,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RmsListResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub resources: Vec<RmsResource>,
    #[serde(default, deserialize_with = "nullable")]
    pub page_info: PageInfo,
}

// ---------- HCSS ----------
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Default)]
pub struct ImageRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct ExtraResource {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
}

impl ImageRef {
    /// The body's `image_ref` for a catalog image choice.
    pub fn of(choice: &crate::catalog::ImageChoice) -> Self {
        match choice {
            crate::catalog::ImageChoice::Public { name, version } => ImageRef {
                image_name: Some(name.clone()),
                image_version: Some(version.clone()),
                image_id: None,
            },
            crate::catalog::ImageChoice::Private { image_id, .. } => ImageRef {
                image_id: Some(image_id.clone()),
                ..Default::default()
            },
        }
    }
}

impl ExtraResource {
    /// Data disk and backup sizes (GiB) and host security, as `extra_resources`.
    pub fn list(evs: Option<i64>, cbr: Option<i64>, hss: bool) -> Vec<ExtraResource> {
        let mut v = Vec::new();
        for (t, size) in [("evs", evs), ("cbr", cbr)] {
            if let Some(s) = size {
                v.push(ExtraResource {
                    type_: t.into(),
                    size: Some(s),
                });
            }
        }
        if hss {
            v.push(ExtraResource {
                type_: "hss".into(),
                size: None,
            });
        }
        v
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// `POST /v1/light-instances` body, exactly the documented fields.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct CreateInstanceRequest {
    pub instance_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub plan_spec: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_ref: Option<ImageRef>,
    pub region: String,
    #[serde(default = "prepaid")]
    pub charging_mode: String,
    pub period_type: String,
    pub period_num: i64,
    #[serde(default = "one")]
    pub purchase_quantity: i64,
    #[serde(default)]
    pub is_auto_renew: bool,
    #[serde(default)]
    pub is_auto_pay: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_resources: Vec<ExtraResource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

fn prepaid() -> String {
    "prePaid".into()
}
fn one() -> i64 {
    1
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct CreateInstanceResponse {
    pub order_id: String,
    /// The doc text says `instances_ids`, the example and the skill `instance_ids`.
    #[serde(default, alias = "instances_ids", deserialize_with = "nullable")]
    pub instance_ids: Vec<String>,
}

// ---------- BSS ----------
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

// ---------- ECS ----------
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerAddress {
    #[serde(default, deserialize_with = "nullable")]
    pub addr: String,
    #[serde(default, deserialize_with = "str_or_num")]
    pub version: Option<String>,
    #[serde(default, rename = "OS-EXT-IPS:type")]
    pub ip_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerFlavor {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub vcpus: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub ram: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub disk: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerDetail {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub addresses: BTreeMap<String, Vec<ServerAddress>>,
    #[serde(default, deserialize_with = "nullable")]
    pub flavor: ServerFlavor,
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "OS-EXT-SRV-ATTR:hostname")]
    pub hostname: Option<String>,
    #[serde(default, rename = "OS-EXT-STS:vm_state")]
    pub vm_state: Option<String>,
    #[serde(default, rename = "OS-EXT-STS:task_state")]
    pub task_state: Option<String>,
    #[serde(default, rename = "OS-EXT-AZ:availability_zone")]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub locked: Option<bool>,
    #[serde(default)]
    pub created: Option<String>,
}

impl ServerDetail {
    fn addr_of(&self, kind: &str) -> Option<String> {
        self.addresses
            .values()
            .flatten()
            .find(|a| a.ip_type.as_deref() == Some(kind))
            .map(|a| a.addr.clone())
    }
    pub fn private_ip(&self) -> Option<String> {
        self.addr_of("fixed")
    }
    pub fn public_ip(&self) -> Option<String> {
        self.addr_of("floating")
    }
    pub fn frozen(&self) -> bool {
        self.metadata
            .get("EcmResStatus")
            .map(|s| s == "freeze")
            .unwrap_or(false)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ServerResponse {
    pub server: ServerDetail,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ServerListResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub count: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub servers: Vec<ServerDetail>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct JobIdResponse {
    pub job_id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SubJob {
    #[serde(default)]
    pub job_id: Option<String>,
    #[serde(default)]
    pub job_type: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default)]
    pub entities: Value,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct JobEntities {
    #[serde(default)]
    pub server_id: Option<String>,
    #[serde(default)]
    pub sub_jobs_total: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub sub_jobs: Vec<SubJob>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Job {
    pub job_id: String,
    #[serde(default)]
    pub job_type: Option<String>,
    pub status: String,
    #[serde(default)]
    pub begin_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub entities: JobEntities,
}

impl Job {
    pub fn finished(&self) -> bool {
        self.status == "SUCCESS" || self.status == "FAIL"
    }
    /// The first readable failure reason, from the job or its sub-jobs.
    pub fn failure(&self) -> Option<String> {
        if self.status != "FAIL" {
            return None;
        }
        // The sub-jobs say which server failed and why; the job's own reason is generic.
        self.entities
            .sub_jobs
            .iter()
            .find_map(|s| {
                s.entities
                    .get("errorcode_message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| s.fail_reason.clone())
            })
            .or_else(|| self.fail_reason.clone())
            .or_else(|| Some("the job failed".into()))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ResetPasswordResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub response: Vec<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn explicit_null_reads_as_empty() {
        let s: ServerDetail = serde_json::from_value(json!({
            "id": "s1", "name": null, "status": null, "addresses": null,
            "flavor": null, "metadata": null
        }))
        .unwrap();
        assert!(s.name.is_empty() && s.addresses.is_empty() && s.metadata.is_empty());
        let o: OrderIdsResponse =
            serde_json::from_value(json!({"order_ids": null, "fail_resource_infos": null}))
                .unwrap();
        assert!(o.order_ids.is_empty() && o.fail_resource_infos.is_empty());
        let d: OrderDetailsResponse = serde_json::from_value(
            json!({"total_count": null, "order_info": null, "order_line_items": null}),
        )
        .unwrap();
        assert!(d.order_line_items.is_empty());
    }

    #[test]
    fn amounts_are_exact_decimals_from_strings_or_numbers() {
        let r: RenewRateResponse = serde_json::from_value(json!({
            "renew_inquiry_results": [
                {"resource_id": "a", "amount": "24.10"},
                {"resource_id": "b", "amount": 0.2}
            ]
        }))
        .unwrap();
        let ids = ["a".to_string(), "b".to_string()];
        // 24.10 + 0.2 is exactly 24.30 (in f64 it is 24.300000000000001).
        assert_eq!(r.total_of(&ids), Some("24.30".parse().unwrap()));
        assert_eq!(r.total_of(&["a".into(), "c".into()]), None, "fail closed");
        assert!(serde_json::from_value::<RenewInquiryResult>(
            json!({"resource_id": "a", "amount": "24,10"})
        )
        .is_err());
    }
}
