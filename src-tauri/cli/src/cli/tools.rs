//! Tools beside the cloud: `sim` (the simulated cloud on its own) and
//! `debug sign` (the signer on an official test vector).

use std::io::Read;
use std::time::Duration;

use serde_json::json;

use super::shared::Fail;
use flexus_sim::{self as sim, Seed, SimOptions};

pub async fn serve(port: u16, seed: Seed, latency_ms: u64, op_delay_ms: u64) -> Result<(), Fail> {
    let running = sim::start(SimOptions {
        seed,
        latency_ms,
        op_delay: Duration::from_millis(op_delay_ms),
        base_port: port,
        // A world of its own: instance ids unlike the in-app demo's (whose seed keeps
        // them stable across restarts), as two real accounts never share an instance
        // id. An app with both the demo and this cloud as accounts sees two fleets.
        rng_seed: 8,
    })
    .await
    .map_err(|e| Fail(1, format!("cannot start the simulator: {e}")))?;
    let info = json!({
        "endpoints": running.urls,
        // The admin API wants `Authorization: Bearer <admin_token>`.
        "admin_token": running.admin_token(),
        "credentials": {
            "intl": {"HW_ACCESS_KEY": sim::seed::DEMO_INTL_AK, "HW_SECRET_KEY": sim::seed::DEMO_INTL_SK},
            "cn": {"HW_ACCESS_KEY": sim::seed::DEMO_CN_AK, "HW_SECRET_KEY": sim::seed::DEMO_CN_SK}
        },
        "note": "Simulated cloud for Flexus Desk; these demo keys open nothing real."
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&info).unwrap_or_default()
    );
    let u = &running.urls;
    eprintln!(
        "\nTry: HW_ACCESS_KEY={} HW_SECRET_KEY={} flexus --site intl --endpoint iam={} --endpoint rms={} --endpoint hcss={} --endpoint bss={} --endpoint ecs={} list",
        sim::seed::DEMO_INTL_AK, sim::seed::DEMO_INTL_SK, u["iam"], u["rms"], u["hcss"], u["bss-intl"], u["ecs"]
    );
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}

pub fn debug_sign() -> i32 {
    let mut s = String::new();
    if std::io::stdin().read_to_string(&mut s).is_err() {
        eprintln!("error: cannot read stdin");
        return 2;
    }
    match serde_json::from_str::<flexus_core::debug_sign::VectorInput>(&s) {
        Ok(input) => {
            let sig = flexus_core::debug_sign::sign_vector(&input);
            println!(
                "{}",
                json!({"authorization": sig.authorization, "canonical_request": sig.canonical_request, "string_to_sign": sig.string_to_sign, "signed_headers": sig.signed_headers})
            );
            0
        }
        Err(e) => {
            eprintln!("error: the input is not a signing vector: {e}");
            2
        }
    }
}
