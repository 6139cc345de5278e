//! `flexus`: the lifecycle skill's commands for power users and scripts, plus O&M,
//! the signing debugger and the standalone simulator. Paid actions need `--confirm`
//! or an interactive "yes"; auto-renew and auto-pay are off unless asked for.

mod account;
mod args;
mod buy;
mod features;
mod offer;
mod orders;
mod paid;
mod servers;
mod shared;
mod tools;

use clap::Parser;

use args::{Cli, Cmd, DebugCmd};
use flexus_core::client::ecs::ServerAction;
use shared::{default_region, Fail};

/// Exit codes: 0 ok, 1 API/other error, 2 usage or invalid input, 3 cancelled,
/// 4 outcome unknown (check before retrying), 5 refused because an earlier paid
/// action on the same resource is still unresolved.
/// Exit codes: 0 ok, 1 API/other error, 2 usage or invalid input, 3 cancelled,
/// 4 outcome unknown (check before retrying), 5 refused because an earlier paid
/// action on the same resource is still unresolved.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Cmd::Debug {
        cmd: DebugCmd::Sign,
    } = cli.cmd
    {
        return tools::debug_sign();
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return 1;
        }
    };
    rt.block_on(run(cli))
}

async fn run(cli: Cli) -> i32 {
    match run_inner(cli).await {
        Ok(()) => 0,
        Err(Fail(code, msg)) => {
            eprintln!("error: {msg}");
            code
        }
    }
}

/// One line per command: each family's module does the work.
async fn run_inner(cli: Cli) -> Result<(), Fail> {
    let g = &cli.g;
    let region = default_region(g);
    match cli.cmd {
        Cmd::Debug { .. } => unreachable!("handled before the runtime starts"),
        Cmd::ShowRegions => offer::show_regions(g),
        Cmd::ShowImages => offer::show_images(g, &region),
        Cmd::ShowSpecs { image } => offer::show_specs(g, &region, &image),
        Cmd::List => account::list(g).await,
        Cmd::Balance => account::balance(g).await,
        Cmd::Traffic { forecast: false } => account::traffic(g).await,
        Cmd::CreateInstance(a) => buy::create(g, &region, a).await,
        Cmd::Renewal {
            resource_ids,
            period_num,
            period_type,
            auto_pay,
            c,
        } => paid::renewal(g, resource_ids, period_num, period_type, auto_pay, c).await,
        Cmd::Unsubscribe {
            resource_ids,
            kind,
            reason,
            reason_type,
            c,
        } => paid::unsubscribe(g, resource_ids, kind, reason, reason_type, c).await,
        Cmd::AutoRenew {
            resource_ids,
            on,
            off,
        } => paid::auto_renew(g, resource_ids, on, off).await,
        Cmd::CheckPending {
            wait_secs,
            settle_minutes,
        } => paid::check_pending(g, wait_secs, settle_minutes).await,
        Cmd::Order { order_id } => orders::order(g, order_id).await,
        Cmd::Pay { order_id, c } => orders::pay(g, order_id, c).await,
        Cmd::CancelOrder { order_id, c } => orders::cancel(g, order_id, c).await,
        Cmd::Start(a) => servers::server_action(g, ServerAction::Start, a).await,
        Cmd::Stop(a) => servers::server_action(g, ServerAction::Stop, a).await,
        Cmd::Reboot(a) => servers::server_action(g, ServerAction::Reboot, a).await,
        Cmd::ResetPassword { resource_ids, c } => servers::reset_password(g, resource_ids, c).await,
        Cmd::Traffic { forecast: true } => features::traffic_forecast(g).await,
        Cmd::Metrics {
            resource_ids,
            hours,
            metric,
            utc_offset,
        } => features::metrics_cmd(g, &resource_ids, hours, &metric, utc_offset).await,
        Cmd::Calendar { ics } => features::calendar_cmd(g, ics.as_deref()).await,
        Cmd::Export { csv } => features::export_cmd(g, &csv).await,
        Cmd::Sim {
            port,
            seed,
            latency_ms,
            op_delay_ms,
        } => tools::serve(port, seed, latency_ms, op_delay_ms).await,
    }
}
