//! The rescue console: a one-time noVNC URL for a server
//! (`POST /v1/{project_id}/cloudservers/{server_id}/remote_console`, SDK model
//! `ShowServerRemoteConsole*`, permission `ecs:cloudServers:vnc`). The Flexus L API
//! does not document it, so a refusal is expected and answered with the instance's
//! page in the web console. Only https URLs on Huawei's own hosts are ever opened.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::models::nullable;
use super::{Call, CloudClient};
use crate::endpoints::Site;
use crate::error::ApiError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoteConsole {
    #[serde(default, deserialize_with = "nullable")]
    pub protocol: String,
    #[serde(default, deserialize_with = "nullable")]
    pub r#type: String,
    #[serde(default, deserialize_with = "nullable")]
    pub url: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct ShowServerRemoteConsoleResponse {
    #[serde(default, deserialize_with = "nullable")]
    remote_console: RemoteConsole,
}

/// The parent domains whose hosts may be opened (the console and noVNC hosts of both
/// sites). A subdomain must match at a dot: `evilhuaweicloud.com` does not.
const HUAWEI_DOMAINS: [&str; 2] = ["myhuaweicloud.com", "huaweicloud.com"];

/// Accepts `raw` only as an https URL without credentials or an unusual port whose
/// host is a Huawei domain or a subdomain of one; returns it normalised.
pub fn check_console_url(raw: &str) -> Result<url::Url, ApiError> {
    let bad = |why: &str| ApiError::InvalidParameter {
        code: "flexus.console_url".into(),
        message: format!("the console address was refused: {why}"),
    };
    let u = url::Url::parse(raw.trim()).map_err(|_| bad("not a URL"))?;
    if u.scheme() != "https" {
        return Err(bad("not https"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(bad("it carries a user name or password"));
    }
    if u.port().is_some_and(|p| p != 443) {
        return Err(bad("unusual port"));
    }
    let host = match u.host() {
        Some(url::Host::Domain(h)) => h.to_ascii_lowercase(),
        _ => return Err(bad("no host name")),
    };
    let host = host.trim_end_matches('.');
    let ok = HUAWEI_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    if !ok {
        return Err(bad("not a Huawei Cloud host"));
    }
    Ok(u)
}

/// The server's page in the Huawei web console, where "Remote Login" works in the
/// browser: the fallback when the API refuses the console.
pub fn console_page_url(site: Site, region: &str, server_id: &str) -> String {
    let host = match site {
        Site::Cn => "console.huaweicloud.com",
        Site::Intl => "console-intl.huaweicloud.com",
    };
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "https://{host}/ecm/?region={}#/ecs/manager/ecsDetail?instanceId={}",
        enc(region),
        enc(server_id)
    )
}

/// What "Open console" opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsoleTarget {
    /// The one-time noVNC URL from ECS (checked).
    Vnc { url: String },
    /// The web console page, because ECS refused or answered with an unusable URL.
    WebConsole { url: String, reason: String },
}

impl CloudClient {
    /// Asks ECS for a noVNC console URL (sent once: each call mints a new token).
    pub async fn remote_console(
        &self,
        region: &str,
        server_id: &str,
    ) -> Result<RemoteConsole, ApiError> {
        let ids = [server_id.to_string()];
        let pid = self.ecs_project(region, &ids).await?;
        let body = json!({"remote_console": {"protocol": "vnc", "type": "novnc"}});
        let call = Call::once(
            crate::endpoints::Service::Ecs,
            Method::POST,
            format!("/v1/{pid}/cloudservers/{server_id}/remote_console"),
            Some(body),
        )
        .region(region)
        .scope(super::Scope::ProjectId(pid));
        Ok(self
            .send_json::<ShowServerRemoteConsoleResponse>(call)
            .await?
            .remote_console)
    }

    /// The console to open for a server: the checked noVNC URL, else the web console
    /// page with the reason (a refusal is not an error for the user: there is a way on).
    pub async fn console_target(&self, region: &str, server_id: &str) -> ConsoleTarget {
        let fallback = |reason: String| ConsoleTarget::WebConsole {
            url: console_page_url(self.endpoints.site, region, server_id),
            reason,
        };
        match self.remote_console(region, server_id).await {
            Ok(c) => match check_console_url(&c.url) {
                Ok(u) => ConsoleTarget::Vnc { url: u.to_string() },
                Err(e) => fallback(e.to_string()),
            },
            Err(e) => fallback(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_huawei_https_hosts_pass() {
        for good in [
            "https://novnc.cn-north-4.myhuaweicloud.com/vnc_auto.html?token=abc",
            "https://cn-north-4-novnc.myhuaweicloud.com/vnc_auto.html?token=a&lang=EN",
            "https://console.huaweicloud.com/ecm/",
            "https://NOVNC.AP-SOUTHEAST-1.MYHUAWEICLOUD.COM:443/x",
        ] {
            assert!(check_console_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://novnc.cn-north-4.myhuaweicloud.com/vnc_auto.html",
            "https://evilmyhuaweicloud.com/x",
            "https://myhuaweicloud.com.evil.example/x",
            "https://user:pw@novnc.myhuaweicloud.com/x",
            "https://novnc.myhuaweicloud.com:8443/x",
            "https://127.0.0.1/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "",
            "not a url",
        ] {
            assert!(check_console_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fallback_page_is_a_huawei_page_for_the_server() {
        let u = console_page_url(Site::Intl, "ap-southeast-1", "srv-1");
        assert!(check_console_url(&u).is_ok());
        assert!(u.starts_with("https://console-intl.huaweicloud.com/"));
        assert!(u.contains("region=ap-southeast-1") && u.ends_with("instanceId=srv-1"));
        let odd = console_page_url(Site::Cn, "cn-north-4", "a#b&c");
        assert!(odd.ends_with("instanceId=a%23b%26c"), "{odd}");
    }
}
