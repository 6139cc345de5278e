//! The proxy for cloud requests (besides the system's). Write-only: the password
//! goes to the OS keychain and is never returned; Settings says only that one is set.

use flexus_core::client::http::check_proxy_url;
use flexus_core::Credentials;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{ProxySetting, Settings, PROXY_KEY};

/// An empty `url` removes the proxy (the system's proxy, if any, is used).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_proxy(
    state: St<'_>,
    url: String,
    username: Option<String>,
    password: Option<String>,
) -> CmdResult<Settings> {
    let url = url.trim().to_string();
    let username = username
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    let password = password.filter(|p| !p.is_empty());
    let proxy = if url.is_empty() {
        None
    } else {
        let url = check_proxy_url(&url)
            .map_err(|m| CmdError::invalid(AppText::ProxyUrl).with_detail(m))?;
        if username
            .as_ref()
            .is_some_and(|u| u.chars().count() > 128 || u.chars().any(char::is_control))
        {
            return Err(CmdError::invalid(AppText::ProxyUsername));
        }
        if password.as_ref().is_some_and(|p| p.len() > 1024)
            || (password.is_some() && username.is_none())
        {
            return Err(CmdError::invalid(AppText::ProxyPassword));
        }
        Some(ProxySetting {
            url,
            username: username.clone(),
            has_password: password.is_some(),
        })
    };
    // Settings that cannot be saved leave the keychain untouched; then the keychain
    // first: settings never claim a password the keychain lacks.
    state.settings.check_writable()?;
    match (&proxy, password) {
        (Some(_), Some(p)) => {
            let who = username.unwrap_or_default();
            state
                .accounts
                .keychain_write(PROXY_KEY, Some(Credentials::new(&who, &p, None)))
                .await?
        }
        _ => state.accounts.keychain_write(PROXY_KEY, None).await?,
    }
    let s = state.settings.update(|s| {
        s.proxy = proxy;
        Ok(())
    })?;
    state.accounts.forget_all_clients();
    state.wake.notify_one();
    Ok(s)
}
