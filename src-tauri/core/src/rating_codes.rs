//! Rating codes learned from real orders. There is no published rating code for
//! Flexus L, so a new purchase cannot be priced up front; but once an order for a
//! plan exists, BSS itself names what it billed (line items: `product_id`,
//! `commercial_resource`; the order's resources: service type, resource type and
//! spec codes). Those codes, per (site, region, plan spec, period type), allow a
//! price inquiry for the same plan later. Nothing here is ever guessed: no learned
//! codes, no estimate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::client::bss::PeriodType;
use crate::client::models::{
    Decimal, OrderDetailsResponse, OrderInstance, PeriodProduct, SubscribeRateResponse,
};
use crate::client::CloudClient;
use crate::error::ApiError;
use crate::journal::Journal;
use crate::Site;

/// The file in the app data folder.
pub const FILE: &str = "rating-codes.json";

/// What one plan is billed as, in BSS's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Learned {
    pub cloud_service_type: String,
    pub resource_type: String,
    pub resource_spec: String,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub commercial_resource: Option<String>,
    /// The order the codes were read from (evidence, shown nowhere).
    pub order_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'a> {
    pub site: Site,
    pub region: &'a str,
    pub plan_spec: &'a str,
    pub period_type: PeriodType,
}

impl Key<'_> {
    fn text(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.site.as_str(),
            self.region,
            self.plan_spec,
            self.period_type.as_str()
        )
    }
}

/// The learned codes, one file, replaced atomically (0600).
#[derive(Debug)]
pub struct CodeStore {
    path: PathBuf,
    codes: BTreeMap<String, Learned>,
}

impl CodeStore {
    /// A missing or unreadable file is an empty store: it only ever costs an estimate.
    pub fn load(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let codes = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        CodeStore { path, codes }
    }

    pub fn in_dir(dir: &Path) -> Self {
        Self::load(dir.join(FILE))
    }

    pub fn get(&self, key: &Key) -> Option<&Learned> {
        self.codes.get(&key.text())
    }

    /// Records the codes for `key`; written only when they changed.
    pub fn record(&mut self, key: &Key, learned: Learned) -> std::io::Result<()> {
        let k = key.text();
        if self.codes.get(&k) == Some(&learned) {
            return Ok(());
        }
        self.codes.insert(k, learned);
        let bytes = serde_json::to_vec_pretty(&self.codes).map_err(std::io::Error::other)?;
        crate::paths::write_atomic(&self.path, &bytes)
    }
}

/// The codes of an order's main instance: its resource record names the service
/// type, resource type and spec; the line item with the same product adds its
/// product codes. None unless all three codes are there.
pub fn learn(
    order_id: &str,
    details: &OrderDetailsResponse,
    res: &[OrderInstance],
) -> Option<Learned> {
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let main = res.iter().find(|r| {
        r.is_main_resource == Some(1)
            && nonempty(&r.service_type_code).is_some()
            && nonempty(&r.resource_type_code).is_some()
            && nonempty(&r.resource_spec_code).is_some()
    })?;
    let product = main.product_id.clone().filter(|p| !p.is_empty());
    let item = details.order_line_items.iter().find(|li| {
        let pid = li
            .base_product_info
            .as_ref()
            .and_then(|b| b.product_id.clone())
            .or_else(|| li.product_id.clone());
        product.is_some() && pid == product
            || li.service_type_code == main.service_type_code && product.is_none()
    });
    let base = item.and_then(|li| li.base_product_info.clone());
    Some(Learned {
        cloud_service_type: nonempty(&main.service_type_code)?,
        resource_type: nonempty(&main.resource_type_code)?,
        resource_spec: nonempty(&main.resource_spec_code)?,
        product_id: product.or_else(|| base.as_ref().and_then(|b| b.product_id.clone())),
        commercial_resource: base
            .and_then(|b| b.commercial_resource)
            .or_else(|| item.and_then(|li| li.commercial_resource.clone())),
        order_id: order_id.to_string(),
    })
}

/// After an order's details were read: when it is a completed purchase this app
/// journaled, learns its codes for the plan, region and period it asked for.
/// Best effort (an estimate is a convenience): returns whether codes were recorded.
pub async fn learn_from_order(
    c: &CloudClient,
    journal: &Journal,
    dir: &Path,
    site: Site,
    order_id: &str,
    details: &OrderDetailsResponse,
) -> Result<bool, ApiError> {
    // 5 = completed: only then do the order's resources exist.
    if details.order_info.status != 5 {
        return Ok(false);
    }
    let entries = journal.entries().unwrap_or_default();
    let Some(req) = entries.iter().rev().find_map(|e| {
        if !e.order_ids.iter().any(|o| o == order_id) {
            return None;
        }
        match e.paid()? {
            crate::actions::PaidAction::Purchase(p) => Some(p.request),
            _ => None,
        }
    }) else {
        return Ok(false);
    };
    let Some(period) = PeriodType::parse(&req.period_type) else {
        return Ok(false);
    };
    let res = c.resources_of_order(order_id).await?;
    let Some(learned) = learn(order_id, details, &res) else {
        return Ok(false);
    };
    let key = Key {
        site,
        region: &req.region,
        plan_spec: &req.plan_spec,
        period_type: period,
    };
    // Read-modify-write of one small file, serialised within the process.
    static WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _g = WRITE.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = CodeStore::in_dir(dir);
    // A file that cannot be written costs only a later estimate.
    Ok(s.record(&key, learned).is_ok())
}

/// A price for a plan, from BSS's subscribe-rate with learned codes.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// For display; the exact amount is `amount_exact`.
    pub amount: f64,
    #[serde(skip)]
    pub amount_exact: Decimal,
    pub currency: Option<String>,
    /// The order the codes came from.
    pub learned_from: String,
}

/// Asks BSS for the price of `quantity` instances of the plan for `period_num`
/// periods. `Ok(None)` when no codes were learned for exactly this key.
pub async fn estimate(
    c: &CloudClient,
    learned: Option<Learned>,
    key: &Key<'_>,
    period_num: i64,
    quantity: i64,
) -> Result<Option<Estimate>, ApiError> {
    let Some(l) = learned else {
        return Ok(None);
    };
    let project = c.project_id(key.region).await?;
    let product = PeriodProduct {
        id: "1".into(),
        cloud_service_type: l.cloud_service_type,
        resource_type: l.resource_type,
        resource_spec: l.resource_spec,
        region: key.region.to_string(),
        period_type: key.period_type.bss_code(),
        period_num,
        subscription_num: quantity,
    };
    let r: SubscribeRateResponse = c.subscribe_price(&project, &[product]).await?;
    // The list price; a missing one is no estimate, never 0.00.
    let Some(amount) = r.official_amount() else {
        return Ok(None);
    };
    Ok(Some(Estimate {
        amount: crate::actions::quote::money(amount),
        amount_exact: amount,
        currency: r.currency,
        learned_from: l.order_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::models::{BaseProductInfo, OrderLineItem};

    fn res(main: i64, spec: Option<&str>) -> OrderInstance {
        serde_json::from_value(serde_json::json!({
            "resource_id": "i-1", "is_main_resource": main,
            "service_type_code": "hws.service.type.hcss",
            "resource_type_code": "hws.resource.type.hecsfusion",
            "resource_spec_code": spec, "product_id": "P1"
        }))
        .unwrap()
    }

    fn details() -> OrderDetailsResponse {
        OrderDetailsResponse {
            order_line_items: vec![OrderLineItem {
                service_type_code: Some("hws.service.type.hcss".into()),
                base_product_info: Some(BaseProductInfo {
                    product_id: Some("P1".into()),
                    commercial_resource: Some("hws.resource.type.hecsfusion".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    struct TempDir(PathBuf);
    impl TempDir {
        fn new() -> Self {
            let d = std::env::temp_dir().join(format!("flexus-codes-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&d).unwrap();
            TempDir(d)
        }
        fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn key(spec: &str) -> Key<'_> {
        Key {
            site: Site::Cn,
            region: "cn-north-4",
            plan_spec: spec,
            period_type: PeriodType::Month,
        }
    }

    #[test]
    fn learns_only_complete_codes_of_the_main_resource() {
        let l = learn(
            "O1",
            &details(),
            &[res(0, Some("x")), res(1, Some("spec-a"))],
        )
        .unwrap();
        assert_eq!(l.resource_spec, "spec-a");
        assert_eq!(l.product_id.as_deref(), Some("P1"));
        assert_eq!(
            l.commercial_resource.as_deref(),
            Some("hws.resource.type.hecsfusion")
        );
        // No main resource, or one without a spec code: nothing is guessed.
        assert!(learn("O1", &details(), &[res(0, Some("x"))]).is_none());
        assert!(learn("O1", &details(), &[res(1, None)]).is_none());
        assert!(learn("O1", &details(), &[res(1, Some(" "))]).is_none());
        assert!(learn("O1", &details(), &[]).is_none());
    }

    #[test]
    fn store_is_keyed_exactly_and_survives_reload_with_private_mode() {
        let dir = TempDir::new();
        let l = learn("O1", &details(), &[res(1, Some("spec-a"))]).unwrap();
        let mut s = CodeStore::in_dir(dir.path());
        assert!(s.get(&key("spec-a")).is_none());
        s.record(&key("spec-a"), l.clone()).unwrap();
        let s = CodeStore::in_dir(dir.path());
        assert_eq!(s.get(&key("spec-a")), Some(&l));
        assert!(s.get(&key("spec-b")).is_none());
        let mut other = key("spec-a");
        other.region = "cn-south-1";
        assert!(s.get(&other).is_none());
        other = key("spec-a");
        other.period_type = PeriodType::Year;
        assert!(s.get(&other).is_none());
        other = key("spec-a");
        other.site = Site::Intl;
        assert!(s.get(&other).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(dir.path().join(FILE)).unwrap();
            assert_eq!(m.permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_file_is_an_empty_store_and_is_replaced_whole() {
        let dir = TempDir::new();
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        let mut s = CodeStore::in_dir(dir.path());
        assert!(s.get(&key("spec-a")).is_none());
        let l = learn("O1", &details(), &[res(1, Some("spec-a"))]).unwrap();
        s.record(&key("spec-a"), l.clone()).unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(FILE)).unwrap()).unwrap();
        assert_eq!(v["cn|cn-north-4|spec-a|month"]["resource_spec"], "spec-a");
        // No temp files left behind by the atomic write.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
