//! The real `flexus` binary against the simulated cloud: `traffic --forecast`,
//! `metrics`, `calendar --ics` and `export --csv`.

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use flexus_sim::{seed, Running, Seed};
use serde_json::Value;
use time::Duration;

fn flexus(urls: &BTreeMap<String, String>, data: &Path, args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"));
    cmd.env("HW_ACCESS_KEY", seed::DEMO_INTL_AK)
        .env("HW_SECRET_KEY", seed::DEMO_INTL_SK)
        .env_remove("HW_SECURITY_TOKEN")
        .env("LANG", "en_US.UTF-8")
        .env("FLEXUS_DATA_DIR", data)
        .args(["--site", "intl"]);
    cmd.args(common::cli_endpoints(urls));
    cmd.args(args).output().expect("flexus runs")
}

async fn run(sim: &Running, data: &Path, args: &[&str]) -> (Output, String) {
    let (urls, d) = (sim.urls.clone(), data.to_path_buf());
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let o = tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        flexus(&urls, &d, &a)
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    (o, text)
}

async fn ids_of(sim: &Running, names: &[&str]) -> Vec<String> {
    let c = common::intl(sim);
    let list = c.list_instances(None).await.unwrap();
    names
        .iter()
        .map(|n| list.iter().find(|i| &i.name == n).unwrap().id.clone())
        .collect()
}

fn data_dir() -> PathBuf {
    common::temp_dir("cli-features")
}

#[tokio::test]
async fn traffic_forecast_keeps_readings_and_uses_a_day_of_them() {
    let sim = common::start(Seed::Demo).await;
    let data = data_dir();
    let (o, text) = run(&sim, &data, &["traffic", "--forecast", "--json"]).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first: Value = serde_json::from_str(&text).unwrap();
    let erp = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "erp")
            .cloned()
            .unwrap()
    };
    assert!(erp(&first)["percent_used"].as_f64().unwrap() > 60.0);
    sim.sim.advance(Duration::hours(24));
    let (o, text) = run(&sim, &data, &["traffic", "--forecast", "--json"]).await;
    assert!(o.status.success());
    let second = erp(&serde_json::from_str(&text).unwrap());
    // Two readings a day apart: the rate is the day's, on the cloud's clock.
    let kept: Value =
        serde_json::from_slice(&std::fs::read(data.join("traffic-readings.json")).unwrap())
            .unwrap();
    let pkg = second["traffic_package_id"].as_str().unwrap();
    assert_eq!(kept[pkg].as_array().unwrap().len(), 2);
    let f = &second["forecast"];
    let day = erp(&first)["left_gb"].as_f64().unwrap() - second["left_gb"].as_f64().unwrap();
    assert!(day > 1.0, "{first:#} {second:#}");
    assert!(
        (f["gb_per_day"].as_f64().unwrap() - day).abs() < 0.05,
        "{day} {second:#}"
    );
    let (o, text) = run(&sim, &data, &["traffic", "--forecast"]).await;
    assert!(o.status.success());
    let line = text.lines().find(|l| l.starts_with("erp")).unwrap();
    assert!(
        line.contains("% of") && (line.contains("runs out around") || line.contains("lasts")),
        "{line}"
    );
    let _ = std::fs::remove_dir_all(data);
}

#[tokio::test]
async fn metrics_in_plain_words_and_a_clear_refusal() {
    let sim = common::start(Seed::Demo).await;
    let data = data_dir();
    let ids = ids_of(&sim, &["erp", "staging"]).await.join(",");
    let (o, text) = run(
        &sim,
        &data,
        &[
            "metrics",
            "--resource-ids",
            &ids,
            "--hours",
            "24",
            "--utc-offset",
            "8",
        ],
    )
    .await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.lines().any(|l| l.contains("CPU averaged")
            && l.contains("peaked at 95 %")
            && l.ends_with("14:05")),
        "{text}"
    );
    assert!(text.contains("no data yet"), "the stopped server: {text}");
    let (o, json) = run(
        &sim,
        &data,
        &[
            "metrics",
            "--resource-ids",
            &ids,
            "--hours",
            "168",
            "--json",
        ],
    )
    .await;
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        10,
        "5 metrics × 2 servers in one batch"
    );
    sim.sim.set_refused("ces", true).unwrap();
    let (o, _) = run(&sim, &data, &["metrics", "--resource-ids", &ids]).await;
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("Cloud Eye") && err.contains("ces.0050"),
        "{err}"
    );
    let (o, _) = run(
        &sim,
        &data,
        &["metrics", "--resource-ids", &ids, "--hours", "0"],
    )
    .await;
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(data);
}

#[tokio::test]
async fn calendar_writes_an_ics_and_export_writes_a_csv() {
    let sim = common::start(Seed::Demo).await;
    let data = data_dir();
    let ics = data.join("renewals.ics");
    let (o, text) = run(&sim, &data, &["calendar", "--ics", ics.to_str().unwrap()]).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.contains("your balance "), "{text}");
    assert!(text.contains(" USD"), "{text}");
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
    assert!(cal.matches("BEGIN:VEVENT").count() >= 7);
    assert!(cal.contains("TRIGGER:-P7D"));
    let csv = data.join("instances.csv");
    let (o, text) = run(&sim, &data, &["export", "--csv", csv.to_str().unwrap()]).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.contains("instances written"), "{text}");
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with("name,id,region,status,"));
    assert_eq!(
        body.matches("\r\n").count(),
        7,
        "header and 6 intl instances"
    );
    // A folder that does not exist: a clear error, nothing half-written.
    let bad = data.join("missing/instances.csv");
    let (o, _) = run(&sim, &data, &["export", "--csv", bad.to_str().unwrap()]).await;
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write"));
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn a_profile_in_settings_from_a_newer_app_is_refused_not_guessed() {
    let data = std::env::temp_dir().join(format!("flexus-cli-schema-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data).unwrap();
    let settings = data.join("settings.json");
    let newer =
        br#"{"settings":{"schema_version":99,"profiles":[{"name":"shop","key_id":"p-1"}]}}"#;
    std::fs::write(&settings, newer).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_flexus"))
        .env_remove("HW_ACCESS_KEY")
        .env_remove("HW_SECRET_KEY")
        .env("FLEXUS_DATA_DIR", &data)
        .args(["--profile", "shop", "balance"])
        .output()
        .expect("flexus runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("newer Flexus Desk"), "{err}");
    assert_eq!(std::fs::read(&settings).unwrap(), newer);
    std::fs::remove_dir_all(&data).unwrap();
}

#[tokio::test]
async fn a_renewal_from_the_cli_journals_the_price_it_confirmed() {
    let sim = common::start(Seed::Demo).await;
    let data = data_dir();
    let ids = ids_of(&sim, &["blog"]).await;
    let (o, text) = run(
        &sim,
        &data,
        &[
            "renewal",
            "--resource-ids",
            &ids[0],
            "--auto-pay",
            "--confirm",
        ],
    )
    .await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.contains("Renewal ordered"), "{text}");
    let (j, _) = flexus_core::journal::Journal::open(data.join("journal.jsonl")).unwrap();
    let entries = j.entries().unwrap();
    let renewal = entries
        .iter()
        .find(|e| e.action == "renew")
        .expect("journaled");
    let price = renewal.price.as_ref().expect("the confirmed price is kept");
    assert!(
        !price.amount.is_empty() && !price.currency.is_empty(),
        "{price:?}"
    );
    let _ = std::fs::remove_dir_all(data);
}
