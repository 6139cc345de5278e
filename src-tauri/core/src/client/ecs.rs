//! ECS v1: the cloud server inside a Flexus L instance (details, rename, start,
//! stop, reboot, password reset, job status). Actions are sent exactly once.

use reqwest::Method;
use serde_json::{json, Value};

use super::models::*;
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;
use crate::keys::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerAction {
    Start,
    Stop,
    Reboot,
}

impl ServerAction {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "start" => Some(ServerAction::Start),
            "stop" => Some(ServerAction::Stop),
            "reboot" => Some(ServerAction::Reboot),
            _ => None,
        }
    }
    /// The documented body: `os-start`, `os-stop` (type) or `reboot` (type).
    pub fn body(self, server_ids: &[String], hard: bool) -> Value {
        let servers: Vec<Value> = server_ids.iter().map(|id| json!({"id": id})).collect();
        let kind = if hard { "HARD" } else { "SOFT" };
        match self {
            ServerAction::Start => json!({"os-start": {"servers": servers}}),
            ServerAction::Stop => json!({"os-stop": {"type": kind, "servers": servers}}),
            ServerAction::Reboot => json!({"reboot": {"type": kind, "servers": servers}}),
        }
    }
}

/// Groups (region, server id) pairs by region: batch actions are per project.
pub fn by_region(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<(String, Vec<String>)> {
    let mut m: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (r, s) in pairs {
        m.entry(r).or_default().push(s);
    }
    m.into_iter().collect()
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ServerUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

impl CloudClient {
    /// Records the project a server (or a job) belongs to; ECS calls for it use that
    /// project instead of the region's default one.
    pub fn remember_project(&self, id: &str, project_id: &str) {
        if !id.is_empty() && !project_id.is_empty() {
            self.ecs_projects
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.to_string(), project_id.to_string());
        }
    }

    fn known_project(&self, id: &str) -> Option<String> {
        self.ecs_projects
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }

    /// The project id for calls about `ids`: the one RMS gave their instance, else the
    /// region's default. A batch must stay inside one project (one URL, one job).
    pub(super) async fn ecs_project(
        &self,
        region: &str,
        ids: &[String],
    ) -> Result<String, ApiError> {
        let known: std::collections::BTreeSet<Option<String>> =
            ids.iter().map(|id| self.known_project(id)).collect();
        match known.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(p)] => Ok(p.clone()),
            [] | [None] => self.project_id(region).await,
            _ => Err(ApiError::InvalidParameter {
                code: "flexus.projects".into(),
                message:
                    "these servers belong to different projects; act on each project separately"
                        .into(),
            }),
        }
    }

    async fn ecs_call(
        &self,
        region: &str,
        ids: &[String],
        method: Method,
        rest: &str,
        body: Option<Value>,
    ) -> Result<Call, ApiError> {
        let pid = self.ecs_project(region, ids).await?;
        super::url_id(Field::ProjectId, &pid)?;
        let path = format!("/v1/{pid}{rest}");
        let call = if method == Method::GET {
            Call::get(Service::Ecs, path)
        } else {
            Call::once(Service::Ecs, method, path, body)
        };
        Ok(call.region(region).scope(Scope::ProjectId(pid)))
    }

    pub async fn server(&self, region: &str, server_id: &str) -> Result<ServerDetail, ApiError> {
        super::url_id(Field::ServerId, server_id)?;
        let ids = [server_id.to_string()];
        let call = self
            .ecs_call(
                region,
                &ids,
                Method::GET,
                &format!("/cloudservers/{server_id}"),
                None,
            )
            .await?;
        Ok(self.send_json::<ServerResponse>(call).await?.server)
    }

    /// Every server of a region's default project.
    pub async fn list_servers(&self, region: &str) -> Result<Vec<ServerDetail>, ApiError> {
        self.list_servers_in(region, None).await
    }

    /// Every server of one project of a region (`GET /v1/{project_id}/cloudservers/detail`,
    /// paged by `offset` = page number from 1, `limit` ≤ 1000): one call instead of one per server.
    pub async fn list_servers_in(
        &self,
        region: &str,
        project_id: Option<&str>,
    ) -> Result<Vec<ServerDetail>, ApiError> {
        let pid = match project_id {
            Some(p) => p.to_string(),
            None => self.project_id(region).await?,
        };
        let path = format!("/v1/{pid}/cloudservers/detail");
        let mut out = Vec::new();
        for page in 1..=1000 {
            let call = Call::get(Service::Ecs, path.clone())
                .region(region)
                .scope(Scope::ProjectId(pid.clone()))
                .query("offset", page.to_string())
                .query("limit", "1000");
            let r: ServerListResponse = self.send_json(call).await?;
            let n = r.servers.len();
            out.extend(r.servers);
            if n < 1000 || out.len() as i64 >= r.count {
                break;
            }
        }
        Ok(out)
    }

    pub async fn update_server(
        &self,
        region: &str,
        server_id: &str,
        update: &ServerUpdate,
    ) -> Result<ServerDetail, ApiError> {
        super::url_id(Field::ServerId, server_id)?;
        let ids = [server_id.to_string()];
        let body = json!({ "server": update });
        let call = self
            .ecs_call(
                region,
                &ids,
                Method::PUT,
                &format!("/cloudservers/{server_id}"),
                Some(body),
            )
            .await?;
        Ok(self.send_json::<ServerResponse>(call).await?.server)
    }

    pub async fn server_action(
        &self,
        region: &str,
        action: ServerAction,
        server_ids: &[String],
        hard: bool,
    ) -> Result<String, ApiError> {
        let body = action.body(server_ids, hard);
        let call = self
            .ecs_call(
                region,
                server_ids,
                Method::POST,
                "/cloudservers/action",
                Some(body),
            )
            .await?;
        let pid = match &call.scope {
            Scope::ProjectId(p) => p.clone(),
            _ => String::new(),
        };
        let job = self.send_json::<JobIdResponse>(call).await?.job_id;
        self.remember_project(&job, &pid);
        Ok(job)
    }

    pub async fn reset_passwords(
        &self,
        region: &str,
        server_ids: &[String],
        new_password: &str,
    ) -> Result<ResetPasswordResponse, ApiError> {
        let servers: Vec<Value> = server_ids.iter().map(|id| json!({"id": id})).collect();
        let body = json!({"new_password": new_password, "dry_run": false, "servers": servers});
        let call = self
            .ecs_call(
                region,
                server_ids,
                Method::PUT,
                "/cloudservers/os-reset-passwords",
                Some(body),
            )
            .await?;
        self.send_json(call).await
    }

    pub async fn job(&self, region: &str, job_id: &str) -> Result<Job, ApiError> {
        let ids = [job_id.to_string()];
        let call = self
            .ecs_call(region, &ids, Method::GET, &format!("/jobs/{job_id}"), None)
            .await?;
        self.send_json(call).await
    }

    /// Polls a job until SUCCESS/FAIL or the deadline.
    pub async fn wait_job(
        &self,
        region: &str,
        job_id: &str,
        poll: std::time::Duration,
        deadline: std::time::Duration,
    ) -> Result<Job, ApiError> {
        let start = std::time::Instant::now();
        loop {
            let job = self.job(region, job_id).await?;
            if job.finished() || start.elapsed() >= deadline {
                return Ok(job);
            }
            tokio::time::sleep(poll).await;
        }
    }
}
