#![allow(dead_code)]
//! Shared helpers: a simulator on random loopback ports and clients for it.

pub mod sequential;

use std::time::Duration;

use flexus_core::client::{ClientOptions, CloudClient, RetryPolicy};
use flexus_core::fleet::InstanceView;
use flexus_core::{Credentials, Endpoints, Site};
use flexus_sim::{self as sim, seed, Running, Seed, SimOptions};

pub async fn start(seed: Seed) -> Running {
    sim::start(SimOptions {
        seed,
        op_delay: Duration::from_millis(300),
        ..Default::default()
    })
    .await
    .expect("simulator starts")
}

pub fn fast_opts() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(80),
        },
        ..Default::default()
    }
}

pub fn client_with(
    sim: &Running,
    site: Site,
    creds: Credentials,
    opts: ClientOptions,
) -> CloudClient {
    CloudClient::new(creds, sim.endpoints(site), opts).expect("client")
}

pub fn intl(sim: &Running) -> CloudClient {
    intl_with(sim, fast_opts())
}

/// The demo's international account with these client options.
pub fn intl_with(sim: &Running, opts: ClientOptions) -> CloudClient {
    client_with(
        sim,
        Site::Intl,
        Credentials::new(seed::DEMO_INTL_AK, seed::DEMO_INTL_SK, None),
        opts,
    )
}

pub fn cn(sim: &Running) -> CloudClient {
    client_with(
        sim,
        Site::Cn,
        Credentials::new(seed::DEMO_CN_AK, seed::DEMO_CN_SK, None),
        fast_opts(),
    )
}

pub fn endpoints_to(url: &str, site: Site) -> Endpoints {
    let mut e = Endpoints::new(site);
    for s in flexus_core::Service::ALL {
        e = e.with_override(s, url);
    }
    e
}

pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("flexus-test-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Polls an order until it leaves "processing" (bounded).
pub async fn wait_order(c: &CloudClient, order_id: &str, sim: &Running) -> i64 {
    for _ in 0..100 {
        let s = c
            .order_details(order_id)
            .await
            .expect("order details")
            .order_info
            .status;
        if s != 3 {
            return s;
        }
        sim.sim.advance(time::Duration::milliseconds(100));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("order {order_id} never finished");
}

pub async fn wait_job(
    c: &CloudClient,
    region: &str,
    job: &str,
    sim: &Running,
) -> flexus_core::client::models::Job {
    for _ in 0..100 {
        let j = c.job(region, job).await.expect("job");
        if j.finished() {
            return j;
        }
        sim.sim.advance(time::Duration::milliseconds(100));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("job {job} never finished");
}

pub use flexus_core::fixtures::purchase_req;

/// The CLI's `--endpoint service=url` arguments that point it at this simulator.
pub fn cli_endpoints(urls: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    [
        ("iam", "iam"),
        ("rms", "rms"),
        ("hcss", "hcss"),
        ("bss", "bss-intl"),
        ("ecs", "ecs"),
        ("ces", "ces"),
    ]
    .iter()
    .flat_map(|(svc, key)| ["--endpoint".to_string(), format!("{svc}={}", urls[*key])])
    .collect()
}

/// The simulator's own records of one kind (`orders`, `instances`), those that `keep`.
fn world_records(
    sim: &Running,
    kind: &str,
    keep: impl Fn(&serde_json::Value) -> bool,
) -> Vec<serde_json::Value> {
    sim.sim.state()[kind]
        .as_array()
        .expect("the simulator lists them")
        .iter()
        .filter(|r| keep(r))
        .cloned()
        .collect()
}

/// The simulator's orders of one type (1 purchase, 2 renewal, 4 unsubscription).
pub fn world_orders(sim: &Running, order_type: i64) -> Vec<serde_json::Value> {
    world_records(sim, "orders", |o| o["order_type"] == order_type)
}

/// The simulator's own record of the instance that holds this server.
pub fn world_server(sim: &Running, server_id: &str) -> serde_json::Value {
    world_records(sim, "instances", |i| i["server_id"] == server_id)
        .pop()
        .expect("the server's instance")
}

/// Sends a power action to one server straight through the client; its job id (the
/// job runs on as the simulated clock moves).
pub async fn send_power(
    c: &CloudClient,
    region: &str,
    server_id: &str,
    action: flexus_core::client::ecs::ServerAction,
    hard: bool,
) -> String {
    c.server_action(region, action, &[server_id.to_string()], hard)
        .await
        .expect("the action is accepted")
}

/// Sends a power action to one server and waits for its job, however it ends.
pub async fn power(
    c: &CloudClient,
    sim: &Running,
    region: &str,
    server_id: &str,
    action: flexus_core::client::ecs::ServerAction,
    hard: bool,
) -> flexus_core::client::models::Job {
    let job = send_power(c, region, server_id, action, hard).await;
    wait_job(c, region, &job, sim).await
}

/// Buys `purchase_req(name, auto_pay)` under a fresh client token (a new order each call).
pub async fn place(
    c: &CloudClient,
    name: &str,
    auto_pay: bool,
) -> flexus_core::client::models::CreateInstanceResponse {
    c.create_instances(
        &purchase_req(name, auto_pay),
        &uuid::Uuid::new_v4().to_string(),
    )
    .await
    .expect("the purchase is accepted")
}

/// The order's status as BSS reports it (5 done, 6 waiting for payment, 4 cancelled).
pub async fn order_status(c: &CloudClient, order_id: &str) -> i64 {
    c.order_details(order_id)
        .await
        .expect("order details")
        .order_info
        .status
}

/// The instance of this name as RMS lists it, if it is listed.
pub async fn rms_instance(
    c: &CloudClient,
    name: &str,
) -> Option<flexus_core::client::rms::FlexusInstance> {
    c.list_instances(None)
        .await
        .expect("instances")
        .into_iter()
        .find(|i| i.name == name)
}

/// Whether an instance of this name is listed (RMS).
pub async fn listed(c: &CloudClient, name: &str) -> bool {
    rms_instance(c, name).await.is_some()
}

/// The instance called `name`, from a dashboard refresh at the simulated time.
pub async fn instance_named(c: &CloudClient, sim: &Running, name: &str) -> InstanceView {
    flexus_core::fleet::refresh(c, sim.sim.now())
        .await
        .expect("fleet")
        .instances
        .into_iter()
        .find(|i| i.name == name)
        .expect(name)
}

/// An empty cloud with 1,000 USD, one running instance bought with auto-pay and one
/// unpaid purchase order: (simulator, instance id, unpaid order id). The money tests
/// start every paid action from it.
pub async fn paid_world() -> (Running, String, String) {
    let sim = start(Seed::Empty).await;
    sim.sim.set_balance(Site::Intl, 1000.0);
    let c = intl(&sim);
    let base = place(&c, "base", true).await;
    assert_eq!(wait_order(&c, &base.order_id, &sim).await, 5);
    let unpaid = place(&c, "later", false).await;
    (sim, base.instance_ids[0].clone(), unpaid.order_id)
}
