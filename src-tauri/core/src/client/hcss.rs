//! HCSS: buy Flexus L instances. Sent exactly once per purchase intent; the
//! `Client-Request-Id` is created once per intent and kept with the journal entry.

use super::models::{CreateInstanceRequest, CreateInstanceResponse};
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;
use reqwest::Method;

impl CloudClient {
    pub async fn create_instances(
        &self,
        req: &CreateInstanceRequest,
        client_request_id: &str,
    ) -> Result<CreateInstanceResponse, ApiError> {
        let gateway_region = self.endpoints.site.hcss_region();
        let body = serde_json::to_value(req).map_err(|e| ApiError::Config(e.to_string()))?;
        let call = Call::once(
            Service::Hcss,
            Method::POST,
            "/v1/light-instances",
            Some(body),
        )
        // Sent to the fixed gateway host, but scoped to the project of the region the
        // instance is bought in (Huawei's sample and seed 002: "obtain the token based
        // on the region where the resource is located").
        .region(gateway_region)
        .scope(Scope::Project(req.region.clone()))
        .header("Client-Request-Id", client_request_id);
        self.send_json(call).await
    }
}
