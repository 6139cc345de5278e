//! Service hosts for the China and International sites, with per-service overrides
//! (used by tests, the simulator and users behind a gateway).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Site {
    Cn,
    Intl,
}

impl Site {
    pub fn as_str(self) -> &'static str {
        match self {
            Site::Cn => "cn",
            Site::Intl => "intl",
        }
    }
    /// The region whose gateway serves HCSS purchases for this site.
    pub fn hcss_region(self) -> &'static str {
        match self {
            Site::Cn => "cn-north-4",
            Site::Intl => "ap-southeast-3",
        }
    }
    /// Grace and retention lengths in days. International: 15 + 15. China: depends on
    /// the customer level (V0 has 1 + 1); we warn conservatively with the shortest.
    pub fn grace_retention_days(self) -> (i64, i64) {
        match self {
            Site::Intl => (15, 15),
            Site::Cn => (1, 1),
        }
    }
    pub fn currency(self) -> &'static str {
        match self {
            Site::Cn => "CNY",
            Site::Intl => "USD",
        }
    }
}

impl FromStr for Site {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "cn" | "china" => Ok(Site::Cn),
            "intl" | "international" => Ok(Site::Intl),
            _ => Err(format!("unknown site '{s}': use cn or intl")),
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Iam,
    Rms,
    Hcss,
    Bss,
    Ecs,
    /// Cloud Eye (monitoring): metric data of the servers.
    Ces,
}

impl Service {
    pub const ALL: [Service; 6] = [
        Service::Iam,
        Service::Rms,
        Service::Hcss,
        Service::Bss,
        Service::Ecs,
        Service::Ces,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Iam => "iam",
            Service::Rms => "rms",
            Service::Hcss => "hcss",
            Service::Bss => "bss",
            Service::Ecs => "ecs",
            Service::Ces => "ces",
        }
    }
}

impl FromStr for Service {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Service::ALL
            .into_iter()
            .find(|x| x.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| format!("unknown service '{s}': use iam, rms, hcss, bss, ecs or ces"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoints {
    pub site: Site,
    /// service -> base URL; `{region}` is replaced by the region.
    #[serde(default)]
    pub overrides: BTreeMap<Service, String>,
}

impl Endpoints {
    pub fn new(site: Site) -> Self {
        Endpoints {
            site,
            overrides: BTreeMap::new(),
        }
    }

    pub fn with_override(mut self, service: Service, url: impl Into<String>) -> Self {
        self.overrides
            .insert(service, url.into().trim_end_matches('/').to_string());
        self
    }

    /// Parses `SERVICE=URL`.
    pub fn parse_override(spec: &str) -> Result<(Service, String), String> {
        let (svc, url) = spec
            .split_once('=')
            .ok_or_else(|| format!("expected SERVICE=URL, got '{spec}'"))?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "endpoint URL must start with http:// or https://: '{url}'"
            ));
        }
        Ok((svc.parse()?, url.trim_end_matches('/').to_string()))
    }

    pub fn base(&self, service: Service, region: &str) -> String {
        if let Some(url) = self.overrides.get(&service) {
            return url.replace("{region}", region);
        }
        match (service, self.site) {
            (Service::Iam, Site::Cn) => "https://iam.myhuaweicloud.com".into(),
            // The SDK uses a regional IAM host for International-site credentials.
            (Service::Iam, Site::Intl) => "https://iam.ap-southeast-1.myhuaweicloud.com".into(),
            (Service::Rms, _) => "https://rms.myhuaweicloud.com".into(),
            (Service::Hcss, s) => format!("https://hcss.{}.myhuaweicloud.com", s.hcss_region()),
            (Service::Bss, Site::Cn) => "https://bss.myhuaweicloud.com".into(),
            (Service::Bss, Site::Intl) => "https://bss-intl.myhuaweicloud.com".into(),
            (Service::Ecs, _) => format!("https://ecs.{region}.myhuaweicloud.com"),
            (Service::Ces, _) => format!("https://ces.{region}.myhuaweicloud.com"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_hosts_differ_for_bss() {
        let cn = Endpoints::new(Site::Cn);
        let intl = Endpoints::new(Site::Intl);
        assert_eq!(cn.base(Service::Bss, "x"), "https://bss.myhuaweicloud.com");
        assert_eq!(
            intl.base(Service::Bss, "x"),
            "https://bss-intl.myhuaweicloud.com"
        );
        assert_eq!(
            intl.base(Service::Hcss, "x"),
            "https://hcss.ap-southeast-3.myhuaweicloud.com"
        );
        assert_eq!(
            cn.base(Service::Ecs, "cn-east-3"),
            "https://ecs.cn-east-3.myhuaweicloud.com"
        );
    }

    #[test]
    fn overrides_and_parsing() {
        let (s, u) = Endpoints::parse_override("ecs=http://127.0.0.1:9/{region}/").unwrap();
        let e = Endpoints::new(Site::Cn).with_override(s, u);
        assert_eq!(e.base(Service::Ecs, "r1"), "http://127.0.0.1:9/r1");
        assert!(Endpoints::parse_override("nope=http://x").is_err());
        assert!(Endpoints::parse_override("ecs=ftp://x").is_err());
        assert!(Endpoints::parse_override("ecs").is_err());
    }
}
