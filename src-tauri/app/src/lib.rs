//! Flexus Desk's app layer without Tauri: the stores the app is made of, the one
//! refresh, the expiry watcher and its reminders, the traffic guard, phone alerts and
//! the one error path with its catalog. The window process (the Tauri app) and the
//! tray agent (no WebKit) are both built on it, so neither holds logic of its own.

pub mod alerts;
#[cfg(target_os = "linux")]
pub mod dbus_notify;
pub mod error;
pub mod guard;
#[cfg(unix)]
pub mod handoff;
pub mod messages;
pub mod refresh;
pub mod settings;
pub mod settings_file;
pub mod state;
pub mod tray_menu;
pub mod unresolved;
pub mod watcher;

/// Logs go to stderr (`FLEXUS_LOG=info` for more); no request bodies or keys are
/// logged. The same for the window process and the tray agent.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FLEXUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Behaviour kept for measuring what a change saves (`bench/run.sh` sets
/// `FLEXUS_UNTUNED`): `agent`, `keep-webview`, `network`, `tokio`, `cache`, `arenas`.
pub fn untuned(what: &str) -> bool {
    std::env::var("FLEXUS_UNTUNED")
        .map(|v| v.split(',').any(|w| w == what || w == "all"))
        .unwrap_or(false)
}

/// glibc gives each thread that allocates its own malloc arena, and memory freed in
/// one is kept for that thread: with tokio's workers, GTK's and WebKit's threads the
/// app kept ~5 MB more with 1,000 instances shown (measured). Two arenas are plenty for
/// a desktop app. Called at start, before other threads exist.
pub fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !untuned("arenas") {
        // SAFETY: mallopt only sets an allocator parameter; no memory is passed.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 2) };
    }
}
