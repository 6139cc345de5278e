//! IAM: the account (domain) id and per-region project ids.

use super::models::{Domain, DomainsResponse, ProjectsResponse};
use super::{Call, CloudClient};
use crate::endpoints::Service;
use crate::error::ApiError;

impl CloudClient {
    /// `GET /v3/auth/domains`; the account name is what "Verify" shows.
    pub async fn fetch_domain(&self) -> Result<Domain, ApiError> {
        let r: DomainsResponse = self
            .send_json(Call::get(Service::Iam, "/v3/auth/domains"))
            .await?;
        r.domains
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::NotFound {
                code: "IAM.domains".into(),
                message: "IAM returned no account for these keys".into(),
            })
    }

    /// `GET /v3/projects?name={region}`; exactly one project is expected.
    pub async fn fetch_project_id(&self, region: &str) -> Result<String, ApiError> {
        let call = Call::get(Service::Iam, "/v3/projects").query("name", region);
        let r: ProjectsResponse = self.send_json(call).await?;
        match r.projects.as_slice() {
            [p] => Ok(p.id.clone()),
            [] => Err(ApiError::NotFound {
                code: "IAM.projects".into(),
                message: format!(
                    "no project for region {region}; is the region enabled for this account?"
                ),
            }),
            _ => Err(ApiError::Decode {
                service: "iam".into(),
                detail: format!("more than one project named {region}"),
            }),
        }
    }
}
