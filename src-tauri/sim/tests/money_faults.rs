// Over 400 lines on purpose: the fault matrix (every paid action × every lost answer) is one table and is kept whole.
//! Fault matrix: every paid action × every way an answer can be lost after the
//! cloud acted (connection reset, client timeout, 5xx, malformed reply, the
//! process killed with SIGKILL). Each case must leave exactly one order (or one
//! change) at the simulator, refuse a second attempt while unresolved without
//! sending anything, and resolve the journal from evidence after a restart.

mod common;

use std::time::Duration as StdDuration;

use common::*;
use flexus_core::actions::{ActionError, Actor, PaidAction, Reconciled};
use flexus_core::client::bss::PeriodType;
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::journal::{Journal, Outcome};
use flexus_core::Service;
use flexus_sim::{Fault, FaultKind, Running};
use serde_json::Value;
use time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    Purchase,
    Renew,
    Unsubscribe,
    Pay,
    Cancel,
    AutoRenew,
}

const ACTS: [Act; 6] = [
    Act::Purchase,
    Act::Renew,
    Act::Unsubscribe,
    Act::Pay,
    Act::Cancel,
    Act::AutoRenew,
];

const FAULTS: [FaultKind; 4] = [
    FaultKind::ResetAfter,
    FaultKind::DelayAfter,
    FaultKind::ServerErrorAfter,
    FaultKind::Malformed,
];

/// A cloud with one running instance ("base") and one unpaid purchase order.
struct World {
    sim: Running,
    instance: String,
    unpaid_order: String,
}

async fn world() -> World {
    let (sim, instance, unpaid_order) = paid_world().await;
    World {
        sim,
        instance,
        unpaid_order,
    }
}

impl World {
    fn action(&self, a: Act) -> PaidAction {
        let id = std::slice::from_ref(&self.instance);
        match a {
            Act::Purchase => PaidAction::purchase(purchase_req("lost-answer", true)),
            Act::Renew => PaidAction::renew(id, PeriodType::Month, 1, true),
            Act::Unsubscribe => PaidAction::unsubscribe(id, 1, None, None),
            Act::Pay => PaidAction::Pay {
                order_id: self.unpaid_order.clone(),
            },
            Act::Cancel => PaidAction::CancelOrder {
                order_id: self.unpaid_order.clone(),
            },
            Act::AutoRenew => PaidAction::AutoRenew {
                resource_id: self.instance.clone(),
                on: true,
            },
        }
    }

    /// "SERVICE METHOD PATH" fragment of the paid request, and its fault target.
    fn target(&self, a: Act) -> (Service, &'static str, String) {
        match a {
            Act::Purchase => (Service::Hcss, "POST", "/v1/light-instances".into()),
            Act::Renew => (Service::Bss, "POST", "subscriptions/resources/renew".into()),
            Act::Unsubscribe => (Service::Bss, "POST", "resources/unsubscribe".into()),
            Act::Pay => (Service::Bss, "POST", "customer-orders/pay".into()),
            Act::Cancel => (Service::Bss, "PUT", "customer-orders/cancel".into()),
            Act::AutoRenew => (Service::Bss, "POST", format!("autorenew/{}", self.instance)),
        }
    }

    /// How many paid requests of this kind reached the simulator.
    fn sent(&self, a: Act) -> u64 {
        let (svc, method, path) = self.target(a);
        let prefix = format!("{} {method} ", svc.as_str());
        self.sim
            .sim
            .request_counts()
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix) && k.contains(&path))
            .map(|(_, v)| *v)
            .sum()
    }

    fn inject(&self, a: Act, kind: FaultKind, latency_ms: u64) {
        let (service, method, path) = self.target(a);
        self.sim.sim.add_fault(Fault {
            service,
            method: Some(method.into()),
            path_contains: Some(path),
            kind,
            latency_ms,
            times: 1,
        });
    }

    fn orders(&self, order_type: i64) -> Vec<Value> {
        world_orders(&self.sim, order_type)
    }

    fn balance(&self) -> f64 {
        self.sim.sim.state()["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["site"] == "intl")
            .unwrap()["balance"]
            .as_f64()
            .unwrap()
    }

    /// The truth at the cloud after one `a`: exactly one order or change.
    fn assert_done_once(&self, a: Act, before_balance: f64, ctx: &str) {
        let st = self.sim.sim.state();
        match a {
            Act::Purchase => {
                let n = self.orders(1).len();
                assert_eq!(
                    n, 3,
                    "{ctx}: base + unpaid + exactly one new purchase order"
                );
                let named = st["instances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["name"] == "lost-answer")
                    .count();
                assert_eq!(named, 1, "{ctx}: one instance bought");
            }
            Act::Renew => {
                assert_eq!(self.orders(2).len(), 1, "{ctx}: exactly one renewal order");
                assert!(self.balance() < before_balance, "{ctx}: charged");
            }
            Act::Unsubscribe => {
                assert_eq!(
                    self.orders(4).len(),
                    1,
                    "{ctx}: exactly one unsubscription order"
                );
            }
            Act::Pay => {
                let o = self.orders(1);
                let paid = o
                    .iter()
                    .find(|o| o["order_id"] == self.unpaid_order.as_str())
                    .unwrap();
                assert_ne!(paid["status"], 6, "{ctx}: paid");
                let amount = paid["amount"].as_f64().unwrap();
                assert!(
                    (before_balance - self.balance() - amount).abs() < 1e-6,
                    "{ctx}: charged exactly once ({before_balance} → {})",
                    self.balance()
                );
            }
            Act::Cancel => {
                let o = self.orders(1);
                let c = o
                    .iter()
                    .find(|o| o["order_id"] == self.unpaid_order.as_str())
                    .unwrap();
                assert_eq!(c["status"], 4, "{ctx}: cancelled");
                assert!(
                    (before_balance - self.balance()).abs() < 1e-6,
                    "{ctx}: nothing charged"
                );
            }
            Act::AutoRenew => {
                let on = st["instances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"] == self.instance.as_str())
                    .unwrap()["auto_renew"]
                    .clone();
                assert_eq!(on, true, "{ctx}");
            }
        }
        assert!(
            self.orders(2).len() <= 1 && self.orders(4).len() <= 1,
            "{ctx}"
        );
    }
}

fn client(sim: &Running, timeout: StdDuration) -> CloudClient {
    intl_with(
        sim,
        ClientOptions {
            timeout,
            ..fast_opts()
        },
    )
}

async fn lost_answer_case(a: Act, kind: FaultKind) {
    let ctx = format!("{a:?} × {kind:?}");
    let w = world().await;
    let dir = temp_dir("faults");
    let path = dir.join("journal.jsonl");
    let timeout = StdDuration::from_millis(1500);
    let before_balance = w.balance();
    let base = w.sent(a);
    {
        let c = client(&w.sim, timeout);
        let (j, _) = Journal::open(&path).unwrap();
        let actor = Actor::new(&c, &j, "shop");
        w.inject(a, kind, 4000);
        let err = actor.perform(w.action(a)).await.unwrap_err();
        assert!(
            matches!(err, ActionError::Api { unknown: true, .. }),
            "{ctx}: {err:?}"
        );
        assert_eq!(w.sent(a) - base, 1, "{ctx}: sent once");
        // A second click while the outcome is unknown sends nothing.
        let again = actor.perform(w.action(a)).await.unwrap_err();
        assert_eq!(again.kind(), "pending", "{ctx}: {again:?}");
        assert!(again.to_string().contains("no known outcome"), "{again}");
        assert_eq!(
            w.sent(a) - base,
            1,
            "{ctx}: the second attempt sent nothing"
        );
        assert_eq!(j.unresolved().unwrap().len(), 1);
    }
    // "Restart": a new journal handle and client, time passes, recovery runs.
    w.sim.sim.advance(Duration::seconds(2));
    let c = client(&w.sim, timeout);
    let (j, _) = Journal::open(&path).unwrap();
    let actor = Actor::new(&c, &j, "shop").with_settle(Duration::ZERO);
    let results = actor.recover().await;
    assert_eq!(results.len(), 1, "{ctx}");
    let r = results[0].1.as_ref().unwrap();
    assert!(matches!(r, Reconciled::Found { .. }), "{ctx}: {r:?}");
    assert!(
        j.unresolved().unwrap().is_empty(),
        "{ctx}: journal resolved"
    );
    let e = &j.entries().unwrap()[0];
    assert_eq!(e.outcome, Outcome::Succeeded, "{ctx}");
    if let Reconciled::Found {
        order_id: Some(o), ..
    } = r
    {
        assert_eq!(e.order_ids, vec![o.clone()], "{ctx}");
    }
    w.assert_done_once(a, before_balance, &ctx);
    assert_eq!(w.sent(a) - base, 1, "{ctx}: reconciling sent nothing");
    std::fs::remove_dir_all(dir).ok();
}

macro_rules! matrix {
    ($($name:ident: $act:expr;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for kind in FAULTS {
                lost_answer_case($act, kind).await;
            }
        }
    )*};
}

matrix! {
    purchase_with_a_lost_answer_is_bought_once: Act::Purchase;
    renewal_with_a_lost_answer_is_renewed_once: Act::Renew;
    unsubscription_with_a_lost_answer_happens_once: Act::Unsubscribe;
    payment_with_a_lost_answer_is_paid_once: Act::Pay;
    cancelling_with_a_lost_answer_happens_once: Act::Cancel;
    auto_renew_with_a_lost_answer_is_set_once: Act::AutoRenew;
}

/// A 5xx *before* processing leaves no order: "unknown" until the settle time,
/// then "not processed" from evidence, and only then may it be sent again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_only_when_evidence_rules_it_out() {
    for a in ACTS {
        let ctx = format!("{a:?}");
        let w = world().await;
        let dir = temp_dir("notfound");
        let c = intl(&w.sim);
        let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
        let (service, method, path) = w.target(a);
        w.sim.sim.add_fault(Fault {
            service,
            method: Some(method.into()),
            path_contains: Some(path),
            kind: FaultKind::ServerError,
            latency_ms: 0,
            times: 1,
        });
        let actor = Actor::new(&c, &j, "shop");
        let err = actor.perform(w.action(a)).await.unwrap_err();
        assert_eq!(err.kind(), "outcome_unknown", "{ctx}");
        let pending = j.unresolved().unwrap();
        let r = actor.reconcile(&pending[0]).await.unwrap();
        assert!(matches!(r, Reconciled::Pending { .. }), "{ctx}: {r:?}");
        assert_eq!(j.unresolved().unwrap().len(), 1, "{ctx}: still unknown");
        let settled = Actor::new(&c, &j, "shop").with_settle(Duration::ZERO);
        if a == Act::Purchase {
            // Someone else's unpaid purchase order from the same minute cannot be
            // told apart until it is paid: the purchase stays unknown (never "buy
            // again"), however long ago it was.
            let r = settled.reconcile(&pending[0]).await.unwrap();
            match &r {
                Reconciled::Pending { message } => {
                    assert!(message.contains(&w.unpaid_order), "{message}")
                }
                other => panic!("{other:?}"),
            }
            c.pay_order(&w.unpaid_order).await.unwrap();
            w.sim.sim.advance(Duration::seconds(2));
        }
        let r = settled.reconcile(&pending[0]).await.unwrap();
        assert!(matches!(r, Reconciled::NotFound { .. }), "{ctx}: {r:?}");
        assert!(j.unresolved().unwrap().is_empty());
        // Resolved as "not processed": doing it now is allowed and happens once.
        let before = w.balance();
        let base = w.sent(a);
        settled.perform(w.action(a)).await.unwrap();
        assert_eq!(w.sent(a) - base, 1, "{ctx}");
        w.assert_done_once(a, before, &ctx);
        std::fs::remove_dir_all(dir).ok();
    }
}

/// The in-flight guard also holds across processes sharing the journal and
/// against an unrelated resource it lets through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_blocks_only_what_the_pending_action_touches() {
    let w = world().await;
    let dir = temp_dir("guard");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    w.inject(Act::Renew, FaultKind::ResetAfter, 0);
    let actor = Actor::new(&c, &j, "shop");
    actor.perform(w.action(Act::Renew)).await.unwrap_err();
    // Same instance: unsubscribe and auto-renew are refused, nothing sent.
    for a in [Act::Unsubscribe, Act::AutoRenew, Act::Renew] {
        let e = actor.perform(w.action(a)).await.unwrap_err();
        assert_eq!(e.kind(), "pending", "{a:?}");
        assert_eq!(w.sent(a), if a == Act::Renew { 1 } else { 0 });
    }
    // Another process on the same journal is held too.
    let (j2, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let e = Actor::new(&c, &j2, "shop")
        .perform(w.action(Act::Unsubscribe))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "pending");
    // Another profile (maybe of the same account) is held too: instance ids are
    // unique across the cloud, so its renewal could charge the same instance twice.
    let other = Actor::new(&c, &j2, "other")
        .perform(w.action(Act::Renew))
        .await;
    assert_eq!(other.err().map(|e| e.kind()), Some("pending"));
    assert_eq!(w.sent(Act::Renew), 1);
    // A purchase touches no existing instance and goes through.
    Actor::new(&c, &j2, "shop")
        .perform(w.action(Act::Purchase))
        .await
        .unwrap();
    // A second purchase is held while one purchase is unknown.
    w.inject(Act::Purchase, FaultKind::ResetAfter, 0);
    let mut second = purchase_req("second", true);
    second.instance_name = "second".into();
    actor
        .perform(PaidAction::purchase(second.clone()))
        .await
        .unwrap_err();
    let e = actor
        .perform(PaidAction::purchase(purchase_req("third", true)))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "pending");
    assert!(e.to_string().contains("purchase of 1× 'second'"), "{e}");
    std::fs::remove_dir_all(dir).ok();
}

/// Each purchase intent gets its own Client-Request-Id, made in Rust and journaled.
#[tokio::test]
async fn client_request_ids_are_made_per_intent_and_journaled() {
    let w = world().await;
    let dir = temp_dir("crid");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let actor = Actor::new(&c, &j, "shop");
    actor
        .perform(PaidAction::purchase(purchase_req("one", true)))
        .await
        .unwrap();
    actor
        .perform(PaidAction::purchase(purchase_req("two", true)))
        .await
        .unwrap();
    let ids: Vec<String> = j
        .entries()
        .unwrap()
        .iter()
        .map(|e| match e.paid() {
            Some(PaidAction::Purchase(p)) => p.client_request_id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|i| uuid::Uuid::parse_str(i).is_ok()));
    assert_eq!(w.orders(1).len(), 4, "two purchases, two orders");
    std::fs::remove_dir_all(dir).ok();
}

/// A 200 reply naming neither an order nor a refusal (`{}`) after the cloud
/// acted is an unknown outcome: held as pending, resolved to the one order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_200_reply_is_an_unknown_outcome() {
    for a in [Act::Renew, Act::Unsubscribe] {
        lost_answer_case(a, FaultKind::EmptyAfter).await;
    }
}

/// An unpaid renewal (auto-pay off) does not move the expiry: a lost answer is
/// tied to its order by the order's resources, never concluded "not processed"
/// (which would release the guard and let a second renewal charge again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpaid_renewal_with_a_lost_answer_is_found_by_its_order() {
    let w = world().await;
    let dir = temp_dir("unpaid-renew");
    let c = client(&w.sim, StdDuration::from_millis(1500));
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let id = std::slice::from_ref(&w.instance);
    w.inject(Act::Renew, FaultKind::ResetAfter, 0);
    let actor = Actor::new(&c, &j, "shop");
    let err = actor
        .perform(PaidAction::renew(id, PeriodType::Month, 1, false))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "outcome_unknown", "{err:?}");
    w.sim.sim.advance(Duration::seconds(2));
    let settled = Actor::new(&c, &j, "shop").with_settle(Duration::ZERO);
    let r = settled.recover().await;
    let r = r[0].1.as_ref().unwrap();
    let made = w.orders(2);
    assert_eq!(made.len(), 1);
    match r {
        Reconciled::Found {
            order_id: Some(o), ..
        } => assert_eq!(made[0]["order_id"], o.as_str()),
        other => panic!("{other:?}"),
    }
    assert_eq!(j.entries().unwrap()[0].outcome, Outcome::Succeeded);
    // Without any order either, an unpaid renewal is never "not processed".
    let other = place(&c, "other", true).await;
    assert_eq!(wait_order(&c, &other.order_id, &w.sim).await, 5);
    let oid = std::slice::from_ref(&other.instance_ids[0]);
    w.sim.sim.add_fault(Fault {
        service: Service::Bss,
        method: Some("POST".into()),
        path_contains: Some("subscriptions/resources/renew".into()),
        kind: FaultKind::ServerError,
        latency_ms: 0,
        times: 1,
    });
    settled
        .perform(PaidAction::renew(oid, PeriodType::Month, 1, false))
        .await
        .unwrap_err();
    let pending = j.unresolved().unwrap();
    let r = settled.reconcile(&pending[0]).await.unwrap();
    assert!(matches!(r, Reconciled::Pending { .. }), "{r:?}");
    let again = settled
        .perform(PaidAction::renew(oid, PeriodType::Month, 1, false))
        .await
        .unwrap_err();
    assert_eq!(again.kind(), "pending");
    std::fs::remove_dir_all(dir).ok();
}

/// A renewal or unsubscription whose current expiry cannot be read is refused:
/// nothing is journaled or sent, since a lost answer could never be checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renewal_without_the_expiry_before_is_not_sent() {
    let w = world().await;
    let dir = temp_dir("no-evidence");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let actor = Actor::new(&c, &j, "shop");
    for a in [Act::Renew, Act::Unsubscribe] {
        w.sim.sim.add_fault(Fault {
            service: Service::Bss,
            method: Some("POST".into()),
            path_contains: Some("resources/query".into()),
            kind: FaultKind::ServerError,
            latency_ms: 0,
            times: 0,
        });
        let e = actor.perform(w.action(a)).await.unwrap_err();
        assert_eq!(e.kind(), "no_evidence", "{a:?}: {e:?}");
        assert!(e.to_string().contains("nothing was sent"), "{e}");
        assert_eq!(w.sent(a), 0, "{a:?}");
        assert!(j.entries().unwrap().is_empty(), "{a:?}");
        w.sim.sim.clear_faults();
    }
    std::fs::remove_dir_all(dir).ok();
}

/// Renewing [a, b] where the cloud orders a and refuses b inside an HTTP 200:
/// the journal records a as done (succeeded, its order kept), never "failed",
/// and names the refused instance.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partly_refused_renewal_is_journaled_as_done_for_the_ordered_part() {
    let w = world().await;
    let dir = temp_dir("partial");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let gone = "000000000000000000000000".to_string();
    let ids = [w.instance.clone(), gone.clone()];
    let err = Actor::new(&c, &j, "shop")
        .perform(PaidAction::renew(&ids, PeriodType::Month, 1, true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "partial_failure", "{err:?}");
    let made = w.orders(2);
    assert_eq!(made.len(), 1);
    let e = j.entries().unwrap().pop().unwrap();
    assert_eq!(e.outcome, Outcome::Succeeded, "{e:?}");
    assert_eq!(e.order_ids, vec![made[0]["order_id"].as_str().unwrap()]);
    let msg = e.message.unwrap();
    assert!(msg.contains(&gone) && msg.contains("done in part"), "{msg}");
    assert!(j.unresolved().unwrap().is_empty());
    std::fs::remove_dir_all(dir).ok();
}

/// An order placed minutes before the intent (in the console, on the cloud's
/// clock) is not evidence that the app's lost purchase went through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_earlier_console_order_is_not_evidence() {
    let w = world().await;
    let dir = temp_dir("earlier");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    // Paid so that it ties to its instance (an unpaid one would keep it unknown).
    c.pay_order(&w.unpaid_order).await.unwrap();
    let console = place(&c, "lost-answer", true).await;
    assert_eq!(wait_order(&c, &console.order_id, &w.sim).await, 5);
    w.sim.sim.advance(Duration::minutes(3));
    // Any reply tells the client the cloud's clock (the app reads all the time).
    c.balances().await.unwrap();
    w.sim.sim.add_fault(Fault {
        service: Service::Hcss,
        method: Some("POST".into()),
        path_contains: Some("/v1/light-instances".into()),
        kind: FaultKind::ServerError,
        latency_ms: 0,
        times: 1,
    });
    let actor = Actor::new(&c, &j, "shop").with_settle(Duration::ZERO);
    let err = actor.perform(w.action(Act::Purchase)).await.unwrap_err();
    assert_eq!(err.kind(), "outcome_unknown");
    let e = j.unresolved().unwrap().pop().unwrap();
    let r = actor.reconcile(&e).await.unwrap();
    assert!(matches!(r, Reconciled::NotFound { .. }), "{r:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// A paid action whose intent time would be this computer's clock (no reply
/// from the cloud told its clock) is refused: nothing journaled, nothing sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_action_is_not_sent_without_the_clouds_clock() {
    let w = world().await;
    let dir = temp_dir("no-clock");
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    // A fresh client whose local clock is 10 minutes slow and has seen no reply.
    let c = intl_with(
        &w.sim,
        ClientOptions {
            timeout: StdDuration::from_millis(300),
            clock_offset_secs: -600,
            ..fast_opts()
        },
    );
    assert!(!c.server_clock_known());
    w.sim.sim.add_fault(Fault {
        service: Service::Bss,
        method: Some("GET".into()),
        path_contains: Some("customer-accounts/balances".into()),
        kind: FaultKind::Latency,
        latency_ms: 2000,
        times: 0,
    });
    // The account-id lookup that precedes it gets no answer either.
    w.sim.sim.add_fault(Fault {
        service: Service::Iam,
        method: Some("GET".into()),
        path_contains: Some("auth/domains".into()),
        kind: FaultKind::Latency,
        latency_ms: 2000,
        times: 0,
    });
    let e = Actor::new(&c, &j, "shop")
        .perform(w.action(Act::Pay))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "no_evidence", "{e:?}");
    assert_eq!(w.sent(Act::Pay), 0);
    assert!(j.entries().unwrap().is_empty());
    w.sim.sim.clear_faults();
    std::fs::remove_dir_all(dir).ok();
}

/// A reconciliation working from a snapshot taken while the action was in flight
/// must not append "unknown" after the real outcome was recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_reconciliation_does_not_bury_the_outcome() {
    let w = world().await;
    let dir = temp_dir("stale");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let gone = vec!["000000000000000000000000".to_string()];
    let actor = Actor::new(&c, &j, "shop");
    let err = actor
        .perform(PaidAction::renew(&gone, PeriodType::Month, 1, true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "partial_failure", "{err:?}");
    let mut stale = j.entries().unwrap().pop().unwrap();
    assert_eq!(stale.outcome, Outcome::Failed);
    stale.outcome = Outcome::Sending;
    let r = actor.reconcile(&stale).await.unwrap();
    assert!(matches!(r, Reconciled::Pending { .. }), "{r:?}");
    let latest = j.get(&stale.id).unwrap().unwrap();
    assert_eq!(latest.outcome, Outcome::Failed, "{latest:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// An immediate unsubscription of an instance that had no row before proves
/// nothing by its absence: "released" needs a row that was there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absence_without_a_row_before_is_not_a_release() {
    let w = world().await;
    let dir = temp_dir("absent");
    let c = intl(&w.sim);
    let (j, _) = Journal::open(dir.join("journal.jsonl")).unwrap();
    let gone = vec!["000000000000000000000000".to_string()];
    w.inject(Act::Unsubscribe, FaultKind::ServerError, 0);
    let actor = Actor::new(&c, &j, "shop").with_settle(Duration::ZERO);
    let err = actor
        .perform(PaidAction::unsubscribe(&gone, 1, None, None))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "outcome_unknown", "{err:?}");
    let e = j.unresolved().unwrap().pop().unwrap();
    let r = actor.reconcile(&e).await.unwrap();
    assert!(matches!(r, Reconciled::NotFound { .. }), "{r:?}");
    std::fs::remove_dir_all(dir).ok();
}
