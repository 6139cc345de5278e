//! Orders as the real BSS shapes them, through the client against the simulator:
//! line items paged 10 at a time, orders newest first, per-resource refusals inside an
//! HTTP 200, cancelling an unpaid order, the payment deadline and the gateway's clock.

mod common;

use common::*;
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::client::bss::PeriodType;
use flexus_core::client::models::{CreateInstanceRequest, ImageRef};
use flexus_core::{ApiError, CloudClient, Site};
use flexus_sim::Seed;

fn order(name: &str, qty: i64, auto_pay: bool) -> CreateInstanceRequest {
    let region = "ap-southeast-3";
    let cat = Catalog::bundled();
    let img = cat
        .images(Site::Intl, region)
        .unwrap()
        .into_iter()
        .find(|m| m.os_type.eq_ignore_ascii_case("linux"))
        .unwrap();
    let choice = ImageChoice::Public {
        name: img.name.clone(),
        version: img.versions[0].clone(),
    };
    CreateInstanceRequest {
        instance_name: name.into(),
        description: None,
        plan_spec: cat.specs_for(Site::Intl, region, &choice).unwrap()[0]
            .code
            .clone(),
        image_ref: Some(ImageRef::of(&choice)),
        region: region.into(),
        charging_mode: "prePaid".into(),
        period_type: "month".into(),
        period_num: 1,
        purchase_quantity: qty,
        is_auto_renew: false,
        is_auto_pay: auto_pay,
        extra_resources: vec![],
        tags: vec![],
    }
}

async fn buy(c: &CloudClient, name: &str, qty: i64, auto_pay: bool) -> String {
    c.create_instances(
        &order(name, qty, auto_pay),
        &uuid::Uuid::new_v4().to_string(),
    )
    .await
    .unwrap()
    .order_id
}

#[tokio::test]
async fn order_line_items_are_paged_and_described() {
    let sim = start(Seed::Empty).await;
    sim.sim.set_balance(Site::Intl, 10_000.0);
    let c = intl(&sim);
    let oid = buy(&c, "many", 12, true).await;
    let d = c.order_details(&oid).await.unwrap();
    assert_eq!(d.total_count, 12);
    assert_eq!(d.order_line_items.len(), 12, "all pages read (10 + 2)");
    let ids: std::collections::BTreeSet<_> = d
        .order_line_items
        .iter()
        .map(|l| l.order_line_item_id.clone())
        .collect();
    assert_eq!(ids.len(), 12, "no line item twice");
    // Two pages were asked for.
    assert_eq!(
        sim.sim
            .count_matching("bss GET /v2/orders/customer-orders/details"),
        2
    );
    let li = &d.order_line_items[0];
    let desc = li.product_spec_desc.clone().unwrap();
    assert!(
        desc.contains('|') && !desc.contains(&order("x", 1, true).plan_spec),
        "a description, not the plan code: {desc}"
    );
    assert!(li.base_product_info.is_some() && li.commercial_resource.is_some());
    // The resources the order created are the evidence, with their spec codes.
    let res = c.resources_of_order(&oid).await.unwrap();
    let main: Vec<_> = res
        .iter()
        .filter(|r| r.is_main_resource == Some(1))
        .collect();
    assert_eq!(main.len(), 12);
    assert!(main
        .iter()
        .all(|r| r.resource_spec_code.as_deref() == Some(order("x", 1, true).plan_spec.as_str())));
}

#[tokio::test]
async fn orders_come_newest_first() {
    let sim = start(Seed::Empty).await;
    sim.sim.set_balance(Site::Intl, 10_000.0);
    let c = intl(&sim);
    let mut made = vec![];
    for n in ["first", "second", "third"] {
        made.push(buy(&c, n, 1, true).await);
        sim.sim.advance(time::Duration::minutes(1));
    }
    let list = c
        .list_orders("2020-01-01T00:00:00Z", Some(1))
        .await
        .unwrap();
    let got: Vec<_> = list.iter().map(|o| o.order_id.clone()).collect();
    made.reverse();
    assert_eq!(got, made);
}

#[tokio::test]
async fn per_resource_refusals_inside_a_200_are_a_partial_failure() {
    let sim = start(Seed::Demo).await;
    sim.sim.set_balance(Site::Intl, 10_000.0);
    let c = intl(&sim);
    let good = c.list_instances(None).await.unwrap()[0].id.clone();
    let gone = "000000000000000000000000".to_string();
    let before = sim.sim.state()["orders"].as_array().unwrap().len();
    let e = c
        .renew(&[good.clone(), gone.clone()], PeriodType::Month, 1, true)
        .await
        .unwrap_err();
    match &e {
        ApiError::PartialFailure {
            order_ids,
            failures,
        } => {
            assert_eq!(order_ids.len(), 1, "the good resource was renewed");
            assert_eq!(failures.len(), 1);
            assert_eq!(failures[0].resource_id, gone);
            assert_eq!(failures[0].error_code, "CBC.99003016");
        }
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.contains(&gone) && text.contains("CBC.99003016"),
        "{text}"
    );
    assert_eq!(
        sim.sim.state()["orders"].as_array().unwrap().len(),
        before + 1
    );
    // Nothing accepted at all: HTTP 200 without an order is not a success either.
    let e = c
        .unsubscribe(std::slice::from_ref(&gone), 1, None, None)
        .await
        .unwrap_err();
    match e {
        ApiError::PartialFailure {
            order_ids,
            failures,
        } => {
            assert!(order_ids.is_empty());
            assert_eq!(failures[0].error_code, "CBC.99003012");
        }
        other => panic!("{other:?}"),
    }
    // A quote that cannot price a resource fails closed.
    let q = c
        .renew_price(&[good, gone.clone()], PeriodType::Month, 1)
        .await
        .unwrap_err();
    assert!(
        matches!(q, ApiError::PartialFailure { ref failures, .. } if failures[0].resource_id == gone),
        "{q:?}"
    );
}

#[tokio::test]
async fn an_unpaid_order_can_be_cancelled_and_its_resources_never_appear() {
    let sim = start(Seed::Empty).await;
    let c = intl(&sim);
    let oid = buy(&c, "undecided", 2, false).await;
    let d = c.order_details(&oid).await.unwrap();
    assert_eq!(d.order_info.status, 6, "pending payment");
    assert!(d.order_info.pending_payment_end_time.is_some());
    assert!(d.order_info.amount_after_discount.unwrap() > Default::default());
    let sent = sim
        .sim
        .count_matching("bss PUT /v2/orders/customer-orders/cancel");
    c.cancel_order(&oid).await.unwrap();
    assert_eq!(
        sim.sim
            .count_matching("bss PUT /v2/orders/customer-orders/cancel"),
        sent + 1,
        "sent once"
    );
    assert_eq!(c.order_details(&oid).await.unwrap().order_info.status, 4);
    sim.sim.advance(time::Duration::minutes(30));
    assert!(c.list_instances(None).await.unwrap().is_empty());
    assert!(c.resources_of_order(&oid).await.unwrap().is_empty());
    // Neither paid nor cancelled twice.
    assert_eq!(
        c.pay_order(&oid).await.unwrap_err().code(),
        Some("CBC.99003106")
    );
    assert_eq!(
        c.cancel_order(&oid).await.unwrap_err().code(),
        Some("CBC.99003106")
    );
}

#[tokio::test]
async fn paying_after_the_deadline_is_refused_and_the_clock_is_the_gateways() {
    let sim = start(Seed::Empty).await;
    sim.sim.set_balance(Site::Intl, 10_000.0);
    let c = intl(&sim);
    let oid = buy(&c, "late", 1, false).await;
    let end = c
        .order_details(&oid)
        .await
        .unwrap()
        .order_info
        .pending_payment_end_time
        .unwrap();
    let end = flexus_core::timefmt::parse_utc(&end).unwrap();
    sim.sim.advance(time::Duration::days(16));
    // The client's idea of now follows the gateway's Date header, past the deadline.
    c.balances().await.unwrap();
    let now = c.server_now();
    assert!(now > end, "{now} should be after {end}");
    assert!((now - sim.sim.now()).abs() < time::Duration::seconds(5));
    assert_eq!(
        c.pay_order(&oid).await.unwrap_err().code(),
        Some("CBC.99003110")
    );
}

/// Subscribe-rate in the simulator quotes what the purchase charges for the same
/// plan (yearly terms too, and per quantity), and refuses codes it does not bill.
#[tokio::test]
async fn subscribe_rate_quotes_what_the_purchase_charges() {
    use flexus_core::rating_codes::{estimate, learn, Key};
    let sim = start(Seed::Empty).await;
    sim.sim.set_balance(Site::Intl, 10_000.0);
    let c = intl(&sim);
    let req = order("rated", 2, true);
    let order_id = buy(&c, "rated", 2, true).await;
    let mut res = vec![];
    for _ in 0..40 {
        res = c.resources_of_order(&order_id).await.unwrap();
        if !res.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let d = c.order_details(&order_id).await.unwrap();
    let learned = learn(&order_id, &d, &res).expect("codes from the order's resources");
    let charged = d.order_info.amount_after_discount.unwrap();
    let key = Key {
        site: Site::Intl,
        region: &req.region,
        plan_spec: &req.plan_spec,
        period_type: PeriodType::Month,
    };
    let e = estimate(&c, Some(learned.clone()), &key, 1, 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.amount_exact, charged, "two instances for a month");
    let one = estimate(&c, Some(learned.clone()), &key, 1, 1)
        .await
        .unwrap()
        .unwrap();
    let year = estimate(
        &c,
        Some(learned.clone()),
        &Key {
            period_type: PeriodType::Year,
            ..key.clone()
        },
        1,
        1,
    )
    .await
    .unwrap()
    .unwrap();
    // Yearly terms: two months free, as the purchase charges.
    assert_eq!(
        year.amount_exact,
        one.amount_exact * flexus_core::client::models::Decimal::from(10)
    );
    assert!(estimate(&c, None, &key, 1, 1).await.unwrap().is_none());
    let mut wrong = learned;
    wrong.resource_spec = "no.such.spec".into();
    assert!(matches!(
        estimate(&c, Some(wrong), &key, 1, 1).await,
        Err(ApiError::InvalidParameter { .. } | ApiError::Http { .. })
    ));
}
