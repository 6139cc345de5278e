//! Flexus Desk's tray agent. While the window is closed, the app waits in the tray
//! for hours; the window process there would keep GTK, WebKit, JavaScriptCore and
//! ICU pages that its first window touched (~90 MB even with the web view freed).
//! So the window process hands over to this small process instead: the tray icon,
//! the expiry watcher and its notifications, the traffic guard, phone alerts and the
//! journal's start-up checks, all from `flexus-app` (no logic of its own), without
//! WebKit. Opening the window (menu, notification click) starts the window process,
//! which takes over. See `flexus_app::handoff` for who owns the data and when.

#[cfg(target_os = "linux")]
mod agent;
#[cfg(target_os = "linux")]
mod icon;

fn main() {
    #[cfg(target_os = "linux")]
    std::process::exit(agent::run());
    #[cfg(not(target_os = "linux"))]
    {
        // Elsewhere the window process frees its web view and waits in the tray itself.
        eprintln!("flexus-tray is only used on Linux");
        std::process::exit(2);
    }
}
