//! The `flexus` process killed with SIGKILL after the cloud acted but before the
//! answer arrived, for every paid action: the journal keeps a `sending` intent;
//! running the same command again sends nothing (exit 5); `flexus check-pending`
//! resolves it from evidence; the simulator holds exactly one order or change.

#![cfg(unix)]

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use common::*;
use flexus_core::journal::{Journal, Outcome};
use flexus_core::Service;
use flexus_sim::{seed, Fault, FaultKind, Running};
use serde_json::Value;

fn flexus(sim: &Running, data: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flexus"));
    cmd.env("HW_ACCESS_KEY", seed::DEMO_INTL_AK)
        .env("HW_SECRET_KEY", seed::DEMO_INTL_SK)
        .env("FLEXUS_DATA_DIR", data)
        .args(["--site", "intl", "--region", "ap-southeast-3"]);
    cmd.args(common::cli_endpoints(&sim.urls));
    cmd.args(args).stdin(Stdio::null());
    cmd
}

fn count(sim: &Running, prefix: &str, path: &str) -> u64 {
    sim.sim
        .request_counts()
        .iter()
        .filter(|(k, _)| k.starts_with(prefix) && k.contains(path))
        .map(|(_, v)| *v)
        .sum()
}

fn orders(sim: &Running, order_type: i64) -> Vec<Value> {
    common::world_orders(sim, order_type)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_send_and_outcome_then_recovered_for_every_paid_action() {
    for act in ["purchase", "renew", "unsubscribe", "pay", "auto_renew"] {
        let (sim, id, unpaid) = paid_world().await;
        let data = temp_dir("kill");
        let (service, prefix, path, args): (Service, &str, String, Vec<String>) = match act {
            "purchase" => (
                Service::Hcss,
                "hcss POST ",
                "/v1/light-instances".into(),
                "create-instance --image Ubuntu:22.04 --plan-spec hf.large.05.30m.linux --instance-name killed --auto-pay --confirm"
                    .split(' ').map(str::to_string).collect(),
            ),
            "renew" => (
                Service::Bss,
                "bss POST ",
                "subscriptions/resources/renew".into(),
                vec!["renewal".into(), "--resource-ids".into(), id.clone(), "--auto-pay".into(), "--confirm".into()],
            ),
            "unsubscribe" => (
                Service::Bss,
                "bss POST ",
                "resources/unsubscribe".into(),
                vec!["unsubscribe".into(), "--resource-ids".into(), id.clone(), "--type".into(), "1".into(), "--confirm".into()],
            ),
            "pay" => (
                Service::Bss,
                "bss POST ",
                "customer-orders/pay".into(),
                vec!["pay".into(), "--order-id".into(), unpaid.clone(), "--confirm".into()],
            ),
            _ => (
                Service::Bss,
                "bss POST ",
                format!("autorenew/{id}"),
                vec!["auto-renew".into(), "--resource-ids".into(), id.clone(), "--on".into()],
            ),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = count(&sim, prefix, &path);
        let orders_before: usize = (1..=4).map(|t| orders(&sim, t).len()).sum();
        // The cloud acts, then holds the answer for a minute: the process dies waiting.
        sim.sim.add_fault(Fault {
            service,
            method: Some("POST".into()),
            path_contains: Some(path.clone()),
            kind: FaultKind::DelayAfter,
            latency_ms: 60_000,
            times: 1,
        });
        let mut child = flexus(&sim, &data, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while count(&sim, prefix, &path) == before {
            assert!(
                t.elapsed() < StdDuration::from_secs(30),
                "{act}: never sent"
            );
            assert!(child.try_wait().unwrap().is_none(), "{act}: exited early");
            tokio::time::sleep(StdDuration::from_millis(20)).await;
        }
        tokio::time::sleep(StdDuration::from_millis(200)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let (j, _) = Journal::open(data.join("journal.jsonl")).unwrap();
        let left = j.unresolved().unwrap();
        assert_eq!(left.len(), 1, "{act}");
        assert_eq!(
            left[0].outcome,
            Outcome::Sending,
            "{act}: the intent survived the kill"
        );

        // Running the same command again sends nothing.
        let again = flexus(&sim, &data, &args).output().unwrap();
        let err = String::from_utf8_lossy(&again.stderr);
        assert_eq!(again.status.code(), Some(5), "{act}: {err}");
        assert!(err.contains("check-pending"), "{act}: {err}");
        assert_eq!(count(&sim, prefix, &path), before + 1, "{act}: sent once");

        // Recovery from evidence (time passes: the purchase's order completes).
        sim.sim.advance(time::Duration::seconds(2));
        let out = flexus(&sim, &data, &["check-pending"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{act}: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("went through"), "{act}: {text}");
        let (j, _) = Journal::open(data.join("journal.jsonl")).unwrap();
        assert!(j.unresolved().unwrap().is_empty(), "{act}");
        assert_eq!(j.entries().unwrap()[0].outcome, Outcome::Succeeded, "{act}");

        // Exactly one order (or change) at the cloud.
        let orders_after: usize = (1..=4).map(|t| orders(&sim, t).len()).sum();
        let st = sim.sim.state();
        match act {
            "pay" => {
                assert_eq!(orders_after, orders_before);
                let o = orders(&sim, 1)
                    .into_iter()
                    .find(|o| o["order_id"] == unpaid.as_str())
                    .unwrap();
                assert_ne!(o["status"], 6, "paid");
            }
            "auto_renew" => {
                assert_eq!(orders_after, orders_before);
                assert!(st["instances"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["id"] == id.as_str() && i["auto_renew"] == true));
            }
            _ => assert_eq!(
                orders_after,
                orders_before + 1,
                "{act}: exactly one new order"
            ),
        }
        assert_eq!(
            count(&sim, prefix, &path),
            before + 1,
            "{act}: recovery sent nothing"
        );
        std::fs::remove_dir_all(data).ok();
    }
}
