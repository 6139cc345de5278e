//! HCSS: the Flexus L purchase request and its answer.

use super::*;

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
