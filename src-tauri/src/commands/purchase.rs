//! Purchase: review (validation only, nothing sent), then one confirmed request,
//! then the order tracker (status, pay when pending).

use flexus_core::catalog::{Catalog, ImageChoice, SpecInfo};
use flexus_core::client::models::{
    order_status_text, CreateInstanceRequest, ExtraResource, ImageRef, Tag,
};
use serde::{Deserialize, Serialize};

use super::{require_confirmed, St};
use crate::error::{CmdError, CmdResult};

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

#[derive(Debug, Serialize)]
pub struct Review {
    pub request: CreateInstanceRequest,
    pub spec: SpecInfo,
    pub region_name: String,
}

pub fn build(site: flexus_core::Site, f: &PurchaseForm) -> CmdResult<Review> {
    let cat = Catalog::bundled();
    let region = cat.region(site, &f.region)?;
    let spec = match (&f.plan_spec, f.cpu, f.memory) {
        (Some(s), _, _) if !s.is_empty() => cat.check(site, &f.region, &f.image, s)?,
        (_, Some(c), Some(m)) => cat.auto_match(site, &f.region, &f.image, c, m)?,
        _ => {
            return Err(CmdError::new(
                "invalid_input",
                "plan_spec: choose a spec or a minimum vCPU and memory",
            ))
        }
    };
    let extras = ExtraResource::list(f.evs, f.cbr, f.hss);
    let image_ref = ImageRef::of(&f.image);
    let request = CreateInstanceRequest {
        instance_name: f.name.trim().to_string(),
        description: Some(f.description.clone()).filter(|d| !d.is_empty()),
        plan_spec: spec.code.clone(),
        image_ref: Some(image_ref),
        region: f.region.clone(),
        charging_mode: "prePaid".into(),
        period_type: f.period_type.clone(),
        period_num: f.period_num,
        purchase_quantity: f.quantity,
        is_auto_renew: f.auto_renew,
        is_auto_pay: f.auto_pay,
        extra_resources: extras,
        tags: f.tags.clone(),
    };
    flexus_core::validate::create_request(site, &request)?;
    Ok(Review {
        request,
        spec,
        region_name: region.name_en.clone(),
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn purchase_review(state: St<'_>, form: PurchaseForm) -> CmdResult<Review> {
    build(state.site_of(&state.active()), &form)
}

#[derive(Debug, Serialize)]
pub struct Purchased {
    pub journal_id: String,
    pub order_id: String,
    pub instance_ids: Vec<String>,
}

/// Sends exactly one purchase. `client_request_id` is created once per purchase
/// intent by the form, so a double click cannot buy twice.
#[tauri::command(rename_all = "snake_case")]
pub async fn purchase(
    state: St<'_>,
    form: PurchaseForm,
    client_request_id: String,
    confirmed: bool,
) -> CmdResult<Purchased> {
    require_confirmed(&state, confirmed)?;
    let l = state.lang();
    let profile = state.active();
    let review = build(state.site_of(&profile), &form)?;
    let c = state.client(&profile).await?;
    let actor = state.actor(&c, &profile);
    let d = actor
        .purchase(&review.request, &client_request_id)
        .await
        .map_err(|e| CmdError::from_action(l, &e))?;
    Ok(Purchased {
        journal_id: d.journal_id,
        order_id: d.result.order_id,
        instance_ids: d.result.instance_ids,
    })
}

#[derive(Debug, Serialize)]
pub struct OrderStatus {
    pub order_id: String,
    pub status: i64,
    pub text: String,
    pub amount: Option<f64>,
    pub currency: Option<String>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn order_status(state: St<'_>, order_id: String) -> CmdResult<OrderStatus> {
    let l = state.lang();
    flexus_core::validate::resource_id(&order_id)?;
    let c = state.client(&state.active()).await?;
    let d = c
        .order_details(&order_id)
        .await
        .map_err(|e| CmdError::from_api(l, &e))?;
    let st = d.order_info.status;
    let text = match (l, st) {
        (flexus_core::expiry::Lang::Zh, 3) => "处理中".into(),
        (flexus_core::expiry::Lang::Zh, 5) => "已完成".into(),
        (flexus_core::expiry::Lang::Zh, 6) => "待支付".into(),
        (flexus_core::expiry::Lang::Zh, 4) => "已取消".into(),
        _ => order_status_text(st).to_string(),
    };
    Ok(OrderStatus {
        order_id,
        status: st,
        text,
        amount: d
            .order_info
            .amount_after_discount
            .and_then(|a| f64::try_from(a).ok()),
        currency: d.order_info.currency,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn pay_order(state: St<'_>, order_id: String, confirmed: bool) -> CmdResult<()> {
    require_confirmed(&state, confirmed)?;
    let l = state.lang();
    let profile = state.active();
    let c = state.client(&profile).await?;
    state
        .actor(&c, &profile)
        .pay(&order_id)
        .await
        .map_err(|e| CmdError::from_action(l, &e))?;
    Ok(())
}
