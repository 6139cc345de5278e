//! RMS: the resource list that names every Flexus L instance.

use super::*;

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
