//! Dashboard refresh against the simulator with injected per-request latency r:
//! Flexus Desk's concurrent refresh vs a sequential baseline making the same calls
//! one after another (as the lifecycle skill would). Prints a Markdown table.
//! Run: `cargo run --release -p flexus-sim --example bench_refresh`

use std::time::{Duration, Instant};

use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::fleet;
use flexus_core::{Credentials, Site};
use flexus_sim::{self as sim, seed, Seed, SimOptions};

#[path = "../tests/common/sequential.rs"]
mod sequential;

fn client(r: &sim::Running) -> CloudClient {
    let c = Credentials::new(seed::DEMO_INTL_AK, seed::DEMO_INTL_SK, None);
    CloudClient::new(c, r.endpoints(Site::Intl), ClientOptions::default()).unwrap()
}

#[tokio::main]
async fn main() {
    let budget_s: f64 = std::env::var("BENCH_BASELINE_MAX_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40.0);
    println!("| instances | r (ms) | cold refresh (ms) | warm refresh (ms) | requests | sequential baseline (ms) | requests | speed-up (warm) | target 3r+100 (at 100) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for n in [10usize, 100, 1000] {
        let running = sim::start(SimOptions {
            seed: Seed::Scale(n),
            op_delay: Duration::from_secs(2),
            ..Default::default()
        })
        .await
        .unwrap();
        for r in [0u64, 50, 200] {
            running.sim.set_latency_ms(r);
            let now = running.sim.now();
            let c = client(&running);
            let t = Instant::now();
            let f = fleet::refresh(&c, now).await.unwrap();
            let cold = t.elapsed();
            assert_eq!(f.instances.len(), n);
            let sent0 = c.requests_sent();
            let t = Instant::now();
            fleet::refresh(&c, now).await.unwrap();
            let warm = t.elapsed();
            let warm_reqs = c.requests_sent() - sent0;
            // The baseline makes ~3 calls per instance; skip runs that would take too long
            // and show the estimate from the measured per-call time instead.
            let est = (3 * n + 4) as f64 * (r as f64 / 1000.0 + 0.0004);
            let (base, base_reqs) = if est <= budget_s {
                let b = client(&running);
                sequential::refresh_sequential(&b, now).await.unwrap(); // warm its IAM caches
                let s0 = b.requests_sent();
                let t = Instant::now();
                sequential::refresh_sequential(&b, now).await.unwrap();
                (
                    format!("{:.0}", t.elapsed().as_secs_f64() * 1000.0),
                    format!("{}", b.requests_sent() - s0),
                )
            } else {
                (
                    format!("~{:.0} (estimated, not run)", est * 1000.0),
                    format!("~{}", 3 * n + 2),
                )
            };
            let speed = base
                .trim_start_matches('~')
                .split(' ')
                .next()
                .and_then(|b| b.parse::<f64>().ok())
                .map(|b| format!("{:.1}×", b / (warm.as_secs_f64() * 1000.0)))
                .unwrap_or_default();
            let target = if n == 100 {
                let t = 3.0 * r as f64 + 100.0;
                format!(
                    "{} ({:.0} ms)",
                    if warm.as_secs_f64() * 1000.0 <= t {
                        "met"
                    } else {
                        "missed"
                    },
                    t
                )
            } else {
                String::new()
            };
            println!("| {n} | {r} | {:.0} | {:.0} | {warm_reqs} | {base} | {base_reqs} | {speed} | {target} |", cold.as_secs_f64() * 1000.0, warm.as_secs_f64() * 1000.0);
        }
    }
    // Signing throughput on one core.
    let creds = Credentials::new(
        "HPUAEXAMPLEAK0000001",
        "Xk9fTq2LmZ8vR4wB7nJc1EaYs6HdUo3GpKiV0tNf",
        None,
    );
    let base = flexus_core::sign::SignableRequest {
        method: "POST".into(),
        host: "bss.myhuaweicloud.com".into(),
        path: "/v2/orders/subscriptions/resources/renew".into(),
        query: vec![],
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: br#"{"resource_ids":["6743d0e3708be6007b8c8012"],"period_type":2,"period_num":1}"#
            .to_vec(),
    };
    let mut first = base.clone();
    println!(
        "rust authorization: {}",
        flexus_core::sign::sign(
            &mut first,
            &creds,
            None,
            Some("f9e8d7c6b5a4938271605f4e3d2c1b0a"),
            "20240115T080910Z"
        )
        .authorization
    );
    let n = 200_000;
    let t = Instant::now();
    for _ in 0..n {
        let mut r = base.clone();
        std::hint::black_box(flexus_core::sign::sign(
            &mut r,
            &creds,
            None,
            Some("f9e8d7c6b5a4938271605f4e3d2c1b0a"),
            "20240115T080910Z",
        ));
    }
    println!(
        "\nsignatures per second (one core, Rust): {:.0}",
        n as f64 / t.elapsed().as_secs_f64()
    );
}
