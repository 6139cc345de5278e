//! Renewal calendar and cost outlook from the simulated cloud (renew-rate in batches of
//! at most 10), and the .ics / .csv files judged by outside parsers: the `icalendar`
//! package (RFC 5545) and Python's csv module (RFC 4180), from the contract venv.

mod common;

use std::path::PathBuf;

use flexus_core::export::{ics_calendar, instances_csv, write_file};
use flexus_core::fleet;
use flexus_core::outlook::{self, Due};
use flexus_sim::{self as sim, Seed, SimOptions};
use rust_decimal::Decimal;
use serde_json::Value;

fn reader() -> Option<(PathBuf, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/contract/files_read.py");
    let python = match std::env::var_os("FLEXUS_CONTRACT_PYTHON") {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(
                p.exists(),
                "FLEXUS_CONTRACT_PYTHON={} does not exist",
                p.display()
            );
            p
        }
        None => {
            let p = root.join("target/contract-venv/bin/python");
            if !p.exists() {
                eprintln!("calendar_export: no contract venv; the files are not judged");
                return None;
            }
            p
        }
    };
    Some((python, script))
}

fn read_with(kind: &str, path: &std::path::Path) -> Value {
    let (python, script) = reader().expect("reader");
    let o = std::process::Command::new(python)
        .arg(script)
        .arg(kind)
        .arg(path)
        .output()
        .expect("the reader runs");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    assert!(o.status.success(), "{v:#}");
    v
}

#[tokio::test]
async fn outlook_from_the_simulator_asks_prices_in_batches_of_ten() {
    let running = sim::start(SimOptions {
        seed: Seed::Scale(23),
        op_delay: std::time::Duration::from_millis(300),
        ..Default::default()
    })
    .await
    .unwrap();
    let c = common::intl(&running);
    let now = running.sim.now();
    let f = fleet::refresh(&c, now).await.unwrap();
    assert_eq!(f.instances.len(), 23);
    let before = running.sim.count_matching("renew-rate");
    let input = outlook::gather(&c, "intl demo", "USD", &f).await;
    let calls = running.sim.count_matching("renew-rate") - before;
    assert!(
        calls >= 3,
        "23 instances need 3 batches of at most 10, got {calls}"
    );
    let priced = input
        .instances
        .iter()
        .filter(|i| i.monthly_price.is_some())
        .count();
    let unpriced: Vec<_> = input
        .instances
        .iter()
        .filter(|i| i.monthly_price.is_none())
        .collect();
    assert!(priced > 0);
    assert!(
        unpriced.iter().all(|i| i.price_problem.is_some()),
        "an unknown price says why: {unpriced:?}"
    );
    let o = outlook::build(std::slice::from_ref(&input), now);
    assert!(!o.dues.is_empty());
    // Every due is inside the 12 months, per calendar month, summed exactly.
    let horizon = flexus_core::timefmt::utc(flexus_core::calendar::add_months(now, 12));
    assert!(o.dues.iter().all(|d| d.expire_time < horizon));
    let sum_months: Decimal = o.months.iter().map(|m| m.total).sum();
    let sum_dues: Decimal = o.dues.iter().filter_map(|d| d.amount).sum();
    assert_eq!(sum_months, sum_dues);
    assert_eq!(o.coverage[0].due_total, sum_dues);
    // With no money, the balance falls short in the first month anything is due.
    running.sim.set_balance(flexus_core::Site::Intl, 0.0);
    let f0 = fleet::refresh(&c, now).await.unwrap();
    let o0 = outlook::build(&[outlook::gather(&c, "intl demo", "USD", &f0).await], now);
    let first = o0.dues.iter().find(|d| d.amount.is_some()).unwrap();
    assert_eq!(
        o0.coverage[0].short_from.as_deref(),
        Some(first.month.as_str())
    );
}

fn tricky_due() -> Due {
    Due {
        account: "intl; main".into(),
        instance_id: "inst-42".into(),
        name: "web, shop; \"x\" \\ 新网站\nline two".into(),
        region: "ap-southeast-1".into(),
        expire_time: "2027-01-31T10:00:00Z".into(),
        month: "2027-01".into(),
        amount: Some("24.00".parse().unwrap()),
        currency: "USD".into(),
        auto_renew: false,
        overdue: false,
    }
}

#[tokio::test]
async fn ics_file_is_read_back_by_an_rfc5545_parser() {
    if reader().is_none() {
        return;
    }
    let running = common::start(Seed::Demo).await;
    let c = common::intl(&running);
    let now = running.sim.now();
    let f = fleet::refresh(&c, now).await.unwrap();
    let mut dues = outlook::build(&[outlook::gather(&c, "intl", "USD", &f).await], now).dues;
    let long = Due {
        name: "长".repeat(60),
        instance_id: "inst-long".into(),
        ..tricky_due()
    };
    dues.push(tricky_due());
    dues.push(long);
    let dir = common::temp_dir("ics");
    let path = dir.join("renewals.ics");
    for lang in ["en", "zh-CN"] {
        write_file(&path, &ics_calendar(&dues, now, lang)).unwrap();
        let v = read_with("ics", &path);
        assert_eq!(v["version"], "2.0");
        assert!(v["longest_line_octets"].as_u64().unwrap() <= 75, "{v}");
        assert_eq!(v["bare_lf"], false);
        let evs = v["events"].as_array().unwrap();
        assert_eq!(evs.len(), dues.len());
        let t = evs
            .iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with("inst-42-"))
            .unwrap();
        let renew = if lang == "en" { "Renew" } else { "续费" };
        assert_eq!(
            t["summary"],
            format!("{renew} web, shop; \"x\" \\ 新网站\nline two (ap-southeast-1): 24.00 USD")
        );
        assert!(t["description"]
            .as_str()
            .unwrap()
            .contains("intl; main: inst-42"));
        assert_eq!(t["dtstart"], "2027-01-31T10:00:00+00:00");
        assert_eq!(t["dtend"], "2027-01-31T10:30:00+00:00");
        let triggers: Vec<i64> = t["alarms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["trigger_seconds"].as_i64().unwrap())
            .collect();
        assert_eq!(triggers, vec![-7 * 86_400, -86_400]);
        assert!(t["alarms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["action"] == "DISPLAY"));
        let l = evs
            .iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with("inst-long-"))
            .unwrap();
        assert!(l["summary"].as_str().unwrap().contains(&"长".repeat(60)));
        // UIDs are unique, so a calendar keeps every renewal.
        let mut uids: Vec<&str> = evs.iter().map(|e| e["uid"].as_str().unwrap()).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), evs.len());
    }
    // The parser is a real judge: an unfolded, unescaped line breaks the file.
    std::fs::write(
        &path,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\n",
    )
    .unwrap();
    let (python, script) = reader().unwrap();
    let o = std::process::Command::new(python)
        .arg(script)
        .arg("ics")
        .arg(&path)
        .output()
        .unwrap();
    assert!(!o.status.success(), "a broken file must not read back");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn csv_file_is_read_back_by_an_rfc4180_reader() {
    if reader().is_none() {
        return;
    }
    let running = common::start(Seed::Demo).await;
    let c = common::intl(&running);
    let f = fleet::refresh(&c, running.sim.now()).await.unwrap();
    let mut list = f.instances.clone();
    let mut evil = list[0].clone();
    evil.name = "=HYPERLINK(\"http://x\",\"click\")".into();
    evil.description = None;
    evil.image = Some("shop, \"best\"\r\nsecond line".into());
    evil.id = "@SUM(A1:A2)".into();
    evil.days_left = Some(-4);
    list.push(evil);
    let dir = common::temp_dir("csv");
    let path = dir.join("instances.csv");
    write_file(&path, &instances_csv(&list)).unwrap();
    let v = read_with("csv", &path);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), list.len() + 1);
    assert_eq!(rows[0][0], "name");
    for (r, i) in rows[1..].iter().zip(&list[..list.len() - 1]) {
        assert_eq!(r[0], i.name.as_str());
        assert_eq!(r[1], i.id.as_str());
        assert_eq!(r[7], i.expire_time.clone().unwrap_or_default().as_str());
    }
    let last = rows.last().unwrap();
    assert_eq!(last[0], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(last[1], "'@SUM(A1:A2)");
    assert_eq!(last[6], "shop, \"best\"\r\nsecond line");
    assert_eq!(last[8], "-4", "numbers stay numbers");
    let _ = std::fs::remove_dir_all(dir);
}
