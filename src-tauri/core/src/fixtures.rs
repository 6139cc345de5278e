//! Requests the tests of several crates share (compiled for tests, and for other
//! crates' tests through the `fixtures` feature; never in a release build).

use crate::client::models::{CreateInstanceRequest, ImageRef};

/// A valid purchase of one 2 vCPU Ubuntu instance in Singapore (the catalog's plan).
pub fn purchase_req(name: &str, auto_pay: bool) -> CreateInstanceRequest {
    CreateInstanceRequest {
        instance_name: name.into(),
        description: Some("test".into()),
        plan_spec: "hf.large.05.30m.linux".into(),
        image_ref: Some(ImageRef {
            image_name: Some("Ubuntu".into()),
            image_version: Some("22.04".into()),
            image_id: None,
        }),
        region: "ap-southeast-3".into(),
        charging_mode: "prePaid".into(),
        period_type: "month".into(),
        period_num: 1,
        purchase_quantity: 1,
        is_auto_renew: false,
        is_auto_pay: auto_pay,
        extra_resources: vec![],
        tags: vec![],
    }
}
