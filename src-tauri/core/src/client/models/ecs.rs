//! ECS: servers, their jobs and password resets.

use super::*;

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerAddress {
    #[serde(default, deserialize_with = "nullable")]
    pub addr: String,
    #[serde(default, deserialize_with = "str_or_num")]
    pub version: Option<String>,
    #[serde(default, rename = "OS-EXT-IPS:type")]
    pub ip_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerFlavor {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub vcpus: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub ram: Option<String>,
    #[serde(default, deserialize_with = "str_or_num")]
    pub disk: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ServerDetail {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub addresses: BTreeMap<String, Vec<ServerAddress>>,
    #[serde(default, deserialize_with = "nullable")]
    pub flavor: ServerFlavor,
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "OS-EXT-SRV-ATTR:hostname")]
    pub hostname: Option<String>,
    #[serde(default, rename = "OS-EXT-STS:vm_state")]
    pub vm_state: Option<String>,
    #[serde(default, rename = "OS-EXT-STS:task_state")]
    pub task_state: Option<String>,
    #[serde(default, rename = "OS-EXT-AZ:availability_zone")]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub locked: Option<bool>,
    #[serde(default)]
    pub created: Option<String>,
}

impl ServerDetail {
    fn addr_of(&self, kind: &str) -> Option<String> {
        self.addresses
            .values()
            .flatten()
            .find(|a| a.ip_type.as_deref() == Some(kind))
            .map(|a| a.addr.clone())
    }
    pub fn private_ip(&self) -> Option<String> {
        self.addr_of("fixed")
    }
    pub fn public_ip(&self) -> Option<String> {
        self.addr_of("floating")
    }
    pub fn frozen(&self) -> bool {
        self.metadata
            .get("EcmResStatus")
            .map(|s| s == "freeze")
            .unwrap_or(false)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ServerResponse {
    pub server: ServerDetail,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ServerListResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub count: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub servers: Vec<ServerDetail>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct JobIdResponse {
    pub job_id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct SubJob {
    #[serde(default)]
    pub job_id: Option<String>,
    #[serde(default)]
    pub job_type: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default)]
    pub entities: Value,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct JobEntities {
    #[serde(default)]
    pub server_id: Option<String>,
    #[serde(default)]
    pub sub_jobs_total: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub sub_jobs: Vec<SubJob>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Job {
    pub job_id: String,
    #[serde(default)]
    pub job_type: Option<String>,
    pub status: String,
    #[serde(default)]
    pub begin_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub entities: JobEntities,
}

impl Job {
    pub fn finished(&self) -> bool {
        self.status == "SUCCESS" || self.status == "FAIL"
    }
    /// The first readable failure reason, from the job or its sub-jobs.
    pub fn failure(&self) -> Option<String> {
        if self.status != "FAIL" {
            return None;
        }
        // The sub-jobs say which server failed and why; the job's own reason is generic.
        self.entities
            .sub_jobs
            .iter()
            .find_map(|s| {
                s.entities
                    .get("errorcode_message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| s.fail_reason.clone())
            })
            .or_else(|| self.fail_reason.clone())
            .or_else(|| Some("the job failed".into()))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ResetPasswordResponse {
    #[serde(default, deserialize_with = "nullable")]
    pub response: Vec<Value>,
}
