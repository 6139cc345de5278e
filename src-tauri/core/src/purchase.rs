//! The purchase form → the HCSS create request, once for the app's buy form and the
//! CLI's `create-instance`: the spec chosen (named, or the smallest that fits a
//! minimum vCPU and memory), the image reference, the extras, and every field
//! checked before anything is shown for confirmation.

use serde::Deserialize;
use thiserror::Error;

use crate::catalog::{Catalog, CatalogError, ImageChoice, SpecInfo};
use crate::client::models::{CreateInstanceRequest, ExtraResource, ImageRef, Tag};
use crate::endpoints::Site;
use crate::keys::{Field, Lang, Why};
use crate::validate::{self, Invalid};

#[derive(Debug, Clone, Deserialize)]
pub struct PurchaseForm {
    pub region: String,
    pub image: ImageChoice,
    #[serde(default)]
    pub plan_spec: Option<String>,
    #[serde(default)]
    pub cpu: Option<u32>,
    #[serde(default)]
    pub memory: Option<f64>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub period_type: String,
    pub period_num: i64,
    pub quantity: i64,
    #[serde(default)]
    pub evs: Option<i64>,
    #[serde(default)]
    pub cbr: Option<i64>,
    #[serde(default)]
    pub hss: bool,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub auto_renew: bool,
    #[serde(default)]
    pub auto_pay: bool,
}

/// A form the catalog or the input rules refuse.
#[derive(Debug, Error, PartialEq)]
pub enum FormError {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl FormError {
    /// The user's sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            FormError::Catalog(e) => e.text(lang),
            FormError::Invalid(e) => e.text(lang),
        }
    }
}

/// The spec: the one named (checked against the image and region), else the
/// smallest with at least `cpu` vCPU and `memory` GiB.
pub fn choose_spec(site: Site, f: &PurchaseForm) -> Result<SpecInfo, FormError> {
    let cat = Catalog::bundled();
    Ok(match (&f.plan_spec, f.cpu, f.memory) {
        (Some(s), _, _) if !s.is_empty() => cat.check(site, &f.region, &f.image, s)?,
        (_, Some(c), Some(m)) => cat.auto_match(site, &f.region, &f.image, c, m)?,
        _ => return Err(Invalid::new(Field::PlanSpec, Why::ChooseSpec).into()),
    })
}

/// The checked create request for the form, with the spec it names.
pub fn request(
    site: Site,
    f: &PurchaseForm,
) -> Result<(CreateInstanceRequest, SpecInfo), FormError> {
    let spec = choose_spec(site, f)?;
    let request = CreateInstanceRequest {
        instance_name: f.name.trim().to_string(),
        description: Some(f.description.clone()).filter(|d| !d.is_empty()),
        plan_spec: spec.code.clone(),
        image_ref: Some(ImageRef::of(&f.image)),
        region: f.region.clone(),
        charging_mode: "prePaid".into(),
        period_type: f.period_type.clone(),
        period_num: f.period_num,
        purchase_quantity: f.quantity,
        is_auto_renew: f.auto_renew,
        is_auto_pay: f.auto_pay,
        extra_resources: ExtraResource::list(f.evs, f.cbr, f.hss),
        tags: f.tags.clone(),
    };
    validate::create_request(site, &request)?;
    Ok((request, spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> PurchaseForm {
        PurchaseForm {
            region: "ap-southeast-3".into(),
            image: ImageChoice::Public {
                name: "Ubuntu".into(),
                version: "22.04".into(),
            },
            plan_spec: None,
            cpu: Some(2),
            memory: Some(2.0),
            name: " shop ".into(),
            description: String::new(),
            period_type: "month".into(),
            period_num: 1,
            quantity: 1,
            evs: Some(20),
            cbr: None,
            hss: true,
            tags: vec![],
            auto_renew: false,
            auto_pay: false,
        }
    }

    #[test]
    fn the_form_becomes_one_checked_request() {
        let (r, spec) = request(Site::Intl, &form()).unwrap();
        assert_eq!(r.instance_name, "shop");
        assert_eq!(r.description, None);
        assert_eq!(r.plan_spec, spec.code);
        assert!(spec.detail.vcpus >= 2 && spec.detail.memory_gib >= 2.0);
        assert_eq!(r.charging_mode, "prePaid");
        let kinds: Vec<&str> = r.extra_resources.iter().map(|e| e.type_.as_str()).collect();
        assert_eq!(kinds, ["evs", "hss"]);
        // The named spec is used as named.
        let mut named = form();
        named.plan_spec = Some(spec.code.clone());
        named.cpu = None;
        assert_eq!(request(Site::Intl, &named).unwrap().1, spec);
    }

    #[test]
    fn a_form_without_a_spec_or_with_bad_fields_is_refused_in_both_languages() {
        let mut f = form();
        f.cpu = None;
        let e = request(Site::Intl, &f).unwrap_err();
        assert!(
            e.text(Lang::En).contains("choose a spec"),
            "{}",
            e.text(Lang::En)
        );
        assert!(e.text(Lang::Zh).contains("规格"), "{}", e.text(Lang::Zh));
        let mut f = form();
        f.name = "1shop".into();
        assert!(matches!(
            request(Site::Intl, &f),
            Err(FormError::Invalid(_))
        ));
        let mut f = form();
        f.region = "xx-nowhere-1".into();
        assert!(matches!(
            request(Site::Intl, &f),
            Err(FormError::Catalog(_))
        ));
    }
}
