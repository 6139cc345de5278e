// Over 400 lines on purpose: the look-ups over the transcribed appendix tables, and the tests that hold them to the documented examples.
//! The bundled Flexus L catalog: regions, images, versions and spec codes per region
//! group, transcribed from the appendix tables of both API references
//! (`data/catalog.json`, versioned). Huawei publishes no API to list them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::endpoints::Site;

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Region {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
    pub group: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct SpecDetail {
    pub vcpus: u32,
    pub memory_gib: f64,
    pub disk_gib: u32,
    pub bandwidth_mbps: u32,
    pub traffic_gb: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum SpecRef {
    Code(String),
    Limited {
        code: String,
        #[serde(default)]
        regions: Option<Vec<String>>,
        #[serde(default)]
        versions: Option<Vec<String>>,
        #[serde(default)]
        not_versions: Option<Vec<String>>,
    },
}

impl SpecRef {
    fn code(&self) -> &str {
        match self {
            SpecRef::Code(c) | SpecRef::Limited { code: c, .. } => c,
        }
    }
    fn allows(&self, region: &str, version: &str) -> bool {
        match self {
            SpecRef::Code(_) => true,
            SpecRef::Limited {
                regions,
                versions,
                not_versions,
                ..
            } => {
                regions
                    .as_ref()
                    .is_none_or(|r| r.iter().any(|x| x == region))
                    && versions
                        .as_ref()
                        .is_none_or(|v| v.iter().any(|x| x == version))
                    && not_versions
                        .as_ref()
                        .is_none_or(|v| !v.iter().any(|x| x == version))
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
struct ImageEntry {
    name: String,
    kind: String,
    #[serde(default)]
    os_type: Option<String>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    versions_by_group: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    version_not_in_regions: BTreeMap<String, Vec<String>>,
    specs: BTreeMap<String, Vec<SpecRef>>,
}

impl ImageEntry {
    fn versions_in(&self, region: &Region) -> Vec<String> {
        let base = self
            .versions_by_group
            .get(&region.group)
            .unwrap_or(&self.versions);
        base.iter()
            .filter(|v| {
                self.version_not_in_regions
                    .get(*v)
                    .is_none_or(|rs| !rs.iter().any(|r| r == &region.id))
            })
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
struct SiteData {
    regions: Vec<Region>,
    images: Vec<ImageEntry>,
    private: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    specs: BTreeMap<String, BTreeMap<String, SpecDetail>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub version: String,
    sites: BTreeMap<String, SiteData>,
}

/// What the purchase form and `show-images` list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageInfo {
    pub name: String,
    /// `app` or `os`.
    pub kind: String,
    pub os_type: String,
    pub versions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpecInfo {
    pub code: String,
    #[serde(flatten)]
    pub detail: SpecDetail,
}

/// The image part of a purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ImageChoice {
    Public { name: String, version: String },
    Private { image_id: String, windows: bool },
}

crate::message_keys! {
/// A purchase the catalog does not allow (text: `messages`).
#[derive(Debug, PartialEq)]
pub enum CatalogError {
    UnknownRegion(String),
    UnknownImage(String, String),
    UnknownVersion {
        image: String,
        version: String,
        region: String,
        allowed: String,
    },
    SpecNotAllowed {
        spec: String,
        region: String,
        allowed: String,
    },
    NoMatch {
        cpu: u32,
        memory: f64,
        region: String,
    },
}
}

static BUNDLED: OnceLock<Catalog> = OnceLock::new();

impl Catalog {
    pub fn bundled() -> &'static Catalog {
        BUNDLED.get_or_init(|| {
            serde_json::from_str(include_str!("../data/catalog.json"))
                .expect("bundled catalog.json is valid (checked by tests)")
        })
    }

    fn site(&self, site: Site) -> &SiteData {
        // Both sites are present in the bundled data (tested).
        &self.sites[site.as_str()]
    }

    pub fn regions(&self, site: Site) -> &[Region] {
        &self.site(site).regions
    }

    pub fn region(&self, site: Site, id: &str) -> Result<&Region, CatalogError> {
        self.regions(site)
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| CatalogError::UnknownRegion(id.to_string()))
    }

    pub fn images(&self, site: Site, region: &str) -> Result<Vec<ImageInfo>, CatalogError> {
        let r = self.region(site, region)?;
        Ok(self
            .site(site)
            .images
            .iter()
            .filter(|i| i.specs.get(&r.group).is_some_and(|s| !s.is_empty()))
            .map(|i| ImageInfo {
                name: i.name.clone(),
                kind: i.kind.clone(),
                os_type: i.os_type.clone().unwrap_or_else(|| "linux".into()),
                versions: i.versions_in(r),
            })
            .filter(|i| !i.versions.is_empty())
            .collect())
    }

    fn detail(&self, site: Site, group: &str, code: &str) -> Option<SpecDetail> {
        self.site(site).specs.get(group)?.get(code).cloned()
    }

    /// The spec codes allowed for an image in a region, smallest first.
    pub fn specs_for(
        &self,
        site: Site,
        region: &str,
        image: &ImageChoice,
    ) -> Result<Vec<SpecInfo>, CatalogError> {
        let r = self.region(site, region)?;
        let codes: Vec<String> = match image {
            ImageChoice::Private { windows, .. } => {
                let os = if *windows { "windows" } else { "linux" };
                self.site(site)
                    .private
                    .get(&r.group)
                    .and_then(|m| m.get(os))
                    .cloned()
                    .unwrap_or_default()
            }
            ImageChoice::Public { name, version } => {
                let entry = self
                    .site(site)
                    .images
                    .iter()
                    .find(|i| i.name.eq_ignore_ascii_case(name))
                    .ok_or_else(|| CatalogError::UnknownImage(name.clone(), region.into()))?;
                let versions = entry.versions_in(r);
                if !versions.iter().any(|v| v == version) {
                    return Err(CatalogError::UnknownVersion {
                        image: entry.name.clone(),
                        version: version.clone(),
                        region: region.into(),
                        allowed: versions.join(", "),
                    });
                }
                entry
                    .specs
                    .get(&r.group)
                    .ok_or_else(|| CatalogError::UnknownImage(name.clone(), region.into()))?
                    .iter()
                    .filter(|s| s.allows(region, version))
                    .map(|s| s.code().to_string())
                    .collect()
            }
        };
        let mut out: Vec<SpecInfo> = codes
            .into_iter()
            .filter_map(|c| {
                self.detail(site, &r.group, &c)
                    .map(|d| SpecInfo { code: c, detail: d })
            })
            .collect();
        out.sort_by(|a, b| {
            (
                a.detail.vcpus,
                a.detail.memory_gib,
                a.detail.disk_gib,
                a.detail.traffic_gb,
            )
                .partial_cmp(&(
                    b.detail.vcpus,
                    b.detail.memory_gib,
                    b.detail.disk_gib,
                    b.detail.traffic_gb,
                ))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(out)
    }

    /// Checks image × version × spec × region; returns the spec's details.
    pub fn check(
        &self,
        site: Site,
        region: &str,
        image: &ImageChoice,
        spec: &str,
    ) -> Result<SpecInfo, CatalogError> {
        let specs = self.specs_for(site, region, image)?;
        specs
            .iter()
            .find(|s| s.code == spec)
            .cloned()
            .ok_or_else(|| CatalogError::SpecNotAllowed {
                spec: spec.into(),
                region: region.into(),
                allowed: specs
                    .iter()
                    .map(|s| s.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Smallest allowed spec with at least `cpu` vCPUs and `memory` GiB (the skill's auto-match).
    pub fn auto_match(
        &self,
        site: Site,
        region: &str,
        image: &ImageChoice,
        cpu: u32,
        memory: f64,
    ) -> Result<SpecInfo, CatalogError> {
        self.specs_for(site, region, image)?
            .into_iter()
            .find(|s| s.detail.vcpus >= cpu && s.detail.memory_gib >= memory)
            .ok_or(CatalogError::NoMatch {
                cpu,
                memory,
                region: region.into(),
            })
    }

    /// Spec details for any code in a region (for the dashboard).
    pub fn spec_detail(&self, site: Site, region: &str, code: &str) -> Option<SpecDetail> {
        let r = self.region(site, region).ok()?;
        self.detail(site, &r.group, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(n: &str, v: &str) -> ImageChoice {
        ImageChoice::Public {
            name: n.into(),
            version: v.into(),
        }
    }

    #[test]
    fn every_listed_code_has_details() {
        let c = Catalog::bundled();
        for site in [Site::Cn, Site::Intl] {
            for r in c.regions(site) {
                for img in c.images(site, &r.id).unwrap() {
                    for v in &img.versions {
                        let specs = c.specs_for(site, &r.id, &public(&img.name, v)).unwrap();
                        assert!(!specs.is_empty(), "{site} {} {} {v}", r.id, img.name);
                    }
                }
            }
        }
    }

    #[test]
    fn documented_examples_pass_the_check() {
        let c = Catalog::bundled();
        // Intl doc example: BT 6.8.35, hf.large.1.30m.linux in AP-Singapore.
        let s = c
            .check(
                Site::Intl,
                "ap-southeast-3",
                &public("BT", "6.8.35"),
                "hf.large.1.30m.linux",
            )
            .unwrap();
        assert_eq!((s.detail.vcpus, s.detail.traffic_gb), (2, 3072));
        // China doc example: hf.large.1.40g.30m.win with Windows in Singapore.
        c.check(
            Site::Cn,
            "ap-southeast-3",
            &public("WindowsServer", "2012R2_standard_ch"),
            "hf.large.1.40g.30m.win",
        )
        .unwrap();
        // Guiyang1 uses ahf.* codes only.
        assert!(c
            .check(
                Site::Cn,
                "cn-southwest-2",
                &public("Ubuntu", "22.04"),
                "hf.small.1.linux"
            )
            .is_err());
        c.check(
            Site::Cn,
            "cn-southwest-2",
            &public("Ubuntu", "22.04"),
            "ahf.small.1.linux",
        )
        .unwrap();
    }

    #[test]
    fn restrictions_by_region_and_version() {
        let c = Catalog::bundled();
        let tiny = "hf.large.025.30m.linux";
        assert!(c
            .check(Site::Intl, "ap-southeast-1", &public("CentOS", "7.6"), tiny)
            .is_ok());
        assert!(c
            .check(Site::Intl, "ap-southeast-1", &public("CentOS", "7.9"), tiny)
            .is_err());
        assert!(c
            .check(Site::Intl, "ap-southeast-2", &public("CentOS", "7.6"), tiny)
            .is_err());
        assert!(matches!(
            c.check(
                Site::Intl,
                "tr-west-1",
                &public("CentOS", "8.2"),
                "hf.large.1.30m.linux"
            ),
            Err(CatalogError::UnknownVersion { .. })
        ));
        assert!(c
            .check(
                Site::Cn,
                "cn-north-4",
                &public("Ubuntu", "16.04"),
                "ahf.large.1.40g.2m.linux"
            )
            .is_err());
        assert!(c
            .check(
                Site::Cn,
                "cn-north-4",
                &public("Ubuntu", "22.04"),
                "ahf.large.1.40g.2m.linux"
            )
            .is_ok());
        assert!(c
            .images(Site::Cn, "cn-southwest-2")
            .unwrap()
            .iter()
            .all(|i| i.name != "CentOS_Stream"));
        assert!(matches!(
            c.region(Site::Intl, "cn-north-4"),
            Err(CatalogError::UnknownRegion(_))
        ));
    }

    #[test]
    fn auto_match_picks_the_smallest_fit() {
        let c = Catalog::bundled();
        let s = c
            .auto_match(Site::Cn, "cn-north-4", &public("Ubuntu", "22.04"), 2, 4.0)
            .unwrap();
        assert_eq!(s.code, "hf.large.2.3m.linux");
        let s = c
            .auto_match(
                Site::Intl,
                "ap-southeast-3",
                &public("WordPress", "6.4"),
                4,
                16.0,
            )
            .unwrap();
        assert_eq!(s.code, "hf.xlarge.4.30m.linux");
        assert!(c
            .auto_match(
                Site::Intl,
                "ap-southeast-3",
                &public("WordPress", "6.4"),
                8,
                1.0
            )
            .is_err());
        let p = ImageChoice::Private {
            image_id: "x".into(),
            windows: true,
        };
        assert_eq!(c.specs_for(Site::Intl, "me-east-1", &p).unwrap().len(), 5);
    }
}
