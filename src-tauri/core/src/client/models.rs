//! Request and response types, named and shaped as in Huawei's documentation and SDK
//! models. Responses are read leniently (unknown fields ignored, most fields optional)
//! because the real services add fields over time.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

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
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DomainsResponse {
    #[serde(default)]
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain_id: Option<String>,
    #[serde(default)]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProjectsResponse {
    #[serde(default)]
    pub projects: Vec<Project>,
}

// ---------- RMS ----------
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct PageInfo {
    #[serde(default)]
    pub current_count: i64,
    #[serde(default)]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RmsResource {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    #[serde(default)]
    pub region_id: String,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub tags: Value,
    #[serde(default)]
    pub properties: Value,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RmsListResponse {
    #[serde(default)]
    pub resources: Vec<RmsResource>,
    #[serde(default)]
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
    #[serde(default, alias = "instances_ids")]
    pub instance_ids: Vec<String>,
}

// ---------- BSS ----------
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct CustomerOrder {
    pub order_id: String,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub service_type_code: Option<String>,
    #[serde(default)]
    pub service_type_name: Option<String>,
    #[serde(default)]
    pub source_type: Option<i64>,
    pub status: i64,
    #[serde(default)]
    pub order_type: Option<i64>,
    #[serde(default)]
    pub amount_after_discount: Option<f64>,
    #[serde(default)]
    pub official_amount: Option<f64>,
    #[serde(default)]
    pub measure_id: Option<i64>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default)]
    pub payment_time: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub pending_payment_end_time: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderListResponse {
    #[serde(default)]
    pub total_count: i64,
    #[serde(default)]
    pub order_infos: Vec<CustomerOrder>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OrderLineItem {
    #[serde(default)]
    pub order_line_item_id: Option<String>,
    #[serde(default)]
    pub service_type_code: Option<String>,
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
    #[serde(default)]
    pub amount_after_discount: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// The resource the line item is for (PySDK `order_line_item_entity_v2.py`).
    #[serde(default)]
    pub commercial_resource: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OrderDetailsResponse {
    #[serde(default)]
    pub total_count: i64,
    pub order_info: CustomerOrder,
    #[serde(default)]
    pub order_line_items: Vec<OrderLineItem>,
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
    #[serde(default)]
    pub data: Vec<OrderInstance>,
    #[serde(default)]
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
    #[serde(default)]
    pub order_ids: Vec<String>,
    #[serde(default)]
    pub fail_resource_infos: Vec<FailResourceInfo>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RenewInquiryResult {
    pub resource_id: String,
    #[serde(default)]
    pub amount: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RenewRateResponse {
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub renew_inquiry_results: Vec<RenewInquiryResult>,
    #[serde(default)]
    pub official_website_rating_result: Option<Value>,
    #[serde(default)]
    pub fail_resource_infos: Vec<FailResourceInfo>,
    /// Some renew-rate errors come back with HTTP 200 and a CBC code.
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_msg: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct AccountBalance {
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub account_type: Option<i64>,
    #[serde(default)]
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
    #[serde(default)]
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
    #[serde(default)]
    pub free_resources: Vec<FreeResource>,
}

// ---------- ECS ----------
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerAddress {
    #[serde(default)]
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
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub addresses: BTreeMap<String, Vec<ServerAddress>>,
    #[serde(default)]
    pub flavor: ServerFlavor,
    #[serde(default)]
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
    #[serde(default)]
    pub count: i64,
    #[serde(default)]
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
    #[serde(default)]
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
    #[serde(default)]
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
    #[serde(default)]
    pub response: Vec<Value>,
}
