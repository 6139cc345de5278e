// Over 400 lines on purpose: one replay server for every documented example payload.
//! The client and the `flexus` CLI against the documented example payloads, served
//! by a replay server that records what was sent (no signature check here: that is
//! the simulator's job, tested elsewhere).

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, Response};
use common::*;
use flexus_core::client::bss::PeriodType;
use flexus_core::client::ecs::ServerAction;
use flexus_core::{Credentials, Site};
use serde_json::Value;

type Log = Arc<Mutex<Vec<(String, String, Value, Vec<(String, String)>)>>>;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../core/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

async fn replay(State(log): State<Log>, req: Request<Body>) -> Response<Body> {
    let (p, b) = req.into_parts();
    let bytes = axum::body::to_bytes(b, 1 << 20).await.unwrap();
    let path = p.uri.path().to_string();
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let headers = p
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    log.lock()
        .unwrap()
        .push((p.method.to_string(), path.clone(), body, headers));
    let m = p.method.as_str();
    let name = if path == "/v3/auth/domains" {
        "iam_domains.json"
    } else if path == "/v3/projects" {
        "iam_projects.json"
    } else if path.contains("/all-resources") {
        "rms_list.json"
    } else if path == "/v1/light-instances" {
        "hcss_create.json"
    } else if path.ends_with("/cloudservers/detail") {
        "ecs_list.json"
    } else if path.ends_with("/cloudservers/action") {
        "ecs_action.json"
    } else if path.ends_with("/os-reset-passwords") {
        "ecs_reset_passwords.json"
    } else if path.contains("/jobs/") {
        "ecs_job.json"
    } else if path.contains("/cloudservers/") && m == "PUT" {
        "ecs_update_server.json"
    } else if path.contains("/cloudservers/") {
        "ecs_server_detail.json"
    } else if path.ends_with("/resources/renew") {
        "bss_renew.json"
    } else if path.ends_with("/resources/unsubscribe") {
        "bss_unsubscribe.json"
    } else if path.ends_with("/resources/query") {
        "bss_resources.json"
    } else if path.contains("/usages/details/query") {
        "bss_free_resources.json"
    } else if path.contains("/customer-orders/details/") {
        "bss_order.json"
    } else if path.ends_with("/balances") {
        "bss_balances.json"
    } else if path.ends_with("/renew-rate") {
        "bss_renew_rate.json"
    } else if path.contains("/autorenew/") || path.ends_with("/customer-orders/pay") {
        return Response::builder().status(204).body(Body::empty()).unwrap();
    } else {
        return Response::builder()
            .status(404)
            .body(Body::from(
                r#"{"error_code":"APIGW.0101","error_msg":"The API does not exist"}"#,
            ))
            .unwrap();
    };
    let status = if name == "hcss_create.json" { 202 } else { 200 };
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(fixture(name)))
        .unwrap()
}

async fn server() -> (String, Log) {
    let log: Log = Arc::default();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", tcp.local_addr().unwrap());
    let app = axum::Router::new().fallback(replay).with_state(log.clone());
    tokio::spawn(async move { axum::serve(tcp, app).await.unwrap() });
    (url, log)
}

#[tokio::test]
async fn every_client_call_reads_the_documented_payloads() {
    let (url, log) = server().await;
    let c = flexus_core::CloudClient::new(
        Credentials::new("AK", "SK", None),
        endpoints_to(&url, Site::Cn),
        fast_opts(),
    )
    .unwrap();
    assert_eq!(c.fetch_domain().await.unwrap().name, "shop-account");
    let list = c.list_instances(None).await.unwrap();
    assert_eq!(list.len(), 1);
    let i = &list[0];
    assert_eq!(
        i.server_id.as_deref(),
        Some("72a270de-665a-4f46-8d64-24ad6edccdd2")
    );
    assert_eq!(
        i.traffic_package_id.as_deref(),
        Some("4fb5cd67-73f8-4313-bc1b-f76ed15c9d09")
    );
    assert_eq!(i.public_ip.as_deref(), Some("119.3.166.187"));
    assert_eq!(i.spec_code.as_deref(), Some("ahf.large.1.40g.2m.linux"));
    assert_eq!(i.order_id.as_deref(), Some("CS2409131529QL4NJ"));
    let s = c
        .server("cn-north-4", "72a270de-665a-4f46-8d64-24ad6edccdd2")
        .await
        .unwrap();
    assert_eq!(
        (s.public_ip().as_deref(), s.private_ip().as_deref()),
        (Some("119.3.166.187"), Some("192.168.12.151"))
    );
    assert_eq!(s.flavor.vcpus.as_deref(), Some("2"));
    assert_eq!(s.hostname.as_deref(), Some("hcss-ecs-ff60"));
    let u = c
        .update_server(
            "cn-north-4",
            &s.id,
            &flexus_core::client::ecs::ServerUpdate {
                hostname: Some("NameA".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(u.hostname.as_deref(), Some("NameA"));
    let job = c
        .server_action(
            "cn-north-4",
            ServerAction::Reboot,
            std::slice::from_ref(&s.id),
            false,
        )
        .await
        .unwrap();
    assert_eq!(job, "ff80808290c6b7b60191ef4d78411d8d");
    assert_eq!(c.job("cn-north-4", &job).await.unwrap().status, "SUCCESS");
    assert_eq!(
        c.reset_passwords("cn-north-4", std::slice::from_ref(&s.id), "password@123")
            .await
            .unwrap()
            .response
            .len(),
        2
    );
    let t = c
        .free_resource_usage(&["4fb5cd67-73f8-4313-bc1b-f76ed15c9d09".into()])
        .await
        .unwrap();
    assert_eq!(
        (
            t.free_resources[0].amount,
            t.free_resources[0].original_amount
        ),
        (Some(180.0), Some(200.0))
    );
    assert_eq!(
        c.renew(std::slice::from_ref(&i.id), PeriodType::Month, 1, false)
            .await
            .unwrap()
            .order_ids,
        ["CS241125185460CZY"]
    );
    assert_eq!(
        c.unsubscribe(std::slice::from_ref(&i.id), 1, None, None)
            .await
            .unwrap()
            .order_ids,
        ["CS241125191112O62"]
    );
    assert_eq!(c.balances().await.unwrap().cash(), 123.45);
    assert_eq!(
        c.renew_price(std::slice::from_ref(&i.id), PeriodType::Month, 1)
            .await
            .unwrap()
            .renew_inquiry_results[0]
            .amount,
        Some("24.00".parse().unwrap())
    );
    assert_eq!(
        c.order_details("CS24022811305H1EW")
            .await
            .unwrap()
            .order_info
            .status,
        5
    );
    c.set_auto_renew(&i.id, true).await.unwrap();
    c.pay_order("CS24022811305H1EW").await.unwrap();
    let f = flexus_core::fleet::refresh(&c, time::macros::datetime!(2024-10-10 00:00 UTC))
        .await
        .unwrap();
    assert_eq!(f.instances[0].days_left, Some(3));
    assert_eq!(f.instances[0].status, "ACTIVE");
    assert!(f.problems.is_empty());

    // What went on the wire: the documented methods and bodies.
    let log = log.lock().unwrap();
    let find = |p: &str| {
        log.iter()
            .find(|(_, path, _, _)| path.ends_with(p))
            .cloned()
            .unwrap()
    };
    let (m, _, body, _) = find("/cloudservers/action");
    assert_eq!(m, "POST");
    assert_eq!(body["reboot"]["type"], "SOFT");
    let (_, _, body, _) = find("/resources/renew");
    assert_eq!(
        (body["period_type"].as_i64(), body["period_num"].as_i64()),
        (Some(2), Some(1))
    );
    let (_, _, body, _) = find("/resources/unsubscribe");
    assert_eq!(body["unsubscribe_type"], 1);
    let (m, _, _, headers) = log
        .iter()
        .find(|(_, p, _, _)| p.contains("/autorenew/"))
        .cloned()
        .unwrap();
    assert_eq!(m, "POST");
    assert!(
        headers.iter().any(|(k, _)| k == "x-domain-id"),
        "BSS is domain-scoped"
    );
    let (_, _, _, headers) = find("/cloudservers/72a270de-665a-4f46-8d64-24ad6edccdd2");
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "x-project-id" && v == "067cf8aef3845d1ad7a5d308322f13b"),
        "ECS is project-scoped"
    );
}

fn cli(url: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"));
    cmd.env("HW_ACCESS_KEY", "AKCLI0000000000001")
        .env("HW_SECRET_KEY", "SKCLI-secret")
        .env_remove("HW_SECURITY_TOKEN");
    // A data folder for this one call, removed after it.
    let data = std::env::temp_dir().join(format!("flexus-cli-{}", uuid::Uuid::new_v4()));
    cmd.env("FLEXUS_DATA_DIR", &data);
    cmd.args(["--site", "cn"]);
    for s in ["iam", "rms", "hcss", "bss", "ecs"] {
        cmd.args(["--endpoint", &format!("{s}={url}")]);
    }
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&data);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_runs_every_command_against_the_documented_payloads() {
    let (url, log) = server().await;
    let u = url.clone();
    // One command line (split at spaces, as a shell would here) and what is typed.
    let run = move |line: &str, stdin: &'static str| {
        let (u, args) = (u.clone(), line.to_string());
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.split_whitespace().collect();
                cli(&u, &args, stdin)
            })
            .await
            .unwrap()
        }
    };
    let id = "66e3e9f8b271f8319ef19e86";
    let (code, out, err) = run("--json list", "").await;
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["instances"][0]["public_ip"], "119.3.166.187");
    assert_eq!(run("balance", "").await.1.trim(), "Balance: 123.45 CNY");
    assert!(run("traffic", "")
        .await
        .1
        .contains("180.0 of    200 GB left"));
    assert!(run("show-regions", "").await.1.contains("cn-southwest-2"));
    assert!(run("--region cn-southwest-2 show-images", "")
        .await
        .1
        .contains("Appendix"));
    assert!(run(
        "--region cn-southwest-2 show-specs --image Ubuntu:22.04",
        ""
    )
    .await
    .1
    .contains("ahf.small.1.linux"));
    assert!(run("order --order-id CS24022811305H1EW", "")
        .await
        .1
        .contains("completed"));

    // Paid actions: dry run and a "no" send nothing; --confirm sends exactly one.
    let (code, out, _) = run(
        "renewal --resource-ids 66e3e9f8b271f8319ef19e86 --dry-run",
        "",
    )
    .await;
    assert_eq!(code, 0);
    assert!(
        out.contains("nothing was sent") && out.contains("24.00 CNY"),
        "{out}"
    );
    let (code, _, err) = run(&format!("renewal --resource-ids {id}"), "no\n").await;
    assert_eq!(code, 3, "{err}");
    assert!(!log
        .lock()
        .unwrap()
        .iter()
        .any(|(_, p, _, _)| p.ends_with("/resources/renew")));
    let (code, out, err) = run(
        &format!("renewal --resource-ids {id} --period-num 2 --confirm"),
        "",
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CS241125185460CZY"));
    let (code, _, _) = run(
        &format!("unsubscribe --resource-ids {id} --type 2 --reason moving"),
        "yes\n",
    )
    .await;
    assert_eq!(code, 0);
    let (code, out, err) = run("create-instance --region cn-north-4 --image Ubuntu:22.04 --cpu 2 --memory 4 --instance-name web-01 --evs 20 --hss --tag env=prod --confirm", "")
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CS24022811305H1EW"));
    let (code, _, err) = run("create-instance --region cn-north-4 --image Ubuntu:22.04 --plan-spec hf.large.1.30m.linux --confirm", "")
    .await;
    assert_eq!(
        code, 2,
        "a spec from another site is refused before sending: {err}"
    );
    assert!(err.contains("hf.large.1.30m.linux"));
    let (code, _, err) = run(&format!("reboot --resource-ids {id} --wait"), "").await;
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &format!("reset-password --resource-ids {id} --confirm"),
        "Flexus@2026x\n",
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(
        &format!("reset-password --resource-ids {id} --confirm"),
        "weak\n",
    )
    .await;
    assert_eq!(code, 2);
    let (code, _, _) = run(&format!("auto-renew --resource-ids {id} --off"), "").await;
    assert_eq!(code, 0);
    let (code, _, _) = run("pay --order-id CS24022811305H1EW --confirm", "").await;
    assert_eq!(code, 0);

    let log = log.lock().unwrap();
    let count = |p: &str| {
        log.iter()
            .filter(|(_, path, _, _)| path.ends_with(p))
            .count()
    };
    assert_eq!(count("/resources/renew"), 1);
    assert_eq!(count("/light-instances"), 1);
    let (_, _, body, headers) = log
        .iter()
        .find(|(_, p, _, _)| p == "/v1/light-instances")
        .cloned()
        .unwrap();
    assert_eq!(
        body["plan_spec"], "hf.large.2.3m.linux",
        "auto-matched 2 vCPU / 4 GiB"
    );
    assert_eq!(body["is_auto_renew"], false, "auto-renew off unless asked");
    assert_eq!(body["is_auto_pay"], false, "auto-pay off unless asked");
    assert_eq!(
        body["extra_resources"],
        serde_json::json!([{"type": "evs", "size": 20}, {"type": "hss"}])
    );
    assert_eq!(
        body["tags"],
        serde_json::json!([{"key": "env", "value": "prod"}])
    );
    let crid = headers
        .iter()
        .find(|(k, _)| k == "client-request-id")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(flexus_core::validate::client_request_id(&crid).is_ok());
    let (_, _, body, _) = log
        .iter()
        .find(|(_, p, _, _)| p.ends_with("/resources/renew"))
        .cloned()
        .unwrap();
    assert_eq!(body["period_num"], 2);
    assert_eq!(body["is_auto_pay"], 0);
    let (_, _, body, _) = log
        .iter()
        .find(|(_, p, _, _)| p.ends_with("/resources/unsubscribe"))
        .cloned()
        .unwrap();
    assert_eq!(
        (
            body["unsubscribe_type"].as_i64(),
            body["unsubscribe_reason"].as_str()
        ),
        (Some(2), Some("moving"))
    );
    for (_, _, body, headers) in log.iter() {
        let all = format!("{body} {headers:?}");
        assert!(
            !all.contains("SKCLI-secret"),
            "the SK never goes on the wire"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_lifecycle_against_the_simulator() {
    let sim = start(flexus_sim::Seed::Demo).await;
    sim.sim.set_balance(Site::Intl, 200.0);
    let urls = sim.urls.clone();
    // A data folder of its own (journal, settings), removed at the end.
    let data = std::env::temp_dir().join(format!("flexus-cli-sim-{}", uuid::Uuid::new_v4()));
    let dir = data.clone();
    let run = move |args: Vec<String>| {
        let (urls, dir) = (urls.clone(), dir.clone());
        async move {
            tokio::task::spawn_blocking(move || {
                let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"));
                cmd.env("HW_ACCESS_KEY", flexus_sim::seed::DEMO_INTL_AK)
                    .env("HW_SECRET_KEY", flexus_sim::seed::DEMO_INTL_SK);
                cmd.env("FLEXUS_DATA_DIR", &dir);
                cmd.args(common::cli_endpoints(&urls));
                let o = cmd
                    .arg("--json")
                    .args(&args)
                    .stdin(std::process::Stdio::null())
                    .output()
                    .unwrap();
                (
                    o.status.code().unwrap_or(-1),
                    String::from_utf8_lossy(&o.stdout).to_string(),
                    String::from_utf8_lossy(&o.stderr).to_string(),
                )
            })
            .await
            .unwrap()
        }
    };
    let a = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (code, out, err) = run(a("create-instance --region ap-southeast-1 --image Debian:11.1 --plan-spec hf.large.05.30m.linux --instance-name cli-box --auto-pay --confirm --wait")).await;
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let id = v["instance_ids"][0].as_str().unwrap().to_string();
    for cmd in ["stop", "start", "reboot"] {
        let (code, out, err) = run(a(&format!("{cmd} --resource-ids {id} --wait"))).await;
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains("SUCCESS"), "{cmd}: {out}");
    }
    let (code, _, err) = run(a(&format!(
        "renewal --resource-ids {id} --auto-pay --confirm"
    )))
    .await;
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(a(&format!("auto-renew --resource-ids {id} --on"))).await;
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(a(&format!(
        "unsubscribe --resource-ids {id} --type 1 --confirm"
    )))
    .await;
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(a("list")).await;
    assert_eq!(code, 0);
    assert!(!out.contains(&id));
    // Missing credentials: a clear usage error, exit 2.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"))
        .arg("balance")
        .env_remove("HW_ACCESS_KEY")
        .env_remove("HW_SECRET_KEY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("HW_ACCESS_KEY"));
    let _ = std::fs::remove_dir_all(&data);
}
