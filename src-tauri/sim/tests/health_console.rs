//! Health metrics (Cloud Eye) and the rescue console against the simulated cloud:
//! summaries from real signed CES calls, "no data" for a stopped server, and a clear
//! typed "not permitted" when Cloud Eye or the console refuses these keys, with
//! everything else still working.

mod common;

use flexus_core::client::console::ConsoleTarget;
use flexus_core::fleet;
use flexus_core::metrics::{self, Health};
use flexus_sim::Seed;
use time::macros::offset;

#[tokio::test]
async fn health_of_a_running_server_reads_in_plain_words() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let web = common::instance_named(&c, &sim, "erp").await;
    let sid = web.server_id.clone().unwrap();
    let h = metrics::health(&c, &web.region, &sid, 24, sim.sim.now(), offset!(+8), "en")
        .await
        .unwrap();
    let Health::Data { series, summaries } = h else {
        panic!("{h:?}")
    };
    assert_eq!(series.len(), 5);
    assert!(
        series.iter().all(|s| s.points.len() >= 280),
        "a day of 5-minute points"
    );
    let cpu = &summaries[0];
    assert!(
        cpu.starts_with("CPU averaged ")
            && cpu.contains("peaked at 95 % ")
            && cpu.ends_with(" 14:05"),
        "{cpu}"
    );
    assert!(
        summaries[2].starts_with("Outbound traffic averaged "),
        "{summaries:?}"
    );
    let zh = metrics::health(
        &c,
        &web.region,
        &sid,
        24,
        sim.sim.now(),
        offset!(+8),
        "zh-CN",
    )
    .await
    .unwrap();
    let Health::Data { summaries, .. } = zh else {
        panic!()
    };
    assert!(summaries[0].contains("达到峰值 95 %"), "{summaries:?}");
    // A week: hourly points, one batch call for the dashboard's sparklines.
    let before = sim.sim.count_matching("batch-query-metric-data");
    let now_ms = sim.sim.now().unix_timestamp() * 1000;
    let b = c
        .batch_metric_data(
            &web.region,
            std::slice::from_ref(&sid),
            &["cpu_util"],
            "average",
            now_ms - 7 * 24 * 3_600_000,
            now_ms,
        )
        .await
        .unwrap();
    assert_eq!(
        sim.sim.count_matching("batch-query-metric-data"),
        before + 1
    );
    assert!(
        (160..=168).contains(&b[0].points.len()),
        "{}",
        b[0].points.len()
    );
}

#[tokio::test]
async fn a_stopped_server_has_no_data_yet() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let staging = common::instance_named(&c, &sim, "staging").await;
    assert_eq!(staging.status, "SHUTOFF");
    let h = metrics::health(
        &c,
        &staging.region,
        staging.server_id.as_deref().unwrap(),
        24,
        sim.sim.now(),
        offset!(UTC),
        "en",
    )
    .await
    .unwrap();
    assert_eq!(h, Health::NoData);
}

#[tokio::test]
async fn cloud_eye_refusing_these_keys_is_a_clear_state_and_breaks_nothing() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let erp = common::instance_named(&c, &sim, "erp").await;
    let sid = erp.server_id.clone().unwrap();
    sim.sim.set_refused("ces", true).unwrap();
    let h = metrics::health(&c, &erp.region, &sid, 24, sim.sim.now(), offset!(UTC), "en")
        .await
        .unwrap();
    match h {
        Health::NotPermitted { code, message } => {
            assert_eq!(code, "ces.0050");
            assert!(message.contains("ces:metricData:list"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // The batch call gives the typed error, not a decode or network failure.
    let now_ms = sim.sim.now().unix_timestamp() * 1000;
    let e = c
        .batch_metric_data(
            &erp.region,
            std::slice::from_ref(&sid),
            &["cpu_util"],
            "average",
            now_ms - 3_600_000,
            now_ms,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "forbidden", "{e}");
    // Everything else still works: the fleet, its traffic, the console.
    let f = fleet::refresh(&c, sim.sim.now()).await.unwrap();
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert!(f.instances.iter().any(|i| i.traffic_left_gb.is_some()));
    assert!(matches!(
        c.console_target(&erp.region, &sid).await,
        ConsoleTarget::Vnc { .. }
    ));
    sim.sim.set_refused("ces", false).unwrap();
    assert!(matches!(
        metrics::health(&c, &erp.region, &sid, 1, sim.sim.now(), offset!(UTC), "en").await,
        Ok(Health::Data { .. })
    ));
    assert!(sim.sim.set_refused("nope", true).is_err());
}

#[tokio::test]
async fn console_refused_falls_back_to_the_web_console_page() {
    let sim = common::start(Seed::Demo).await;
    let c = common::intl(&sim);
    let erp = common::instance_named(&c, &sim, "erp").await;
    let sid = erp.server_id.clone().unwrap();
    let before = sim.sim.count_matching("remote_console");
    match c.console_target(&erp.region, &sid).await {
        ConsoleTarget::Vnc { url } => {
            assert!(
                url.starts_with(&format!("https://novnc.{}.myhuaweicloud.com/", erp.region)),
                "{url}"
            );
            assert!(url.contains("token="));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sim.sim.count_matching("remote_console"),
        before + 1,
        "sent once"
    );
    sim.sim.set_refused("console", true).unwrap();
    match c.console_target(&erp.region, &sid).await {
        ConsoleTarget::WebConsole { url, reason } => {
            assert_eq!(
                url,
                format!(
                    "https://console-intl.huaweicloud.com/ecm/?region={}#/ecs/manager/ecsDetail?instanceId={sid}",
                    erp.region
                )
            );
            assert!(reason.contains("ecs:cloudServers:vnc"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Refusal is only for the console: the server itself is still readable.
    assert_eq!(c.server(&erp.region, &sid).await.unwrap().status, "ACTIVE");
    // A stopped server has no console either: the page, with the reason.
    let staging = common::instance_named(&c, &sim, "staging").await;
    sim.sim.set_refused("console", false).unwrap();
    assert!(matches!(
        c.console_target(&staging.region, staging.server_id.as_deref().unwrap())
            .await,
        ConsoleTarget::WebConsole { .. }
    ));
}
