//! "Open console" (issue #15): ECS's one-time noVNC URL, or the instance's page in
//! the Huawei web console when ECS refuses. Rust opens the URL in the system browser
//! (the webview never navigates anywhere) and only after the host allow-list in
//! `flexus_core::client::console` passed; the webview learns the host, not the
//! one-time URL, which works as a login.

use flexus_core::client::console::{check_console_url, ConsoleTarget};
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

#[derive(Debug, Serialize)]
pub struct ConsoleOpened {
    /// "vnc" or "web_console".
    pub kind: &'static str,
    pub host: String,
}

/// Hands a checked URL to the desktop's opener (xdg-open, open, explorer). The URL
/// is an argument, never shell text.
fn open_in_browser(url: &url::Url) -> std::io::Result<()> {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url.as_str()])
    } else if cfg!(windows) {
        ("explorer", vec![url.as_str()])
    } else {
        ("xdg-open", vec![url.as_str()])
    };
    let mut child = std::process::Command::new(cmd)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped off the async threads; the opener returns at once or after the browser.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_console(state: St<'_>, id: String) -> CmdResult<ConsoleOpened> {
    flexus_core::validate::resource_id(&id)?;
    let profile = state.settings.active();
    let (region, server) = state.dashboard.server_of(&profile, &id)?;
    let c = state.accounts.client(&profile).await?;
    let (kind, raw) = match c.console_target(&region, &server).await {
        ConsoleTarget::Vnc { url } => ("vnc", url),
        ConsoleTarget::WebConsole { url, reason } => {
            tracing::info!(%reason, "remote console refused; opening the web console page");
            ("web_console", url)
        }
    };
    // Checked again right before it leaves the app: nothing else is ever opened.
    let url = check_console_url(&raw).map_err(|e| CmdError::from_api(&e))?;
    open_in_browser(&url).map_err(|_| CmdError::app("no_browser", AppText::NoBrowser))?;
    Ok(ConsoleOpened {
        kind,
        host: url.host_str().unwrap_or_default().to_string(),
    })
}
