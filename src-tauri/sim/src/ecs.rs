// Over 400 lines on purpose: one match over the documented ECS paths, the one place to read what the simulated ECS answers.
//! ECS v1 for the servers inside Flexus L instances: details (the documented example's
//! shape), modify, batch start/stop/reboot as jobs INIT → RUNNING → SUCCESS/FAIL with
//! sub-jobs, batch password reset, job status.

use serde_json::{json, Value};

use super::world::{Instance, Job, JobTarget, World};
use super::{Answer, Ctx};
use flexus_core::expiry::Stage;
use flexus_core::timefmt;
use flexus_core::validate;

fn ecs_err(status: u16, code: &str, msg: impl Into<String>) -> (u16, Value) {
    (
        status,
        json!({"error": {"code": code, "message": msg.into()}}),
    )
}

fn server_json(w: &World, i: &Instance) -> Value {
    let s = &i.server;
    let acct = w.account(&i.domain_id);
    let project = acct.map(|a| a.project_id(&i.region)).unwrap_or_default();
    let detail = acct.and_then(|a| {
        flexus_core::catalog::Catalog::bundled().spec_detail(a.site, &i.region, &i.spec_code)
    });
    let (vcpus, ram) = detail
        .map(|d| (d.vcpus, (d.memory_gib * 1024.0) as u64))
        .unwrap_or((2, 2048));
    let flavor = format!("hl{}.large.{}", vcpus, ram / 1024);
    let frozen = w.stage(i, w.last_advance.unwrap_or(i.created)) == Stage::Retention;
    let (vm_state, power) = match s.status.as_str() {
        "ACTIVE" => ("active", 1),
        "SHUTOFF" => ("stopped", 4),
        _ => ("active", 1),
    };
    let image_name = match &i.image {
        flexus_core::catalog::ImageChoice::Public { name, version } => format!("{name} {version}"),
        flexus_core::catalog::ImageChoice::Private { image_id, .. } => image_id.clone(),
    };
    json!({
        "fault": null,
        "id": s.id,
        "name": s.name,
        "addresses": {
            "4022721e-0476-41ea-91f4-1883065a68cc": [
                {"version": "4", "addr": s.private_ip, "primary": true, "OS-EXT-IPS-MAC:mac_addr": s.mac, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": s.port_id},
                {"version": "4", "addr": i.public_ip, "primary": true, "OS-EXT-IPS-MAC:mac_addr": s.mac, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS:port_id": s.port_id}
            ]
        },
        "flavor": {"disk": "0", "vcpus": vcpus.to_string(), "ram": ram.to_string(), "id": flavor, "name": flavor, "gpus": [], "asic_accelerators": []},
        "accessIPv4": "", "accessIPv6": "",
        "status": s.status,
        "progress": 0,
        "hostId": flexus_core::sign::sha256_hex(s.id.as_bytes())[..56].to_string(),
        "updated": timefmt::utc(s.updated),
        "created": timefmt::utc(s.created),
        "metadata": {
            "charging_mode": "1",
            "vpc_id": "4022721e-0476-41ea-91f4-1883065a68cc",
            "lockSource": "hcss",
            "lockSourceId": i.id,
            "metering.order_id": i.order_id,
            "image_name": image_name,
            "metering.resourcespeccode": format!("{flavor}.linux"),
            "os_type": if i.spec_code.ends_with(".win") || i.spec_code.ends_with(".byol") { "Windows" } else { "Linux" },
            "os_bit": "64",
            "EcmResStatus": if frozen { "freeze" } else { "normal" }
        },
        "tags": ["_sys_type_hcss_l"],
        "description": s.description,
        "locked": false,
        "config_drive": "",
        "tenant_id": project,
        "user_id": flexus_core::sign::sha256_hex(i.domain_id.as_bytes())[..32].to_string(),
        "key_name": null,
        "os-extended-volumes:volumes_attached": [{"id": uuid_from(&format!("vol:{}", s.id)), "delete_on_termination": "false", "device": "/dev/vda", "bootIndex": "0"}],
        "OS-EXT-STS:task_state": null,
        "OS-EXT-STS:power_state": power,
        "OS-EXT-STS:vm_state": vm_state,
        "OS-EXT-SRV-ATTR:instance_name": format!("instance-{}", &s.id[..8]),
        "OS-DCF:diskConfig": "MANUAL",
        "OS-EXT-AZ:availability_zone": format!("{}a", i.region),
        "os:scheduler_hints": {},
        "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
        "enterprise_project_id": "0",
        "OS-SRV-USG:launched_at": timefmt::utc(s.created).replace('Z', ".000000"),
        "host_status": "UP",
        "OS-EXT-SRV-ATTR:hostname": s.hostname,
        "OS-SRV-USG:terminated_at": null,
        "sys_tags": [{"key": "_sys_enterprise_project_id", "value": "0"}],
        "security_groups": [{"id": "b88fdd7e-fe03-4e3f-ab64-1e5e1f8de0d9", "name": "sg-default-smb"}],
        "image": {"id": format!("img-{}", &flexus_core::sign::sha256_hex(image_name.as_bytes())[..12])},
        "hypervisor": null,
        "auto_terminate_time": ""
    })
}

fn job_json(j: &Job, now: time::OffsetDateTime, delay: time::Duration) -> Value {
    let (status, done) = if now >= j.begin + delay {
        let fail = j.targets.iter().any(|t| t.fail.is_some());
        (if fail { "FAIL" } else { "SUCCESS" }, true)
    } else if now >= j.begin + delay / 3 {
        ("RUNNING", false)
    } else {
        ("INIT", false)
    };
    let end = if done {
        Some(timefmt::utc(j.begin + delay))
    } else {
        None
    };
    let sub_type = match j.action.as_str() {
        "start" => "startServer",
        "stop" => "stopServer",
        _ => "rebootServer",
    };
    let subs: Vec<Value> = j.targets.iter().map(|t| {
        let st = if !done { if status == "RUNNING" { "RUNNING" } else { "INIT" } } else if t.fail.is_some() { "FAIL" } else { "SUCCESS" };
        json!({
            "status": st, "job_id": t.sub_job_id, "job_type": sub_type,
            "begin_time": timefmt::utc(j.begin), "end_time": end,
            "error_code": if st == "FAIL" { json!("Ecs.0103") } else { Value::Null },
            "fail_reason": if st == "FAIL" { json!(t.fail) } else { Value::Null },
            "entities": {"server_id": t.server_id, "errorcode_message": if st == "FAIL" { json!(t.fail) } else { Value::Null }}
        })
    }).collect();
    let job_type = match j.action.as_str() {
        "start" => "batchStartServers",
        "stop" => "batchStopServers",
        _ => "batchRebootServers",
    };
    json!({
        "job_id": j.job_id, "job_type": job_type, "status": status,
        "begin_time": timefmt::utc(j.begin), "end_time": end,
        "error_code": if status == "FAIL" { json!("Ecs.0103") } else { Value::Null },
        "fail_reason": if status == "FAIL" { json!("some servers failed; see sub_jobs") } else { Value::Null },
        "entities": {"sub_jobs_total": subs.len(), "sub_jobs": subs}
    })
}

fn servers_of(body: &Value, max: usize) -> Result<Vec<String>, (u16, Value)> {
    let ids: Vec<String> = body
        .get("servers")
        .and_then(Value::as_array)
        .ok_or_else(|| ecs_err(400, "Ecs.0005", "servers is required"))?
        .iter()
        .map(|s| {
            s.get("id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| ecs_err(400, "Ecs.0005", "servers[].id is required"))
        })
        .collect::<Result<_, _>>()?;
    if ids.is_empty() || ids.len() > max {
        return Err(ecs_err(
            400,
            "Ecs.0005",
            format!("servers must hold 1 to {max} entries"),
        ));
    }
    Ok(ids)
}

pub fn route(w: &mut World, c: &Ctx) -> Answer {
    let segs: Vec<&str> = c.segs.iter().map(String::as_str).collect();
    let Some((&"v1", rest)) = segs.split_first() else {
        return Err(super::apigw(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
            "",
        ));
    };
    let Some((&project, rest)) = rest.split_first() else {
        return Err(super::apigw(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
            "",
        ));
    };
    let acct = w
        .account(&c.domain_id)
        .cloned()
        .ok_or_else(|| ecs_err(403, "Ecs.0302", "Access denied"))?;
    let region = acct.region_of_project(project).ok_or_else(|| {
        super::apigw(
            403,
            "APIGW.0302",
            "The IAM user is not authorized to access the API.",
            "",
        )
    })?;
    let now = c.now;
    // The caller's server in this region, or ECS's "could not be found".
    let found = |w: &World, sid: &str| {
        w.instances
            .iter()
            .position(|i| {
                i.server.id == sid
                    && i.domain_id == c.domain_id
                    && i.region == region
                    && i.visible
                    && !i.deleted
            })
            .ok_or_else(|| {
                ecs_err(
                    404,
                    "Ecs.0114",
                    format!("Instance[{sid}] could not be found."),
                )
            })
    };
    match (c.method.as_str(), rest) {
        ("GET", ["cloudservers", "detail"]) => {
            let limit = c
                .q("limit")
                .map(|l| l.parse::<usize>().unwrap_or(0))
                .unwrap_or(25);
            let page = c
                .q("offset")
                .map(|o| o.parse::<usize>().unwrap_or(0))
                .unwrap_or(1);
            if !(1..=1000).contains(&limit) || page == 0 {
                return Err(ecs_err(
                    400,
                    "Ecs.0005",
                    "limit must be 1 to 1000 and offset (page number) at least 1",
                ));
            }
            let all: Vec<&Instance> = w
                .instances
                .iter()
                .filter(|i| {
                    i.domain_id == c.domain_id && i.region == region && i.visible && !i.deleted
                })
                .collect();
            let servers: Vec<Value> = all
                .iter()
                .skip((page - 1) * limit)
                .take(limit)
                .map(|i| server_json(w, i))
                .collect();
            Ok((200, json!({"count": all.len(), "servers": servers})))
        }
        ("GET", ["cloudservers", sid]) => {
            let ix = found(w, sid)?;
            Ok((200, json!({"server": server_json(w, &w.instances[ix])})))
        }
        ("PUT", ["cloudservers", "os-reset-passwords"]) => {
            let ids = servers_of(&c.body, 1000)?;
            let pw = c
                .body
                .get("new_password")
                .and_then(Value::as_str)
                .ok_or_else(|| ecs_err(400, "Ecs.0005", "new_password is required"))?;
            validate::password(pw).map_err(|e| {
                ecs_err(
                    400,
                    "Ecs.0005",
                    format!(
                        "Invalid new_password: {}",
                        e.why.text(flexus_core::messages::Lang::En)
                    ),
                )
            })?;
            let dry = c
                .body
                .get("dry_run")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let mut ixs = Vec::new();
            for id in &ids {
                let ix = found(w, id)?;
                if w.stage(&w.instances[ix], now) == Stage::Retention {
                    return Err(ecs_err(
                        409,
                        "Ecs.0103",
                        format!("Instance[{id}] is frozen."),
                    ));
                }
                ixs.push(ix);
            }
            if !dry {
                for ix in ixs {
                    w.instances[ix].server.password_pending_restart = true;
                }
            }
            Ok((
                200,
                json!({"response": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()}),
            ))
        }
        ("PUT", ["cloudservers", sid]) => {
            let ix = found(w, sid)?;
            let s = c
                .body
                .get("server")
                .filter(|s| s.is_object())
                .ok_or_else(|| ecs_err(400, "Ecs.0005", "server is required"))?;
            let get = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
            let (name, desc, host) = (get("name"), get("description"), get("hostname"));
            if name.is_none() && desc.is_none() && host.is_none() {
                return Err(ecs_err(
                    400,
                    "Ecs.0005",
                    "give name, description or hostname",
                ));
            }
            if let Some(n) = &name {
                validate::server_name(n).map_err(|e| ecs_err(400, "Ecs.0005", e.to_string()))?;
            }
            if let Some(d) = &desc {
                validate::server_description(d)
                    .map_err(|e| ecs_err(400, "Ecs.0005", e.to_string()))?;
            }
            if let Some(h) = &host {
                validate::hostname(h).map_err(|e| ecs_err(400, "Ecs.0005", e.to_string()))?;
            }
            let srv = &mut w.instances[ix].server;
            if let Some(n) = name {
                srv.name = n;
            }
            if let Some(d) = desc {
                srv.description = d;
            }
            if let Some(h) = host {
                srv.hostname = h;
                srv.hostname_pending_restart = true;
            }
            srv.updated = now;
            let s = &w.instances[ix].server;
            let acct_project = acct.project_id(&region);
            Ok((
                200,
                json!({"server": {
                    "tenant_id": acct_project, "image": "", "accessIPv4": null,
                    "metadata": {"__support_agent_list": "hss,hss-pc,ces"},
                    "addresses": {"4022721e-0476-41ea-91f4-1883065a68cc": [{"addr": s.private_ip, "version": 4}]},
                    "accessIPv6": null, "created": timefmt::utc(s.created), "description": s.description,
                    "OS-EXT-SRV-ATTR:hostname": s.hostname, "flavor": {"id": "hl.large"},
                    "OS-DCF:diskConfig": "MANUAL", "name": s.name, "progress": 0,
                    "id": s.id, "updated": timefmt::utc(s.updated), "status": s.status
                }}),
            ))
        }
        ("POST", ["cloudservers", "action"]) => {
            let (action, inner) = if let Some(v) = c.body.get("os-start") {
                ("start", v)
            } else if let Some(v) = c.body.get("os-stop") {
                ("stop", v)
            } else if let Some(v) = c.body.get("reboot") {
                ("reboot", v)
            } else {
                return Err(ecs_err(
                    400,
                    "Ecs.0005",
                    "the body needs os-start, os-stop or reboot",
                ));
            };
            if let Some(t) = inner.get("type") {
                if !matches!(t.as_str(), Some("SOFT" | "HARD")) {
                    return Err(ecs_err(400, "Ecs.0005", "type must be SOFT or HARD"));
                }
            } else if action == "reboot" {
                return Err(ecs_err(400, "Ecs.0005", "reboot needs type SOFT or HARD"));
            }
            let ids = servers_of(inner, 1000)?;
            let mut targets = Vec::new();
            for id in &ids {
                let ix = found(w, id)?;
                let i = &w.instances[ix];
                let frozen = w.stage(i, now) == Stage::Retention;
                let fail = match (action, i.server.status.as_str()) {
                    _ if frozen => Some(format!("Instance[{id}] is frozen; renew it first.")),
                    ("start", "ACTIVE") => Some(format!("Instance[{id}] is already running.")),
                    ("stop", "SHUTOFF") => Some(format!("Instance[{id}] is already stopped.")),
                    ("reboot", "SHUTOFF") => {
                        Some(format!("Instance[{id}] is stopped and cannot be rebooted."))
                    }
                    _ => None,
                };
                targets.push(JobTarget {
                    server_id: id.clone(),
                    instance_id: i.id.clone(),
                    fail,
                    sub_job_id: super::world::hex_id(&mut w.rng, 32),
                });
            }
            let job_id = super::world::hex_id(&mut w.rng, 32);
            w.jobs.push(Job {
                job_id: job_id.clone(),
                project_id: project.to_string(),
                action: action.into(),
                begin: now,
                targets,
                applied: false,
            });
            Ok((200, json!({"job_id": job_id})))
        }
        ("GET", ["jobs", jid]) => {
            let j = w
                .jobs
                .iter()
                .find(|j| j.job_id == *jid && j.project_id == project)
                .ok_or_else(|| {
                    ecs_err(404, "Common.0024", format!("The job {jid} does not exist."))
                })?;
            Ok((200, job_json(j, now, w.op_delay)))
        }
        _ => Err(super::apigw(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
            "",
        )),
    }
}

fn uuid_from(seed: &str) -> String {
    super::world::uuid_format(&flexus_core::sign::sha256_hex(seed.as_bytes()))
}
