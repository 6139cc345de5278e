//! `flexus debug sign`: one signing vector (the JSON of `vectors_public.json`'s
//! `input`) on stdin, the Authorization header and the intermediate strings out.

use serde::Deserialize;

use crate::secret::Credentials;
use crate::sign::{self, SignableRequest};

#[derive(Debug, Deserialize)]
pub struct VectorInput {
    pub ak: String,
    pub sk: String,
    #[serde(default)]
    pub security_token: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub domain_id: Option<String>,
    pub method: String,
    pub host: String,
    pub path: String,
    #[serde(default)]
    pub query: Vec<(String, String)>,
    #[serde(default)]
    pub headers: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub body: String,
    pub x_sdk_date: String,
}

pub fn sign_vector(input: &VectorInput) -> sign::Signature {
    let creds = Credentials::new(&input.ak, &input.sk, input.security_token.as_deref());
    let mut req = SignableRequest {
        method: input.method.clone(),
        host: input.host.clone(),
        path: input.path.clone(),
        query: input.query.clone(),
        headers: input
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect(),
        body: input.body.as_bytes().to_vec(),
    };
    sign::sign(
        &mut req,
        &creds,
        input.project_id.as_deref(),
        input.domain_id.as_deref(),
        &input.x_sdk_date,
    )
}
