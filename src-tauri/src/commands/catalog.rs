//! The bundled catalog for the purchase form.

use flexus_core::catalog::{Catalog, ImageChoice, ImageInfo, Region, SpecInfo};
use serde::Serialize;

use super::St;
use crate::error::CmdResult;

#[derive(Debug, Serialize)]
pub struct CatalogView {
    pub version: String,
    pub regions: Vec<Region>,
    pub images: Vec<ImageInfo>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn catalog(state: St<'_>, region: Option<String>) -> CmdResult<CatalogView> {
    let site = state.settings.site_of(&state.settings.active());
    let c = Catalog::bundled();
    let regions = c.regions(site).to_vec();
    let region = region.unwrap_or_else(|| regions[0].id.clone());
    Ok(CatalogView {
        version: c.version.clone(),
        images: c.images(site, &region)?,
        regions,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn catalog_specs(
    state: St<'_>,
    region: String,
    image: ImageChoice,
) -> CmdResult<Vec<SpecInfo>> {
    let site = state.settings.site_of(&state.settings.active());
    Ok(Catalog::bundled().specs_for(site, &region, &image)?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn auto_match(
    state: St<'_>,
    region: String,
    image: ImageChoice,
    cpu: u32,
    memory: f64,
) -> CmdResult<SpecInfo> {
    let site = state.settings.site_of(&state.settings.active());
    Ok(Catalog::bundled().auto_match(site, &region, &image, cpu, memory)?)
}
