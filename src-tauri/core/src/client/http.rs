//! The one HTTP client every cloud call goes through.
//!
//! - TLS trusts the OS certificate store (so a company's inspection-proxy CA that IT
//!   installed there works) plus the bundled Mozilla roots as a fallback.
//! - Proxies: an explicit proxy from Settings (http, https or socks5, optional
//!   credentials), else the system's (environment variables; the Windows and macOS
//!   proxy settings).
//! - Redirects are refused: following one could re-send a paid POST (307/308) or
//!   carry `X-Security-Token` to another host. Huawei's API never redirects.

use std::fmt;
use std::time::Duration;

use crate::error::ApiError;
use crate::secret::Secret;

use super::{ClientOptions, USER_AGENT};

/// An explicit proxy. The password comes from the OS keychain.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("url", &self.url)
            .field("username", &self.username.as_ref().map(|_| "***"))
            .field("password", &self.password)
            .finish()
    }
}

/// Checks a proxy address: `http://`, `https://`, `socks5://` or `socks5h://`, a
/// host, an optional port, nothing else (credentials go in their own fields).
pub fn check_proxy_url(url: &str) -> Result<String, String> {
    let u = url::Url::parse(url.trim()).map_err(|_| {
        "the proxy must look like http://proxy.example.com:8080 (or https://, socks5://)"
            .to_string()
    })?;
    if !["http", "https", "socks5", "socks5h"].contains(&u.scheme()) {
        return Err("the proxy must start with http://, https:// or socks5://".into());
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("the proxy address has no host".into());
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("put the proxy user name and password in their own fields".into());
    }
    if !(u.path().is_empty() || u.path() == "/") || u.query().is_some() || u.fragment().is_some() {
        return Err("the proxy address is a host and port only".into());
    }
    Ok(u.as_str().trim_end_matches('/').to_string())
}

/// Refuses every redirect (see the module comment).
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        attempt.error(
            "redirect refused: the cloud API never redirects, so this reply was not followed",
        )
    })
}

pub fn build(opts: &ClientOptions) -> Result<reqwest::Client, ApiError> {
    let config = |e: String| ApiError::Config(format!("cannot build HTTP client: {e}"));
    let mut b = reqwest::Client::builder()
        .timeout(opts.timeout)
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(opts.per_host_concurrency)
        .user_agent(USER_AGENT)
        .redirect(redirect_policy())
        .referer(false)
        .https_only(opts.https_only);
    if let Some(p) = &opts.proxy {
        let url = check_proxy_url(&p.url).map_err(config)?;
        let mut proxy = reqwest::Proxy::all(&url).map_err(|e| config(e.to_string()))?;
        if let Some(user) = p.username.as_deref().filter(|u| !u.is_empty()) {
            let pass = p.password.as_ref().map(|s| s.expose()).unwrap_or("");
            proxy = proxy.basic_auth(user, pass);
        }
        // The explicit proxy is used for every request, loopback included.
        b = b.proxy(proxy.no_proxy(None));
    }
    b.build().map_err(|e| config(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_urls_are_checked() {
        assert_eq!(
            check_proxy_url("http://proxy.corp:8080/").unwrap(),
            "http://proxy.corp:8080"
        );
        assert!(check_proxy_url("socks5://10.0.0.1:1080").is_ok());
        assert!(check_proxy_url("ftp://x:1").is_err());
        assert!(check_proxy_url("http://user:pw@x:1").is_err());
        assert!(check_proxy_url("http://x:1/path").is_err());
        assert!(check_proxy_url("proxy:8080").is_err());
        let p = ProxyConfig {
            url: "http://x:1".into(),
            username: Some("alice".into()),
            password: Some(Secret::new("hunter22")),
        };
        let d = format!("{p:?}");
        assert!(!d.contains("hunter22") && !d.contains("alice"), "{d}");
    }
}
