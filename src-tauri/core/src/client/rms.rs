//! RMS (Config): every Flexus L instance in one paged listing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::models::{RmsListResponse, RmsResource};
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;

pub const FLEXUS_TYPE: &str = "hcss.l-instance";
const ECS_CHILD: &str = "huaweicloudinternal_ecs_instance";
const TRAFFIC_CHILD: &str = "huaweicloudinternal_cbc_freeresource";
const EIP_CHILD: &str = "huaweicloudinternal_eip";

/// What the app needs from one RMS resource of type `hcss.l-instance`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FlexusInstance {
    pub id: String,
    pub name: String,
    pub region: String,
    pub project_id: Option<String>,
    pub spec_code: Option<String>,
    pub order_id: Option<String>,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub traffic_package_id: Option<String>,
    pub public_ip: Option<String>,
    pub product_name: Option<String>,
    pub status: Option<String>,
    pub created: Option<String>,
}

fn children(props: &Value) -> impl Iterator<Item = &Value> {
    props
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn attr<'a>(child: &'a Value, key: &str) -> Option<&'a str> {
    child
        .get("resource_attributes")?
        .as_array()?
        .iter()
        .find(|a| a.get("key").and_then(Value::as_str) == Some(key))?
        .get("value")?
        .as_str()
        .filter(|v| !v.is_empty() && *v != "null")
}

impl FlexusInstance {
    pub fn from_rms(r: &RmsResource) -> Self {
        let p = &r.properties;
        let meta = |k: &str| {
            p.get("metadata")
                .and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let child = |t: &str| {
            children(p).find(|c| c.get("logical_resource_type").and_then(Value::as_str) == Some(t))
        };
        let id_of = |c: Option<&Value>| {
            c.and_then(|c| c.get("physical_resource_id"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let ecs = child(ECS_CHILD);
        FlexusInstance {
            id: r.id.clone(),
            name: r.name.clone(),
            region: r.region_id.clone(),
            project_id: r.project_id.clone(),
            spec_code: meta("resource_spec_code"),
            order_id: meta("order_id"),
            server_id: id_of(ecs),
            server_name: ecs
                .and_then(|c| c.get("physical_resource_name"))
                .and_then(Value::as_str)
                .map(str::to_string),
            traffic_package_id: id_of(child(TRAFFIC_CHILD)),
            public_ip: child(EIP_CHILD)
                .and_then(|c| attr(c, "public_ip_address"))
                .map(str::to_string),
            product_name: p
                .get("product_name")
                .and_then(Value::as_str)
                .map(str::to_string),
            status: p.get("status").and_then(Value::as_str).map(str::to_string),
            created: r.created.clone(),
        }
    }
}

impl CloudClient {
    /// One page of `GET /v1/resource-manager/domains/{domain_id}/all-resources`.
    pub async fn list_resources_page(
        &self,
        region: Option<&str>,
        limit: u32,
        marker: Option<&str>,
    ) -> Result<RmsListResponse, ApiError> {
        let domain = self.domain_id().await?;
        let mut call = Call::get(
            Service::Rms,
            format!("/v1/resource-manager/domains/{domain}/all-resources"),
        )
        .scope(Scope::Domain)
        .query("type", FLEXUS_TYPE)
        .query("limit", limit.clamp(1, 200).to_string());
        if let Some(r) = region {
            call = call.query("region_id", r);
        }
        if let Some(m) = marker {
            call = call.query("marker", m);
        }
        self.send_json(call).await
    }

    /// All Flexus L instances (every page, following `page_info.next_marker`).
    pub async fn list_instances(
        &self,
        region: Option<&str>,
    ) -> Result<Vec<FlexusInstance>, ApiError> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        for _ in 0..10_000 {
            let page = self
                .list_resources_page(region, 200, marker.as_deref())
                .await?;
            for fi in page.resources.iter().map(FlexusInstance::from_rms) {
                // ECS calls for this server go to the instance's own project.
                if let (Some(sid), Some(pid)) = (&fi.server_id, &fi.project_id) {
                    self.remember_project(sid, pid);
                }
                out.push(fi);
            }
            match page.page_info.next_marker {
                Some(m) if !m.is_empty() => marker = Some(m),
                _ => return Ok(out),
            }
        }
        Err(ApiError::Decode {
            service: "rms".into(),
            detail: "paging did not end".into(),
        })
    }
}
