//! The Tauri-plugin side: OS notifications sent from Rust only (Windows, macOS),
//! start at login.

use flexus_core::expiry::{Lang, Notice};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::watcher::Notifier;

/// Notifications through tauri-plugin-notification, where clicks are not reported
/// (Windows, macOS). Linux uses `dbus_notify`, which opens the instance on a click.
#[cfg_attr(target_os = "linux", allow(dead_code))]
pub struct OsNotifier<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> OsNotifier<R> {
    /// True when the OS accepted the notice.
    fn show(&self, n: &Notice, lang: Lang) -> bool {
        // Logged without secrets: titles and bodies name instances only.
        tracing::info!(title = %n.title(lang), "notification");
        match self
            .0
            .notification()
            .builder()
            .title(n.title(lang))
            .body(n.body(lang))
            .show()
        {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "notification not delivered");
                false
            }
        }
    }
}

impl<R: Runtime> Notifier for OsNotifier<R> {
    fn notify(&self, _profile: &str, n: &Notice, lang: Lang) {
        self.show(n, lang);
    }

    fn deliver<'a>(
        &'a self,
        _profile: &'a str,
        n: &'a Notice,
        lang: Lang,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> {
        let ok = self.show(n, lang);
        Box::pin(std::future::ready(ok))
    }
}

pub fn set_autostart<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), String> {
    use tauri_plugin_autostart::ManagerExt;
    let m = app.autolaunch();
    let r = if on { m.enable() } else { m.disable() };
    r.map_err(|e| e.to_string())
}
