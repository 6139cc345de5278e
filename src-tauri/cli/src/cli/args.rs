//! The command line's grammar: global flags, the commands and their arguments.

use clap::{Args, Parser, Subcommand};

use flexus_core::endpoints::Site;
use flexus_sim::Seed;

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
