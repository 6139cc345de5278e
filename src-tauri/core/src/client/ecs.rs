//! ECS v1: the cloud server inside a Flexus L instance (details, rename, start,
//! stop, reboot, password reset, job status). Actions are sent exactly once.

use reqwest::Method;
use serde_json::{json, Value};

use super::models::*;
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;

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
    async fn ecs_path(&self, region: &str, rest: &str) -> Result<(String, String), ApiError> {
        let pid = self.project_id(region).await?;
        Ok((format!("/v1/{pid}{rest}"), pid))
    }

    pub async fn server(&self, region: &str, server_id: &str) -> Result<ServerDetail, ApiError> {
        super::url_id("server_id", server_id)?;
        let (path, _) = self
            .ecs_path(region, &format!("/cloudservers/{server_id}"))
            .await?;
        let call = Call::get(Service::Ecs, path)
            .region(region)
            .scope(Scope::Project(region.into()));
        Ok(self.send_json::<ServerResponse>(call).await?.server)
    }

    /// Every server of a region (`GET /v1/{project_id}/cloudservers/detail`, paged by
    /// `offset` = page number from 1, `limit` ≤ 1000): one call instead of one per server.
    pub async fn list_servers(&self, region: &str) -> Result<Vec<ServerDetail>, ApiError> {
        let (path, _) = self.ecs_path(region, "/cloudservers/detail").await?;
        let mut out = Vec::new();
        for page in 1..=1000 {
            let call = Call::get(Service::Ecs, path.clone())
                .region(region)
                .scope(Scope::Project(region.into()))
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
        super::url_id("server_id", server_id)?;
        let (path, _) = self
            .ecs_path(region, &format!("/cloudservers/{server_id}"))
            .await?;
        let body = json!({"server": update});
        let call = Call::once(Service::Ecs, Method::PUT, path, Some(body))
            .region(region)
            .scope(Scope::Project(region.into()));
        Ok(self.send_json::<ServerResponse>(call).await?.server)
    }

    pub async fn server_action(
        &self,
        region: &str,
        action: ServerAction,
        server_ids: &[String],
        hard: bool,
    ) -> Result<String, ApiError> {
        let (path, _) = self.ecs_path(region, "/cloudservers/action").await?;
        let call = Call::once(
            Service::Ecs,
            Method::POST,
            path,
            Some(action.body(server_ids, hard)),
        )
        .region(region)
        .scope(Scope::Project(region.into()));
        Ok(self.send_json::<JobIdResponse>(call).await?.job_id)
    }

    pub async fn reset_passwords(
        &self,
        region: &str,
        server_ids: &[String],
        new_password: &str,
    ) -> Result<ResetPasswordResponse, ApiError> {
        let (path, _) = self
            .ecs_path(region, "/cloudservers/os-reset-passwords")
            .await?;
        let servers: Vec<Value> = server_ids.iter().map(|id| json!({"id": id})).collect();
        let body = json!({"new_password": new_password, "dry_run": false, "servers": servers});
        let call = Call::once(Service::Ecs, Method::PUT, path, Some(body))
            .region(region)
            .scope(Scope::Project(region.into()));
        self.send_json(call).await
    }

    pub async fn job(&self, region: &str, job_id: &str) -> Result<Job, ApiError> {
        let (path, _) = self.ecs_path(region, &format!("/jobs/{job_id}")).await?;
        let call = Call::get(Service::Ecs, path)
            .region(region)
            .scope(Scope::Project(region.into()));
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
