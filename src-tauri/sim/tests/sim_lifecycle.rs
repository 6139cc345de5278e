// Over 400 lines on purpose: one lifecycle told in order, each step a test on the same simulator helpers.
//! The whole lifecycle through the real client over signed HTTP to the simulator:
//! list → purchase → order completes → start/stop/reboot → reset password → rename
//! → renew → auto-renew → unsubscribe (both types), plus the documented error paths.

mod common;

use common::*;
use flexus_core::actions::{ActionError, Actor, PaidAction, Reconciled};
use flexus_core::client::bss::PeriodType;
use flexus_core::client::ecs::{ServerAction, ServerUpdate};
use flexus_core::client::models::{CreateInstanceRequest, ImageRef};
use flexus_core::fleet;
use flexus_core::journal::{Journal, Outcome};
use flexus_core::ApiError;
use flexus_sim::Seed;
use time::{Duration, OffsetDateTime};

#[tokio::test]
async fn whole_lifecycle() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let dir = temp_dir("life");
    let (journal, _) = Journal::open(dir.join("j.jsonl")).unwrap();
    let actor = Actor::new(&c, &journal, "demo").with_settle(Duration::ZERO);

    let before = c.list_instances(None).await.unwrap();
    assert_eq!(before.len(), 6, "demo seed has six intl instances");
    assert!(before
        .iter()
        .all(|i| i.server_id.is_some() && i.traffic_package_id.is_some() && i.public_ip.is_some()));

    // Purchase with auto-pay: 202, order 3 → 5, the instance appears.
    let done = actor
        .perform(PaidAction::purchase(purchase_req("shop-new", true)))
        .await
        .unwrap();
    assert_eq!(done.result.instance_ids.len(), 1);
    assert_eq!(wait_order(&c, &done.result.order_ids[0], &sim).await, 5);
    let list = c.list_instances(None).await.unwrap();
    let new = list
        .iter()
        .find(|i| i.name == "shop-new")
        .expect("new instance listed");
    let sid = new.server_id.clone().unwrap();
    let region = new.region.clone();

    // Start on a running server fails in the job; stop then start succeed.
    let j = power(&c, &sim, &region, &sid, ServerAction::Start, false).await;
    assert_eq!(j.status, "FAIL");
    assert!(j.failure().unwrap().contains("already running"), "{:?}", j);
    let job = actor
        .server_action(
            &region,
            ServerAction::Stop,
            std::slice::from_ref(&sid),
            false,
        )
        .await
        .unwrap()
        .result;
    assert_eq!(wait_job(&c, &region, &job, &sim).await.status, "SUCCESS");
    assert_eq!(c.server(&region, &sid).await.unwrap().status, "SHUTOFF");
    assert_eq!(
        power(&c, &sim, &region, &sid, ServerAction::Reboot, true)
            .await
            .status,
        "FAIL",
        "a stopped server cannot reboot"
    );
    let j = power(&c, &sim, &region, &sid, ServerAction::Start, false).await;
    assert_eq!(j.status, "SUCCESS");
    assert_eq!(j.entities.sub_jobs.len(), 1);
    assert_eq!(c.server(&region, &sid).await.unwrap().status, "ACTIVE");

    // Password reset: rules enforced by the server too, pending until restart.
    let err = c
        .reset_passwords(&region, std::slice::from_ref(&sid), "weak")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "invalid_parameter");
    actor
        .reset_password(&region, std::slice::from_ref(&sid), "Flexus@2026x")
        .await
        .unwrap();
    assert_eq!(world_server(&sim, &sid)["password_pending_restart"], true);
    assert_eq!(
        power(&c, &sim, &region, &sid, ServerAction::Reboot, false)
            .await
            .status,
        "SUCCESS"
    );
    assert_eq!(world_server(&sim, &sid)["password_pending_restart"], false);

    // Rename, description, hostname (rules checked by ECS).
    let upd = ServerUpdate {
        name: Some("shop_srv".into()),
        description: Some("front".into()),
        hostname: Some("shop-01".into()),
    };
    let s = c.update_server(&region, &sid, &upd).await.unwrap();
    assert_eq!(s.hostname.as_deref(), Some("shop-01"));
    let bad = ServerUpdate {
        hostname: Some("bad..host".into()),
        ..Default::default()
    };
    assert_eq!(
        c.update_server(&region, &sid, &bad)
            .await
            .unwrap_err()
            .kind(),
        "invalid_parameter"
    );

    // Renewal: price first, then renew 1 month from the old expiry.
    let exp0 = expire_of(&c, &new.id).await;
    let price = c
        .renew_price(std::slice::from_ref(&new.id), PeriodType::Month, 1)
        .await
        .unwrap();
    assert!(
        price.renew_inquiry_results[0].amount.unwrap() > flexus_core::client::models::Decimal::ZERO
    );
    sim.sim.set_balance(flexus_core::Site::Intl, 100.0);
    let r = actor
        .perform(PaidAction::renew(
            std::slice::from_ref(&new.id),
            PeriodType::Month,
            1,
            true,
        ))
        .await
        .unwrap();
    assert_eq!(r.result.order_ids.len(), 1);
    let exp1 = expire_of(&c, &new.id).await;
    assert_months_later(&exp0, &exp1, 1, "a calendar month, not 30 days");
    // Bad renewal period → CBC.99000092.
    let e = c
        .renew(std::slice::from_ref(&new.id), PeriodType::Month, 12, true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("CBC.99000092"));

    // Auto-renew on → expire_policy 3; off twice → CBC.99003605.
    actor
        .perform(PaidAction::AutoRenew {
            resource_id: new.id.clone(),
            on: true,
        })
        .await
        .unwrap();
    assert_eq!(
        c.expiry_of(std::slice::from_ref(&new.id)).await.unwrap()[0].expire_policy,
        Some(3)
    );
    c.set_auto_renew(&new.id, false).await.unwrap();
    assert_eq!(
        c.set_auto_renew(&new.id, false).await.unwrap_err().code(),
        Some("CBC.99003605")
    );

    // Unsubscribe type 2 cancels only the renewed month, then type 1 releases it.
    let bal0 = c.balances().await.unwrap().cash();
    actor
        .perform(PaidAction::unsubscribe(
            std::slice::from_ref(&new.id),
            2,
            Some(5),
            Some("test"),
        ))
        .await
        .unwrap();
    let exp2 = expire_of(&c, &new.id).await;
    assert_eq!(exp2, exp0, "type 2 removes only the renewed period");
    assert!(
        c.balances().await.unwrap().cash() > bal0,
        "renewal refunded"
    );
    assert_eq!(
        c.unsubscribe(std::slice::from_ref(&new.id), 2, None, None)
            .await
            .unwrap_err()
            .code(),
        Some("CBC.99003128")
    );
    actor
        .perform(PaidAction::unsubscribe(
            std::slice::from_ref(&new.id),
            1,
            None,
            None,
        ))
        .await
        .unwrap();
    assert!(c
        .list_instances(None)
        .await
        .unwrap()
        .iter()
        .all(|i| i.id != new.id));
    assert_eq!(
        c.unsubscribe(std::slice::from_ref(&new.id), 1, None, None)
            .await
            .unwrap_err()
            .code(),
        Some("CBC.30000067")
    );

    // Every paid or destructive step is in the journal with its outcome.
    let entries = journal.entries().unwrap();
    for action in [
        "purchase",
        "stop",
        "reset_password",
        "renew",
        "auto_renew",
        "unsubscribe",
    ] {
        assert!(
            entries
                .iter()
                .any(|e| e.action == action && e.outcome == Outcome::Succeeded),
            "{action} journaled"
        );
    }
    let raw = std::fs::read_to_string(dir.join("j.jsonl")).unwrap();
    assert!(
        !raw.contains("Flexus@2026x"),
        "passwords are never journaled"
    );
    assert!(!raw.contains(flexus_sim::seed::DEMO_INTL_SK));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn pending_payment_then_pay() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let r = place(&c, "unpaid-1", false).await;
    assert_eq!(order_status(&c, &r.order_id).await, 6, "pending payment");
    assert!(!listed(&c, "unpaid-1").await);
    sim.sim.set_balance(flexus_core::Site::Intl, 1.0);
    assert!(matches!(
        c.pay_order(&r.order_id).await,
        Err(ApiError::InsufficientBalance { .. })
    ));
    sim.sim.set_balance(flexus_core::Site::Intl, 500.0);
    c.pay_order(&r.order_id).await.unwrap();
    assert_eq!(wait_order(&c, &r.order_id, &sim).await, 5);
    assert_eq!(
        c.pay_order(&r.order_id).await.unwrap_err().code(),
        Some("CBC.99003106")
    );
    assert!(listed(&c, "unpaid-1").await);
    // Auto-pay with too little balance also leaves the order waiting for payment.
    sim.sim.set_balance(flexus_core::Site::Intl, 0.5);
    let r = place(&c, "unpaid-2", true).await;
    assert_eq!(order_status(&c, &r.order_id).await, 6);
    // Renewal with auto-pay and no money: CBC.30050006.
    let id = c.list_instances(None).await.unwrap()[0].id.clone();
    assert!(matches!(
        c.renew(&[id], PeriodType::Month, 1, true).await,
        Err(ApiError::InsufficientBalance { .. })
    ));
}

#[tokio::test]
async fn same_client_request_id_creates_one_order() {
    let sim = start(Seed::Empty).await;
    let c = intl(&sim);
    sim.sim.set_balance(flexus_core::Site::Intl, 100.0);
    let crid = uuid::Uuid::new_v4().to_string();
    let a = c
        .create_instances(&purchase_req("idem", true), &crid)
        .await
        .unwrap();
    let b = c
        .create_instances(&purchase_req("idem", true), &crid)
        .await
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(sim.sim.state()["orders"].as_array().unwrap().len(), 1);
    let c2 = place(&c, "idem", true).await;
    assert_ne!(a.order_id, c2.order_id);
}

#[tokio::test]
async fn purchase_body_is_validated_like_hcss() {
    let sim = start(Seed::Empty).await;
    let c = intl(&sim);
    type Mutate = Box<dyn Fn(&mut CreateInstanceRequest)>;
    let cases: Vec<(Mutate, &str)> = vec![
        (
            Box::new(|r| r.plan_spec = "hf.small.1.linux".into()),
            "hf.small.1.linux",
        ),
        (Box::new(|r| r.region = "cn-north-4".into()), "cn-north-4"),
        (
            Box::new(|r| r.instance_name = "1bad".into()),
            "instance_name",
        ),
        (Box::new(|r| r.period_num = 10), "period_num"),
        (Box::new(|r| r.purchase_quantity = 201), "purchase_quantity"),
        (Box::new(|r| r.image_ref = None), "image_ref"),
        (
            Box::new(|r| {
                r.extra_resources = vec![flexus_core::client::models::ExtraResource {
                    type_: "evs".into(),
                    size: Some(5),
                }]
            }),
            "evs",
        ),
        (
            Box::new(|r| {
                r.region = "tr-west-1".into();
                r.image_ref = Some(ImageRef {
                    image_name: Some("CentOS".into()),
                    image_version: Some("8.2".into()),
                    image_id: None,
                });
            }),
            "8.2",
        ),
    ];
    for (mutate, needle) in cases {
        let mut r = purchase_req("valid", true);
        mutate(&mut r);
        match c
            .create_instances(&r, &uuid::Uuid::new_v4().to_string())
            .await
        {
            // The purchase is scoped to the body region's project: a region the
            // account has no project in fails at the IAM look-up, before anything is sent.
            Err(ApiError::NotFound { code, message }) if needle == "cn-north-4" => {
                assert_eq!(code, "IAM.projects");
                assert!(message.contains(needle), "{message}");
            }
            Err(ApiError::InvalidParameter { code, message }) => {
                assert_eq!(code, "HCSS.14000001");
                assert!(
                    message.contains(needle),
                    "{message} should mention {needle}"
                );
            }
            other => panic!("{needle}: {other:?}"),
        }
    }
    // A Client-Request-Id outside the documented format is rejected too.
    assert_eq!(
        c.create_instances(&purchase_req("valid", true), "short")
            .await
            .unwrap_err()
            .code(),
        Some("HCSS.14000001")
    );
    assert!(sim.sim.state()["orders"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn expiry_grace_retention_and_deletion_follow_the_clock() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let web = rms_instance(&c, "web-shop").await.unwrap();
    assert_eq!(bss_status(&c, &web.id).await, Some(2));
    sim.sim.advance(Duration::days(3));
    assert_eq!(bss_status(&c, &web.id).await, Some(5), "expired, in grace");
    let srv = c
        .server(&web.region, web.server_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(srv.status, "ACTIVE", "usable in grace");
    sim.sim.advance(Duration::days(15));
    assert_eq!(
        bss_status(&c, &web.id).await,
        Some(4),
        "frozen in retention"
    );
    let srv = c
        .server(&web.region, web.server_id.as_ref().unwrap())
        .await
        .unwrap();
    assert!(srv.frozen() && srv.status == "SHUTOFF");
    // Renewing in retention counts from the old expiry.
    let old = expire_of(&c, &web.id).await;
    sim.sim.set_balance(flexus_core::Site::Intl, 1000.0);
    c.renew(std::slice::from_ref(&web.id), PeriodType::Month, 2, true)
        .await
        .unwrap();
    let new = expire_of(&c, &web.id).await;
    assert_months_later(&old, &new, 2, "two calendar months from the old expiry");
    // Another instance left alone is deleted after retention.
    let staging = rms_instance(&c, "staging").await.unwrap();
    sim.sim.advance(Duration::days(75));
    assert!(c
        .list_instances(None)
        .await
        .unwrap()
        .iter()
        .all(|i| i.id != staging.id));
    assert!(c
        .expiry_of(std::slice::from_ref(&staging.id))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        c.renew(
            std::slice::from_ref(&staging.id),
            PeriodType::Month,
            1,
            true
        )
        .await
        .unwrap_err()
        .code(),
        Some("CBC.99003016")
    );
}

#[tokio::test]
async fn auto_renew_charges_seven_days_before_expiry_when_balance_allows() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let erp = rms_instance(&c, "erp").await.unwrap();
    let e0 = expire_of(&c, &erp.id).await;
    sim.sim.advance(Duration::hours(1));
    assert_eq!(
        expire_of(&c, &erp.id).await,
        e0,
        "balance too low: not renewed"
    );
    sim.sim.set_balance(flexus_core::Site::Intl, 1000.0);
    sim.sim.advance(Duration::hours(1));
    let e1 = expire_of(&c, &erp.id).await;
    assert_ne!(e1, e0, "renewed once money is there");
    assert!(c.balances().await.unwrap().cash() < 1000.0);
}

#[tokio::test]
async fn traffic_left_decreases_over_time() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let web = rms_instance(&c, "web-shop").await.unwrap();
    let tid = web.traffic_package_id.unwrap();
    let a = c
        .free_resource_usage(std::slice::from_ref(&tid))
        .await
        .unwrap()
        .free_resources[0]
        .amount
        .unwrap();
    sim.sim.advance(Duration::hours(20));
    let b = c
        .free_resource_usage(std::slice::from_ref(&tid))
        .await
        .unwrap()
        .free_resources[0]
        .clone();
    assert!(b.amount.unwrap() < a, "{a} then {:?}", b.amount);
    assert_eq!(b.measure_id, Some(10));
    assert_eq!(b.quota_reuse_cycle, Some(4));
}

#[tokio::test]
async fn fleet_refresh_concurrent_equals_sequential() {
    let sim = start(Seed::Demo).await;
    let c = intl(&sim);
    let now = OffsetDateTime::now_utc();
    let a = fleet::refresh(&c, now).await.unwrap();
    let b = common::sequential::refresh_sequential(&c, now)
        .await
        .unwrap();
    assert_eq!(a.instances.len(), 6);
    let mut x = a.instances.clone();
    let mut y = b.instances.clone();
    x.sort_by(|p, q| p.id.cmp(&q.id));
    y.sort_by(|p, q| p.id.cmp(&q.id));
    assert_eq!(x, y);
    assert!(a.problems.is_empty());
    let old = a.instances.iter().find(|i| i.name == "old-crm").unwrap();
    assert_eq!(old.stage, Some(flexus_core::expiry::Stage::Grace));
    let frozen = a.instances.iter().find(|i| i.name == "frozen-lab").unwrap();
    assert!(frozen.frozen);
    assert_eq!(frozen.stage, Some(flexus_core::expiry::Stage::Retention));
    let web = a.instances.iter().find(|i| i.name == "web-shop").unwrap();
    assert_eq!(web.days_left, Some(2));
    assert_eq!(web.spec.as_ref().unwrap().vcpus, 2);
    assert!(web.public_ip.is_some() && web.private_ip.is_some() && web.hostname.is_some());
    assert_eq!(a.currency.as_deref(), Some("USD"));
    // China site account sees only its own instances, in CNY.
    let f = fleet::refresh(&cn(&sim), now).await.unwrap();
    assert_eq!(f.instances.len(), 3);
    assert_eq!(f.currency.as_deref(), Some("CNY"));
}

#[tokio::test]
async fn rms_paging_with_1000_instances() {
    let sim = start(Seed::Scale(1000)).await;
    let c = intl(&sim);
    let all = c.list_instances(None).await.unwrap();
    assert_eq!(all.len(), 1000);
    assert_eq!(sim.sim.count_matching("rms GET"), 5, "five pages of 200");
    let one = c.list_instances(Some("me-east-1")).await.unwrap();
    assert!(!one.is_empty() && one.iter().all(|i| i.region == "me-east-1"));
    let e = c.list_resources_page(None, 0, None).await.unwrap();
    assert_eq!(
        e.resources.len(),
        1,
        "limit is clamped to 1..200 by the client"
    );
    let f = fleet::refresh(&c, OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(f.instances.len(), 1000);
    assert!(f
        .instances
        .iter()
        .all(|i| i.status != "UNKNOWN" && i.expire_time.is_some() && i.traffic_left_gb.is_some()));
}

#[tokio::test]
async fn unknown_purchase_outcome_is_reconciled_without_resending() {
    let sim = start(Seed::Empty).await;
    let c = intl(&sim);
    sim.sim.set_balance(flexus_core::Site::Intl, 100.0);
    let dir = temp_dir("reconcile");
    let (journal, _) = Journal::open(dir.join("j.jsonl")).unwrap();
    let actor = Actor::new(&c, &journal, "t").with_settle(Duration::ZERO);
    sim.sim.add_fault(flexus_sim::Fault {
        service: flexus_core::Service::Hcss,
        method: Some("POST".into()),
        path_contains: None,
        kind: flexus_sim::FaultKind::ResetAfter,
        latency_ms: 0,
        times: 1,
    });
    let err = actor
        .perform(PaidAction::purchase(purchase_req("lost-answer", true)))
        .await
        .unwrap_err();
    match &err {
        ActionError::Api { unknown, .. } => assert!(unknown),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.kind(), "outcome_unknown");
    assert_eq!(
        sim.sim.count_matching("hcss POST /v1/light-instances"),
        1,
        "sent exactly once"
    );
    let orders = sim.sim.state()["orders"].as_array().unwrap().clone();
    assert_eq!(
        orders.len(),
        1,
        "the order exists although the client saw an error"
    );
    let pending = journal.unresolved().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].outcome, Outcome::Unknown);
    // The order completes and its instance appears under the intended name.
    sim.sim.advance(Duration::seconds(2));
    let r = actor.reconcile(&pending[0]).await.unwrap();
    match r {
        Reconciled::Found { order_id, .. } => {
            assert_eq!(order_id.as_deref(), orders[0]["order_id"].as_str())
        }
        other => panic!("{other:?}"),
    }
    assert!(journal.unresolved().unwrap().is_empty());
    assert_eq!(
        sim.sim.count_matching("hcss POST"),
        1,
        "reconciling never resends"
    );
    std::fs::remove_dir_all(&dir).ok();
}

async fn bss_status(c: &flexus_core::CloudClient, id: &str) -> Option<i64> {
    c.expiry_of(&[id.to_string()])
        .await
        .unwrap()
        .first()
        .and_then(|r| r.status)
}

/// `later` is `months` calendar months after `earlier` (both as BSS writes them).
fn assert_months_later(earlier: &str, later: &str, months: i64, why: &str) {
    let parse = |t: &str| flexus_core::timefmt::parse_utc(t).expect("a BSS time");
    assert_eq!(
        parse(later),
        flexus_core::calendar::add_months(parse(earlier), months),
        "{why}"
    );
}

async fn expire_of(c: &flexus_core::CloudClient, id: &str) -> String {
    c.expiry_of(&[id.to_string()]).await.unwrap()[0]
        .expire_time
        .clone()
        .unwrap()
}
