//! IAM (`/v3/auth/domains`, `/v3/projects`) and RMS all-resources, shaped like the
//! documented examples (the RMS example of "Querying Created FlexusL Instances").

use serde_json::{json, Value};

use super::world::{Instance, World};
use super::{Answer, Ctx};
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::timefmt;

fn not_found() -> (u16, Value) {
    super::apigw(
        404,
        "APIGW.0101",
        "The API does not exist or has not been published in the environment",
        "",
    )
}

pub fn iam(w: &World, c: &Ctx) -> Answer {
    let acct = w.account(&c.domain_id).ok_or_else(not_found)?;
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    match (c.method.as_str(), segs.as_slice()) {
        ("GET", ["v3", "auth", "domains"]) => Ok((
            200,
            json!({
                "domains": [{"id": acct.domain_id, "name": acct.domain_name, "enabled": true, "description": "",
                              "links": {"self": format!("https://iam.myhuaweicloud.com/v3/domains/{}", acct.domain_id)}}],
                "links": {"self": "https://iam.myhuaweicloud.com/v3/auth/domains"}
            }),
        )),
        ("GET", ["v3", "projects"]) => {
            let regions = Catalog::bundled().regions(acct.site);
            let projects: Vec<Value> = regions
                .iter()
                .filter(|r| c.q("name").is_none_or(|n| n == r.id))
                .map(|r| {
                    let id = acct.project_id(&r.id);
                    json!({"id": id, "name": r.id, "domain_id": acct.domain_id, "parent_id": acct.domain_id,
                           "enabled": true, "is_domain": false, "description": "",
                           "links": {"self": format!("https://iam.myhuaweicloud.com/v3/projects/{id}")}})
                })
                .collect();
            Ok((
                200,
                json!({"projects": projects, "links": {"self": "https://iam.myhuaweicloud.com/v3/projects"}}),
            ))
        }
        _ => Err(not_found()),
    }
}

fn attrs(pairs: &[(&str, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

/// One RMS resource, in the shape of the documented example.
pub fn rms_resource(w: &World, i: &Instance, now: time::OffsetDateTime) -> Value {
    let acct = w.account(&i.domain_id);
    let project_id = acct.map(|a| a.project_id(&i.region)).unwrap_or_default();
    let short = &i.server.id[..4];
    let updated = timefmt::utc(i.server.updated);
    let (image_id, product) = match &i.image {
        ImageChoice::Public { name, version } => (
            format!(
                "img-{}",
                &flexus_core::sign::sha256_hex(format!("{name}{version}").as_bytes())[..12]
            ),
            format!("{name}_light_server_{}", version.replace('.', "_")),
        ),
        ImageChoice::Private { image_id, .. } => {
            (image_id.clone(), "private_image_light_server".to_string())
        }
    };
    let (_, _, end) = w.traffic(i, now);
    json!({
        "id": i.id,
        "name": i.name,
        "provider": "hcss",
        "type": "l-instance",
        "region_id": i.region,
        "project_id": project_id,
        "project_name": i.region,
        "ep_id": "0",
        "ep_name": "default",
        "checksum": flexus_core::sign::sha256_hex(format!("{}{}{}", i.id, i.name, updated).as_bytes()),
        "created": timefmt::utc(i.created).replace('Z', ".000Z"),
        "updated": updated.replace('Z', ".000Z"),
        "provisioning_state": "Succeeded",
        "tags": i.tags.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
        "properties": {
            "metadata": {
                "charging_mode": "prePaid",
                "resource_type": "hws.resource.type.hecsfusion",
                "resource_spec_code": i.spec_code,
                "order_id": i.order_id,
                "cloud_service_type": "hws.service.type.hcss"
            },
            "description": i.description,
            "resources": [
                {
                    "physical_resource_type": "hws.resource.type.vm",
                    "logical_resource_type": "huaweicloudinternal_ecs_instance",
                    "physical_resource_id": i.server.id,
                    "physical_resource_name": i.server.name,
                    "resource_attributes": attrs(&[
                        ("availability_zone", format!("{}a", i.region)),
                        ("id", i.server.id.clone()),
                        ("image_id", image_id),
                        ("name", i.server.name.clone()),
                        ("nics", format!("[{{\"ip_address\":\"{}\",\"ipv6_enable\":false}}]", i.server.private_ip)),
                        ("primary_port_id", i.server.port_id.clone()),
                        ("status", "0".into()),
                        ("cors_crm_updated_at", updated.clone()),
                    ]),
                    "logical_resource_name": "huaweicloudinternal_ecs_instance_light_server_compute_instance",
                    "cloud_service_type": "hws.service.type.ec2"
                },
                {
                    "physical_resource_type": "hws.resource.type.bandwidth",
                    "logical_resource_type": "huaweicloudinternal_cbc_freeresource",
                    "physical_resource_id": i.traffic_id,
                    "resource_attributes": attrs(&[
                        ("end_time", end.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).unwrap_or_default()),
                        ("id", i.traffic_id.clone()),
                        ("order_id", i.order_id.clone()),
                        ("oriented_resource_id", i.eip_id.clone()),
                        ("region_code", i.region.clone()),
                        ("cors_crm_updated_at", updated.clone()),
                    ]),
                    "logical_resource_name": "huaweicloudinternal_cbc_freeresource_cbc_freeresource",
                    "cloud_service_type": "hws.service.type.vpc"
                },
                {
                    "physical_resource_type": "hws.resource.type.ip",
                    "logical_resource_type": "huaweicloudinternal_eip",
                    "physical_resource_id": i.eip_id,
                    "resource_attributes": attrs(&[
                        ("alias", format!("hcss_eip_{short}")),
                        ("id", i.eip_id.clone()),
                        ("ip_version", "4".into()),
                        ("public_ip_address", i.public_ip.clone()),
                        ("publicip_pool_name", "5_bgp".into()),
                        ("status", "0".into()),
                        ("cors_crm_updated_at", updated.clone()),
                    ]),
                    "logical_resource_name": "huaweicloudinternal_eip_light_server_eip",
                    "cloud_service_type": "hws.service.type.vpc"
                }
            ],
            "product_name": product,
            "platform": "SMB",
            "plan_name": "basic_v12",
            "product_id": flexus_core::sign::sha256_hex(i.spec_code.as_bytes())[..24].to_string(),
            "plan_id": flexus_core::sign::sha256_hex(i.region.as_bytes())[..24].to_string(),
            "status": if i.server.status == "ACTIVE" { "RUNNING" } else { "STOPPED" }
        }
    })
}

pub fn rms(w: &World, c: &Ctx) -> Answer {
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    let ["v1", "resource-manager", "domains", domain, "all-resources"] = segs.as_slice() else {
        return Err(not_found());
    };
    if c.method != "GET" {
        return Err(not_found());
    }
    if *domain != c.domain_id {
        return Err(super::cbc(
            403,
            "RMS.00010002",
            "Access denied: the domain id does not match the caller",
        ));
    }
    let limit = match c.q("limit") {
        None => 100,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=200).contains(&n) => n,
            _ => {
                return Err(super::cbc(
                    400,
                    "RMS.00010001",
                    "Invalid parameter: limit must be 1 to 200",
                ))
            }
        },
    };
    let start = match c.q("marker") {
        None | Some("") => 0,
        Some(m) if (4..=400).contains(&m.len()) => match m
            .strip_prefix("mk")
            .and_then(|n| usize::from_str_radix(n, 16).ok())
        {
            Some(n) => n,
            None => return Err(super::cbc(400, "RMS.00010001", "Invalid parameter: marker")),
        },
        Some(_) => return Err(super::cbc(400, "RMS.00010001", "Invalid parameter: marker")),
    };
    let wanted_type = c.q("type").unwrap_or("");
    let mut all: Vec<&Instance> = if wanted_type == flexus_core::client::rms::FLEXUS_TYPE {
        w.instances
            .iter()
            .filter(|i| i.domain_id == c.domain_id && i.visible && !i.deleted)
            .filter(|i| c.q("region_id").is_none_or(|r| r == i.region))
            .collect()
    } else {
        vec![]
    };
    all.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
    let page: Vec<Value> = all
        .iter()
        .skip(start)
        .take(limit)
        .map(|i| rms_resource(w, i, c.now))
        .collect();
    let next = if start + limit < all.len() {
        Value::String(format!("mk{:08x}", start + limit))
    } else {
        Value::Null
    };
    Ok((
        200,
        json!({"resources": page, "page_info": {"current_count": page.len(), "next_marker": next}}),
    ))
}
