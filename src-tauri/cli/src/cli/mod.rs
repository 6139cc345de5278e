//! `flexus`: the lifecycle skill's commands for power users and scripts, plus O&M,
//! the signing debugger and the standalone simulator. Paid actions need `--confirm`
//! or an interactive "yes"; auto-renew and auto-pay are off unless asked for.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use serde_json::{json, Value};

use flexus_core::actions::{quote, ActionError, Actor, PaidAction, Reconciled};
use flexus_core::catalog::{Catalog, ImageChoice};
use flexus_core::client::bss::PeriodType;
use flexus_core::client::ecs::ServerAction;
use flexus_core::client::models::{CreateInstanceRequest, ExtraResource, ImageRef, Tag};
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::endpoints::{Endpoints, Site};
use flexus_core::journal::Journal;
use flexus_core::keychain::{KeyringStore, SecretStore};
use flexus_core::secret::Credentials;
use flexus_sim::{self as sim, Seed, SimOptions};

mod features;

#[derive(Parser, Debug)]
#[command(
    name = "flexus",
    version,
    about = "Manage Huawei Cloud Flexus L instances (the Flexus Desk CLI)"
)]
pub struct Cli {
    #[command(flatten)]
    pub g: Global,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Huawei Cloud site: cn (China) or intl (International).
    #[arg(long, global = true, default_value = "intl")]
    pub site: Site,
    /// Region (default: cn-north-4 on cn, ap-southeast-3 on intl).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Override a service endpoint: SERVICE=URL (iam, rms, hcss, bss, ecs, ces). Repeatable.
    #[arg(long = "endpoint", global = true, value_name = "SERVICE=URL")]
    pub endpoints: Vec<String>,
    /// Use the credentials the app stored in the OS keychain for this profile.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Regions that offer Flexus L on the site.
    ShowRegions,
    /// Images (application and OS) of a region.
    ShowImages,
    /// Spec codes allowed for an image (NAME or NAME:VERSION).
    ShowSpecs {
        #[arg(long)]
        image: String,
    },
    /// Every instance across regions with status, expiry and traffic.
    List,
    /// Buy instances (asks for confirmation unless --confirm or --dry-run).
    CreateInstance(CreateArgs),
    /// Renew instances.
    Renewal {
        #[arg(long, value_delimiter = ',', required = true)]
        resource_ids: Vec<String>,
        #[arg(long, default_value_t = 1)]
        period_num: i64,
        #[arg(long, default_value = "month")]
        period_type: String,
        #[arg(long)]
        auto_pay: bool,
        #[command(flatten)]
        c: Confirm,
    },
    /// Unsubscribe: type 1 = instance and renewals (released now), 2 = renewals only.
    Unsubscribe {
        #[arg(long, value_delimiter = ',', required = true)]
        resource_ids: Vec<String>,
        #[arg(long = "type", default_value_t = 1)]
        kind: i64,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        reason_type: Option<i64>,
        #[command(flatten)]
        c: Confirm,
    },
    /// Start the servers of instances.
    Start(ServerArgs),
    /// Stop the servers of instances.
    Stop(ServerArgs),
    /// Reboot the servers of instances.
    Reboot(ServerArgs),
    /// Reset the root/Administrator password (read from stdin, never from argv).
    ResetPassword {
        #[arg(long, value_delimiter = ',', required = true)]
        resource_ids: Vec<String>,
        #[command(flatten)]
        c: Confirm,
    },
    /// Traffic package usage (--forecast: percent used and the run-out day).
    Traffic {
        #[arg(long)]
        forecast: bool,
    },
    /// Cloud Eye health metrics (CPU, network, disk) of instances.
    Metrics {
        #[arg(long, value_delimiter = ',', required = true)]
        resource_ids: Vec<String>,
        #[arg(long, default_value_t = 24)]
        hours: i64,
        /// SYS.ECS metric names (default: CPU, network in/out, disk read/write).
        #[arg(long, value_delimiter = ',')]
        metric: Vec<String>,
        /// Hours east of UTC for the times in the summaries (8 = China time).
        #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
        utc_offset: i8,
    },
    /// The next 12 months of renewals with prices and balance coverage.
    Calendar {
        /// Also write them as an iCalendar file with reminders.
        #[arg(long, value_name = "FILE")]
        ics: Option<std::path::PathBuf>,
    },
    /// Write the instance list as a CSV file.
    Export {
        #[arg(long, value_name = "FILE", required = true)]
        csv: std::path::PathBuf,
    },
    /// Account balance.
    Balance,
    /// Turn auto-renew on or off.
    AutoRenew {
        #[arg(long, value_delimiter = ',', required = true)]
        resource_ids: Vec<String>,
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
    },
    /// An order's status.
    Order {
        #[arg(long)]
        order_id: String,
    },
    /// Pay a pending order from the balance.
    Pay {
        #[arg(long)]
        order_id: String,
        #[command(flatten)]
        c: Confirm,
    },
    /// Cancel an order that is waiting for payment (nothing is charged).
    CancelOrder {
        #[arg(long)]
        order_id: String,
        #[command(flatten)]
        c: Confirm,
    },
    /// Look for the outcome of every paid action whose answer was lost (from
    /// orders, expiries and statuses at the cloud; nothing is sent again).
    CheckPending {
        /// Keep checking with backoff for up to this many seconds.
        #[arg(long, default_value_t = 0)]
        wait_secs: u64,
        /// Minutes after which missing evidence counts as "not processed".
        #[arg(long, default_value_t = 5)]
        settle_minutes: i64,
    },
    /// Run the simulated Flexus L cloud until Ctrl-C.
    Sim {
        #[arg(long, default_value_t = 0)]
        port: u16,
        #[arg(long, default_value = "demo")]
        seed: Seed,
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        #[arg(long, default_value_t = 2000)]
        op_delay_ms: u64,
    },
    /// Developer tools.
    Debug {
        #[command(subcommand)]
        cmd: DebugCmd,
    },
}

#[derive(Subcommand, Debug)]
pub enum DebugCmd {
    /// Sign one vector input (JSON on stdin); prints the Authorization and the
    /// canonical request.
    Sign,
}

#[derive(Args, Debug, Clone)]
pub struct Confirm {
    /// Show what would be sent, send nothing.
    #[arg(long, conflicts_with = "confirm")]
    pub dry_run: bool,
    /// Skip the interactive confirmation.
    #[arg(long)]
    pub confirm: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServerArgs {
    #[arg(long, value_delimiter = ',', required = true)]
    pub resource_ids: Vec<String>,
    /// HARD stop/reboot instead of SOFT.
    #[arg(long)]
    pub hard: bool,
    /// Wait for the job to finish.
    #[arg(long)]
    pub wait: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CreateArgs {
    /// NAME:VERSION, e.g. Ubuntu:22.04 (default Ubuntu with its newest version).
    #[arg(long)]
    pub image: Option<String>,
    /// A private image id instead of --image.
    #[arg(long, conflicts_with = "image")]
    pub image_id: Option<String>,
    /// The private image is Windows.
    #[arg(long)]
    pub windows: bool,
    #[arg(long)]
    pub plan_spec: Option<String>,
    #[arg(long)]
    pub cpu: Option<u32>,
    #[arg(long)]
    pub memory: Option<f64>,
    #[arg(long, default_value_t = 1)]
    pub period_num: i64,
    #[arg(long, default_value = "month")]
    pub period_type: String,
    #[arg(long)]
    pub instance_name: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long, default_value_t = 1)]
    pub quantity: i64,
    /// Turn auto-renew on (off by default).
    #[arg(long)]
    pub auto_renew: bool,
    /// Pay from the balance now (off by default: the order waits for payment).
    #[arg(long)]
    pub auto_pay: bool,
    /// Extra data disk in GiB (10–2048).
    #[arg(long)]
    pub evs: Option<i64>,
    /// Cloud backup vault in GiB (10–2048).
    #[arg(long)]
    pub cbr: Option<i64>,
    /// Host security.
    #[arg(long)]
    pub hss: bool,
    /// KEY=VALUE, repeatable.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Follow the order until it completes.
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub c: Confirm,
}

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
        return debug_sign();
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

fn debug_sign() -> i32 {
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

struct Fail(i32, String);

impl From<flexus_core::error::ApiError> for Fail {
    fn from(e: flexus_core::error::ApiError) -> Self {
        Fail(1, format!("{} [{}]", e, e.kind()))
    }
}

impl From<ActionError> for Fail {
    fn from(e: ActionError) -> Self {
        match &e {
            ActionError::Invalid(_) | ActionError::Catalog(_) => Fail(2, e.to_string()),
            ActionError::Api { unknown: true, journal_id, .. } => Fail(
                4,
                format!("{e}\nThe request may have been processed. Nothing was sent again. Check with `flexus list` or the order list before retrying (journal entry {journal_id})."),
            ),
            ActionError::Pending(p) => Fail(
                5,
                format!("{e}\nRun `flexus check-pending` to look for its outcome (journal entry {}).", p.id),
            ),
            _ => Fail(1, format!("{e} [{}]", e.kind())),
        }
    }
}

fn out(g: &Global, v: Value, text: impl FnOnce() -> String) {
    if g.json {
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!("{}", text());
    }
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

fn default_region(g: &Global) -> String {
    g.region
        .clone()
        .unwrap_or_else(|| g.site.hcss_region().to_string())
}

fn parse_image(s: &str, site: Site, region: &str) -> Result<ImageChoice, Fail> {
    let (name, version) = match s.split_once(':') {
        Some((n, v)) => (n.to_string(), Some(v.to_string())),
        None => (s.to_string(), None),
    };
    let version = match version {
        Some(v) => v,
        None => Catalog::bundled()
            .images(site, region)
            .map_err(|e| Fail(2, e.to_string()))?
            .into_iter()
            .find(|i| i.name.eq_ignore_ascii_case(&name))
            .and_then(|i| i.versions.first().cloned())
            .ok_or_else(|| Fail(2, format!("image {name} is not offered in {region}")))?,
    };
    Ok(ImageChoice::Public { name, version })
}

fn client(g: &Global) -> Result<(CloudClient, String), Fail> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (creds, profile) = match (env("HW_ACCESS_KEY"), env("HW_SECRET_KEY")) {
        (Some(ak), Some(sk)) => (Credentials::new(&ak, &sk, env("HW_SECURITY_TOKEN").as_deref()), "env".to_string()),
        _ => match &g.profile {
            Some(p) => (
                KeyringStore::default()
                    .get(&profile_key(p))
                    .map_err(|e| Fail(1, e.to_string()))?
                    .ok_or_else(|| Fail(2, format!("no credentials stored for profile '{p}'")))?,
                p.clone(),
            ),
            None => return Err(Fail(2, "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys), or use --profile".into())),
        },
    };
    let mut e = Endpoints::new(g.site);
    for spec in &g.endpoints {
        let (svc, url) = Endpoints::parse_override(spec).map_err(|m| Fail(2, m))?;
        e = e.with_override(svc, url);
    }
    Ok((
        CloudClient::new(creds, e, ClientOptions::default())?,
        profile,
    ))
}

/// The keychain key of the app's profile `name` (the app keys entries by a random id).
fn profile_key(name: &str) -> String {
    let file = std::fs::read(flexus_core::paths::data_dir().join("settings.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    flexus_core::keychain::key_of_profile(&file, name)
}

fn journal() -> Result<Journal, Fail> {
    let (j, rep) = Journal::open(flexus_core::paths::data_dir().join("journal.jsonl"))
        .map_err(|e| Fail(1, format!("cannot open the journal: {e}")))?;
    if let Some(b) = rep.backup {
        eprintln!(
            "note: {} unreadable journal line(s) were skipped; a copy is at {}",
            rep.skipped_lines,
            b.display()
        );
    }
    Ok(j)
}

/// `Ok(true)` = go ahead; dry runs print the plan and return `Ok(false)`.
fn confirm(c: &Confirm, g: &Global, plan: &Value, summary: &str) -> Result<bool, Fail> {
    if c.dry_run {
        out(g, json!({"dry_run": true, "would_send": plan}), || {
            format!("Dry run — nothing was sent.\n{summary}")
        });
        return Ok(false);
    }
    if c.confirm {
        return Ok(true);
    }
    eprintln!("{summary}\nType 'yes' to confirm (this costs money or cannot be undone): ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err()
        || !matches!(line.trim(), "yes" | "y" | "confirm")
    {
        return Err(Fail(3, "cancelled; nothing was sent".into()));
    }
    Ok(true)
}

async fn run_inner(cli: Cli) -> Result<(), Fail> {
    let g = &cli.g;
    let cat = Catalog::bundled();
    let region = default_region(g);
    match cli.cmd {
        Cmd::Debug { .. } => unreachable!("handled before the runtime starts"),
        Cmd::ShowRegions => {
            let r = cat.regions(g.site);
            out(g, json!(r), || {
                r.iter()
                    .map(|r| format!("{:<16} {} / {}", r.id, r.name_en, r.name_zh))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::ShowImages => {
            let imgs = cat
                .images(g.site, &region)
                .map_err(|e| Fail(2, e.to_string()))?;
            out(g, json!(imgs), || {
                let mut s: Vec<String> = imgs
                    .iter()
                    .map(|i| format!("{:<22} {:<4} {}", i.name, i.kind, i.versions.join(", ")))
                    .collect();
                s.push(spec_note());
                s.join("\n")
            });
        }
        Cmd::ShowSpecs { image } => {
            let img = parse_image(&image, g.site, &region)?;
            let specs = cat
                .specs_for(g.site, &region, &img)
                .map_err(|e| Fail(2, e.to_string()))?;
            out(g, json!(specs), || {
                let mut s: Vec<String> = specs
                    .iter()
                    .map(|s| format!("{:<28} {} vCPU  {:>4} GiB  disk {:>3} GiB  {:>3} Mbit/s  {:>5} GB/month", s.code, s.detail.vcpus, s.detail.memory_gib, s.detail.disk_gib, s.detail.bandwidth_mbps, s.detail.traffic_gb))
                    .collect();
                s.push(spec_note());
                s.join("\n")
            });
        }
        Cmd::List => {
            let (c, _) = client(g)?;
            let f = flexus_core::fleet::refresh(&c, time::OffsetDateTime::now_utc()).await?;
            out(g, json!(f), || {
                let mut s = vec![format!(
                    "{:<26} {:<16} {:<15} {:<9} {:<20} {:>6} {:<5} {}",
                    "ID",
                    "NAME",
                    "REGION",
                    "STATUS",
                    "EXPIRES (UTC)",
                    "DAYS",
                    "AUTO",
                    "TRAFFIC LEFT"
                )];
                for i in &f.instances {
                    s.push(format!(
                        "{:<26} {:<16} {:<15} {:<9} {:<20} {:>6} {:<5} {}",
                        i.id,
                        i.name,
                        i.region,
                        i.status,
                        i.expire_time.clone().unwrap_or_default(),
                        i.days_left.map(|d| d.to_string()).unwrap_or_default(),
                        i.auto_renew
                            .map(|a| if a { "on" } else { "off" })
                            .unwrap_or("?"),
                        match (i.traffic_left_gb, i.traffic_total_gb) {
                            (Some(l), Some(t)) => format!("{l:.0}/{t:.0} GB"),
                            _ => "?".into(),
                        }
                    ));
                }
                if let Some(b) = f.balance {
                    s.push(format!(
                        "Balance: {b:.2} {}",
                        f.currency.clone().unwrap_or_default()
                    ));
                }
                for p in &f.problems {
                    s.push(format!(
                        "warning: {} could not be read: {}",
                        p.part, p.message
                    ));
                }
                s.join("\n")
            });
        }
        Cmd::CreateInstance(a) => create(g, &region, a).await?,
        Cmd::Renewal {
            resource_ids,
            period_num,
            period_type,
            auto_pay,
            c,
        } => {
            let pt = PeriodType::parse(&period_type)
                .ok_or_else(|| Fail(2, "period type must be month or year".into()))?;
            flexus_core::validate::renew_period(&period_type, period_num)
                .map_err(|e| Fail(2, e.to_string()))?;
            flexus_core::validate::resource_ids(&resource_ids, 10)
                .map_err(|e| Fail(2, e.to_string()))?;
            let (cl, profile) = client(g)?;
            let q = quote::renewal(&cl, &resource_ids, pt, period_num).await?;
            let currency = q.currency.clone().unwrap_or_default();
            let plan = json!({"resource_ids": resource_ids, "period_type": pt.bss_code(), "period_num": period_num, "is_auto_pay": auto_pay as i64, "price": q.total, "currency": currency, "items": q.items});
            let lines: Vec<String> = q
                .items
                .iter()
                .map(|i| {
                    format!(
                        "  {}: {:.2} {currency}, expires {} → {}",
                        i.id,
                        i.amount,
                        i.expire_now.as_deref().unwrap_or("?"),
                        i.expire_new.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            let summary = format!(
                "Renew {} instance(s) for {period_num} {period_type}(s). Price: {:.2} {currency}. Auto-pay: {}.\n{}",
                resource_ids.len(),
                q.total,
                if auto_pay { "yes, from the balance" } else { "no, the order waits for payment" },
                lines.join("\n")
            );
            if confirm(&c, g, &plan, &summary)? {
                let j = journal()?;
                let d = Actor::new(&cl, &j, &profile)
                    .perform(PaidAction::renew(&resource_ids, pt, period_num, auto_pay))
                    .await?;
                out(g, json!(d), || {
                    format!("Renewal ordered: {}", d.result.order_ids.join(", "))
                });
            }
        }
        Cmd::Unsubscribe {
            resource_ids,
            kind,
            reason,
            reason_type,
            c,
        } => {
            flexus_core::validate::unsubscribe_type(kind).map_err(|e| Fail(2, e.to_string()))?;
            flexus_core::validate::resource_ids(&resource_ids, 10)
                .map_err(|e| Fail(2, e.to_string()))?;
            let (cl, profile) = client(g)?;
            let plan = json!({"resource_ids": resource_ids, "unsubscribe_type": kind, "unsubscribe_reason_type": reason_type, "unsubscribe_reason": reason});
            let what = if kind == 1 {
                "the instances AND everything attached (disks, backups, host security, public IP) are released now; data cannot be recovered"
            } else {
                "only renewed periods that have not started are cancelled; the instances keep running until their current expiry"
            };
            if confirm(
                &c,
                g,
                &plan,
                &format!(
                    "Unsubscribe {} instance(s), type {kind}: {what}.",
                    resource_ids.len()
                ),
            )? {
                let j = journal()?;
                let d = Actor::new(&cl, &j, &profile)
                    .perform(PaidAction::unsubscribe(
                        &resource_ids,
                        kind,
                        reason_type,
                        reason.as_deref(),
                    ))
                    .await?;
                out(g, json!(d), || {
                    format!("Unsubscribed: {}", d.result.order_ids.join(", "))
                });
            }
        }
        Cmd::Start(a) => server_action(g, ServerAction::Start, a).await?,
        Cmd::Stop(a) => server_action(g, ServerAction::Stop, a).await?,
        Cmd::Reboot(a) => server_action(g, ServerAction::Reboot, a).await?,
        Cmd::ResetPassword { resource_ids, c } => {
            let (cl, profile) = client(g)?;
            let mut pw = String::new();
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "New password (8–26 chars, 3 of upper/lower/digit/special !@%-_=+[]:./?): "
                );
            }
            std::io::stdin()
                .lock()
                .read_line(&mut pw)
                .map_err(|e| Fail(2, e.to_string()))?;
            let pw = pw.trim_end_matches(['\r', '\n']).to_string();
            flexus_core::validate::password(&pw).map_err(|e| Fail(2, e.to_string()))?;
            let targets = targets(&cl, &resource_ids).await?;
            let plan = json!({"servers": targets.iter().map(|t| &t.1).collect::<Vec<_>>()});
            if confirm(&c, g, &plan, &format!("Reset the password of {} server(s). It takes effect after the next start or restart.", targets.len()))? {
                let j = journal()?;
                let actor = Actor::new(&cl, &j, &profile);
                for (region, ids) in flexus_core::client::ecs::by_region(targets.iter().cloned()) {
                    actor.reset_password(&region, &ids, &pw).await?;
                }
                out(g, json!({"ok": true}), || "Password reset sent. Restart the servers to apply it.".into());
            }
        }
        Cmd::Traffic { forecast: true } => features::traffic_forecast(g).await?,
        Cmd::Metrics {
            resource_ids,
            hours,
            metric,
            utc_offset,
        } => features::metrics_cmd(g, &resource_ids, hours, &metric, utc_offset).await?,
        Cmd::Calendar { ics } => features::calendar_cmd(g, ics.as_deref()).await?,
        Cmd::Export { csv } => features::export_cmd(g, &csv).await?,
        Cmd::Traffic { forecast: false } => {
            let (_, list, usage) = features::traffic_usage(g).await?;
            out(g, json!(usage), || {
                list.iter()
                    .map(|i| {
                        let u = usage
                            .free_resources
                            .iter()
                            .find(|f| Some(&f.free_resource_id) == i.traffic_package_id.as_ref());
                        match u {
                            Some(u) => format!(
                                "{:<16} {:>8.1} of {:>6.0} GB left, cycle ends {}",
                                i.name,
                                u.amount.unwrap_or(0.0),
                                u.original_amount.unwrap_or(0.0),
                                u.end_time.clone().unwrap_or_default()
                            ),
                            None => format!("{:<16} no traffic package data", i.name),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Balance => {
            let (cl, _) = client(g)?;
            let b = cl.balances().await?;
            out(g, json!(b), || {
                format!(
                    "Balance: {:.2} {}",
                    b.cash(),
                    b.currency.clone().unwrap_or_default()
                )
            });
        }
        Cmd::AutoRenew {
            resource_ids,
            on,
            off,
        } => {
            if on == off {
                return Err(Fail(2, "give --on or --off".into()));
            }
            let (cl, profile) = client(g)?;
            let j = journal()?;
            let actor = Actor::new(&cl, &j, &profile);
            for id in &resource_ids {
                actor
                    .perform(PaidAction::AutoRenew {
                        resource_id: id.clone(),
                        on,
                    })
                    .await?;
            }
            out(g, json!({"ok": true, "auto_renew": on}), || {
                format!(
                    "Auto-renew {} for {} instance(s).",
                    if on { "on" } else { "off" },
                    resource_ids.len()
                )
            });
        }
        Cmd::Order { order_id } => {
            let (cl, _) = client(g)?;
            let d = cl.order_details(&order_id).await?;
            let o = &d.order_info;
            let st = o.status;
            let amount = o
                .amount_after_discount
                .map(|a| {
                    format!(
                        ", {:.2} {}",
                        a.round_dp(2),
                        o.currency.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            let deadline = o
                .pending_payment_end_time
                .as_deref()
                .filter(|_| st == 6)
                .map(|t| format!(", pay by {t} (flexus pay / flexus cancel-order)"))
                .unwrap_or_default();
            out(g, json!(d), || {
                format!(
                    "Order {order_id}: {} ({st}){amount}{deadline}",
                    flexus_core::client::models::order_status_text(st)
                )
            });
        }
        Cmd::Pay { order_id, c } => {
            let (cl, profile) = client(g)?;
            let d = cl.order_details(&order_id).await?;
            let amount = d.order_info.amount_after_discount.ok_or_else(|| {
                Fail(
                    1,
                    format!("order {order_id} shows no amount; nothing was paid"),
                )
            })?;
            if confirm(
                &c,
                g,
                &json!({"order_id": order_id, "amount": amount}),
                &format!(
                    "Pay order {order_id}: {amount:.2} {} from the balance.",
                    d.order_info.currency.clone().unwrap_or_default()
                ),
            )? {
                let j = journal()?;
                Actor::new(&cl, &j, &profile)
                    .perform(PaidAction::Pay {
                        order_id: order_id.clone(),
                    })
                    .await?;
                out(g, json!({"ok": true}), || format!("Order {order_id} paid."));
            }
        }
        Cmd::CancelOrder { order_id, c } => {
            let (cl, profile) = client(g)?;
            flexus_core::validate::resource_id(&order_id).map_err(|e| Fail(2, e.to_string()))?;
            if confirm(
                &c,
                g,
                &json!({"order_id": order_id}),
                &format!("Cancel order {order_id} (waiting for payment; nothing is charged)."),
            )? {
                let j = journal()?;
                Actor::new(&cl, &j, &profile)
                    .perform(PaidAction::CancelOrder {
                        order_id: order_id.clone(),
                    })
                    .await?;
                out(g, json!({"ok": true}), || {
                    format!("Order {order_id} cancelled.")
                });
            }
        }
        Cmd::CheckPending {
            wait_secs,
            settle_minutes,
        } => check_pending(g, wait_secs, settle_minutes).await?,
        Cmd::Sim {
            port,
            seed,
            latency_ms,
            op_delay_ms,
        } => {
            let running = sim::start(SimOptions {
                seed,
                latency_ms,
                op_delay: Duration::from_millis(op_delay_ms),
                base_port: port,
                ..Default::default()
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
        }
    }
    Ok(())
}

/// Exit 0 when nothing is left unresolved, 4 when something still is.
async fn check_pending(g: &Global, wait_secs: u64, settle_minutes: i64) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let j = journal()?;
    let actor =
        Actor::new(&cl, &j, &profile).with_settle(time::Duration::minutes(settle_minutes.max(0)));
    let mut results = Vec::new();
    for e in j.unresolved().map_err(|e| Fail(1, e.to_string()))? {
        if e.profile != profile {
            continue;
        }
        let r = actor
            .reconcile_until(&e.id, Duration::from_secs(wait_secs))
            .await?;
        results.push((e, r));
    }
    let open = results.iter().filter(|(_, r)| !r.resolved()).count();
    let v: Vec<Value> = results
        .iter()
        .map(|(e, r)| json!({"journal_id": e.id, "action": e.action, "what": e.describe(), "outcome": r}))
        .collect();
    out(g, json!(v), || {
        if results.is_empty() {
            return "Nothing is pending.".into();
        }
        results
            .iter()
            .map(|(e, r)| {
                let what = e.describe();
                match r {
                    Reconciled::Found {
                        order_id, evidence, ..
                    } => format!(
                        "{what}: went through{} ({evidence})",
                        order_id
                            .as_deref()
                            .map(|o| format!(", order {o}"))
                            .unwrap_or_default()
                    ),
                    Reconciled::NotFound { evidence } => {
                        format!("{what}: not processed ({evidence})")
                    }
                    Reconciled::Pending { message } => format!("{what}: still unknown ({message})"),
                    Reconciled::Unsupported => format!("{what}: nothing to check"),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    if open > 0 {
        return Err(Fail(
            4,
            format!("{open} action(s) still have no known outcome; nothing was sent again"),
        ));
    }
    Ok(())
}

fn spec_note() -> String {
    "Note: spec codes vary by region and image version; see Appendix 1 and 2 of https://support.huaweicloud.com/api-flexusl/create_instance_0001.html".into()
}

/// (region, server id) of each instance id.
async fn targets(cl: &CloudClient, ids: &[String]) -> Result<Vec<(String, String)>, Fail> {
    let list = cl.list_instances(None).await?;
    ids.iter()
        .map(|id| {
            let i = list
                .iter()
                .find(|i| &i.id == id)
                .ok_or_else(|| Fail(2, format!("no instance {id}")))?;
            let s = i
                .server_id
                .clone()
                .ok_or_else(|| Fail(1, format!("instance {id} has no cloud server")))?;
            Ok((i.region.clone(), s))
        })
        .collect()
}

async fn server_action(g: &Global, action: ServerAction, a: ServerArgs) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let t = targets(&cl, &a.resource_ids).await?;
    let j = journal()?;
    let actor = Actor::new(&cl, &j, &profile);
    let mut results = Vec::new();
    for (region, ids) in flexus_core::client::ecs::by_region(t) {
        let job = actor
            .server_action(&region, action, &ids, a.hard)
            .await?
            .result;
        let status = if a.wait {
            let j = cl
                .wait_job(
                    &region,
                    &job,
                    Duration::from_millis(500),
                    Duration::from_secs(300),
                )
                .await?;
            if let Some(f) = j.failure() {
                return Err(Fail(1, format!("job {job} failed: {f}")));
            }
            j.status
        } else {
            "RUNNING".into()
        };
        results.push(json!({"region": region, "job_id": job, "status": status}));
    }
    out(g, json!(results), || {
        results
            .iter()
            .map(|r| {
                format!(
                    "{} job {} {}",
                    r["region"].as_str().unwrap_or(""),
                    r["job_id"].as_str().unwrap_or(""),
                    r["status"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

async fn create(g: &Global, region: &str, a: CreateArgs) -> Result<(), Fail> {
    let site = g.site;
    let cat = Catalog::bundled();
    let image = match (&a.image_id, &a.image) {
        (Some(id), _) => ImageChoice::Private {
            image_id: id.clone(),
            windows: a.windows,
        },
        (None, Some(s)) => parse_image(s, site, region)?,
        (None, None) => parse_image("Ubuntu", site, region)?,
    };
    let spec = match (&a.plan_spec, a.cpu, a.memory) {
        (Some(s), _, _) => cat
            .check(site, region, &image, s)
            .map_err(|e| Fail(2, e.to_string()))?,
        (None, None, None) => cat
            .specs_for(site, region, &image)
            .map_err(|e| Fail(2, e.to_string()))?
            .into_iter()
            .next()
            .ok_or_else(|| Fail(2, "no spec for this image".into()))?,
        (None, c, m) => cat
            .auto_match(site, region, &image, c.unwrap_or(1), m.unwrap_or(0.5))
            .map_err(|e| Fail(2, e.to_string()))?,
    };
    let extras = ExtraResource::list(a.evs, a.cbr, a.hss);
    let tags = a
        .tags
        .iter()
        .map(|t| {
            t.split_once('=')
                .map(|(k, v)| Tag {
                    key: k.into(),
                    value: v.into(),
                })
                .ok_or_else(|| Fail(2, format!("tag '{t}' is not KEY=VALUE")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let name = a
        .instance_name
        .clone()
        .unwrap_or_else(|| format!("flexus-{}", &uuid::Uuid::new_v4().simple().to_string()[..6]));
    let image_ref = ImageRef::of(&image);
    let req = CreateInstanceRequest {
        instance_name: name,
        description: a.description.clone(),
        plan_spec: spec.code.clone(),
        image_ref: Some(image_ref),
        region: region.to_string(),
        charging_mode: "prePaid".into(),
        period_type: a.period_type.clone(),
        period_num: a.period_num,
        purchase_quantity: a.quantity,
        is_auto_renew: a.auto_renew,
        is_auto_pay: a.auto_pay,
        extra_resources: extras,
        tags,
    };
    flexus_core::validate::create_request(site, &req).map_err(|e| Fail(2, e.to_string()))?;
    let d = &spec.detail;
    let summary = format!(
        "Buy {}× '{}' in {region}: {} ({} vCPU, {} GiB, {} GiB disk, {} Mbit/s, {} GB/month), {} {}(s). Auto-renew: {}. Auto-pay: {}.\n{}",
        req.purchase_quantity, req.instance_name, spec.code, d.vcpus, d.memory_gib, d.disk_gib, d.bandwidth_mbps, d.traffic_gb, req.period_num, req.period_type,
        if req.is_auto_renew { "on" } else { "off" },
        if req.is_auto_pay { "on (charged now)" } else { "off (pay the order afterwards)" },
        spec_note()
    );
    let plan = serde_json::to_value(&req).unwrap_or(Value::Null);
    if !confirm(&a.c, g, &plan, &summary)? {
        return Ok(());
    }
    let (cl, profile) = client(g)?;
    let j = journal()?;
    let auto_pay = req.is_auto_pay;
    let done = Actor::new(&cl, &j, &profile)
        .perform(PaidAction::purchase(req))
        .await?;
    let r = &done.result;
    let order_id = r.order_ids.first().cloned().unwrap_or_default();
    // Without auto-pay the order waits: its price is known now, before any money moves.
    let unpaid = if auto_pay {
        None
    } else {
        let o = cl.order_details(&order_id).await?.order_info;
        Some((
            o.amount_after_discount
                .map(|a| format!("{:.2}", a.round_dp(2)))
                .unwrap_or_else(|| "?".into()),
            o.currency.unwrap_or_default(),
        ))
    };
    let mut status = None;
    if a.wait {
        for _ in 0..600 {
            let o = cl.order_details(&order_id).await?;
            status = Some(o.order_info.status);
            if matches!(o.order_info.status, 4..=6) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    out(
        g,
        json!({"order_id": order_id, "instance_ids": r.instance_ids, "status": status, "amount": unpaid.as_ref().map(|u| &u.0), "currency": unpaid.as_ref().map(|u| &u.1)}),
        || {
            let st = status
                .map(|s| format!(" — {}", flexus_core::client::models::order_status_text(s)))
                .unwrap_or_default();
            let pay = unpaid
                .as_ref()
                .map(|(amount, cur)| format!("\nWaiting for payment: {amount} {cur}. Pay: flexus pay --order-id {order_id}   Cancel: flexus cancel-order --order-id {order_id}"))
                .unwrap_or_default();
            format!(
                "Order {} placed for {}{st}{pay}",
                order_id,
                r.instance_ids.join(", ")
            )
        },
    );
    Ok(())
}
