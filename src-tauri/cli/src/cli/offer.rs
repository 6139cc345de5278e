//! What the bundled catalog offers: `show-regions`, `show-images`, `show-specs`.

use serde_json::json;

use super::args::Global;
use super::shared::{out, Fail};
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::endpoints::Site;

pub fn show_regions(g: &Global) -> Result<(), Fail> {
    let cat = Catalog::bundled();
    let r = cat.regions(g.site);
    out(g, json!(r), || {
        r.iter()
            .map(|r| format!("{:<16} {} / {}", r.id, r.name_en, r.name_zh))
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub fn show_images(g: &Global, region: &str) -> Result<(), Fail> {
    let cat = Catalog::bundled();
    let imgs = cat
        .images(g.site, region)
        .map_err(|e| Fail(2, e.to_string()))?;
    out(g, json!(imgs), || {
        let mut s: Vec<String> = imgs
            .iter()
            .map(|i| format!("{:<22} {:<4} {}", i.name, i.kind, i.versions.join(", ")))
            .collect();
        s.push(spec_note());
        s.join("\n")
    });
    Ok(())
}

pub fn show_specs(g: &Global, region: &str, image: &str) -> Result<(), Fail> {
    let cat = Catalog::bundled();
    let img = parse_image(image, g.site, region)?;
    let specs = cat
        .specs_for(g.site, region, &img)
        .map_err(|e| Fail(2, e.to_string()))?;
    out(g, json!(specs), || {
        let mut s: Vec<String> = specs
            .iter()
            .map(|s| {
                format!(
                    "{:<28} {} vCPU  {:>4} GiB  disk {:>3} GiB  {:>3} Mbit/s  {:>5} GB/month",
                    s.code,
                    s.detail.vcpus,
                    s.detail.memory_gib,
                    s.detail.disk_gib,
                    s.detail.bandwidth_mbps,
                    s.detail.traffic_gb
                )
            })
            .collect();
        s.push(spec_note());
        s.join("\n")
    });
    Ok(())
}

pub fn parse_image(s: &str, site: Site, region: &str) -> Result<ImageChoice, Fail> {
    let (name, version) = match s.split_once(':') {
        Some((n, v)) => (n.to_string(), Some(v.to_string())),
        None => (s.to_string(), None),
    };
    let version = match version {
        Some(v) => v,
        None => Catalog::bundled()
            .images(site, region)
            .map_err(|e| Fail(2, e.to_string()))?
            .into_iter()
            .find(|i| i.name.eq_ignore_ascii_case(&name))
            .and_then(|i| i.versions.first().cloned())
            .ok_or_else(|| Fail(2, format!("image {name} is not offered in {region}")))?,
    };
    Ok(ImageChoice::Public { name, version })
}

pub fn spec_note() -> String {
    "Note: spec codes vary by region and image version; see Appendix 1 and 2 of https://support.huaweicloud.com/api-flexusl/create_instance_0001.html".into()
}
