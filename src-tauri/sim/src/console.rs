//! The ECS remote console in the simulated cloud, and the switches that make the
//! simulated cloud refuse the optional features (Cloud Eye, the console) the way a
//! real account without those permissions does.

use serde_json::{json, Value};

use super::world::World;
use super::{Answer, Ctx, Sim};

/// An optional feature the simulated cloud can be told to refuse.
pub const FEATURES: [&str; 2] = ["ces", "console"];

impl Sim {
    /// Makes the simulated cloud refuse (or allow again) `feature` for every account.
    pub fn set_refused(&self, feature: &str, refused: bool) -> Result<(), String> {
        if !FEATURES.contains(&feature) {
            return Err(format!("unknown feature '{feature}': use ces or console"));
        }
        let mut r = super::lock(&self.inner.refused);
        if refused {
            r.insert(feature.to_string());
        } else {
            r.remove(feature);
        }
        Ok(())
    }

    pub fn is_refused(&self, feature: &str) -> bool {
        super::lock(&self.inner.refused).contains(feature)
    }
}

/// True for `POST /v1/{project_id}/cloudservers/{server_id}/remote_console`.
pub fn matches(c: &Ctx) -> bool {
    c.segs.len() == 5
        && c.segs[0] == "v1"
        && c.segs[2] == "cloudservers"
        && c.segs[4] == "remote_console"
}

fn ecs_err(status: u16, code: &str, msg: &str) -> (u16, Value) {
    (status, json!({"error": {"code": code, "message": msg}}))
}

pub fn route(w: &World, c: &Ctx, refused: bool) -> Answer {
    if c.method != "POST" {
        return Err(ecs_err(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
        ));
    }
    let (project, sid) = (&c.segs[1], &c.segs[3]);
    let acct = w
        .account(&c.domain_id)
        .ok_or_else(|| ecs_err(403, "Ecs.0302", "Access denied"))?;
    let region = acct.region_of_project(project).ok_or_else(|| {
        ecs_err(
            403,
            "APIGW.0302",
            "The IAM user is not authorized to access the API.",
        )
    })?;
    if refused {
        return Err(ecs_err(
            403,
            "Ecs.0302",
            "Policy doesn't allow ecs:cloudServers:vnc to be performed.",
        ));
    }
    let rc = c.body.get("remote_console");
    let protocol = rc.and_then(|r| r.get("protocol")).and_then(Value::as_str);
    let kind = rc.and_then(|r| r.get("type")).and_then(Value::as_str);
    if protocol != Some("vnc") || kind != Some("novnc") {
        return Err(ecs_err(
            400,
            "Ecs.0005",
            "remote_console.protocol must be vnc and type novnc",
        ));
    }
    let inst = w
        .instances
        .iter()
        .find(|i| {
            &i.server.id == sid
                && i.domain_id == c.domain_id
                && i.region == region
                && i.visible
                && !i.deleted
        })
        .ok_or_else(|| ecs_err(404, "Ecs.0114", "Instance not found."))?;
    if inst.server.status != "ACTIVE" {
        return Err(ecs_err(409, "Ecs.0407", "The server is not running."));
    }
    let token =
        flexus_core::sign::sha256_hex(format!("{sid}|{}", c.now.unix_timestamp_nanos()).as_bytes());
    Ok((
        200,
        json!({"remote_console": {
            "protocol": "vnc",
            "type": "novnc",
            "url": format!("https://novnc.{region}.myhuaweicloud.com/vnc_auto.html?token={}&lang=EN", &token[..32]),
        }}),
    ))
}
