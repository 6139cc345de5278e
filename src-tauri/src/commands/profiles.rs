//! Profiles and credentials. Keys go in through `save_credentials` only and are
//! never returned: the UI sees a masked AK.

use flexus_core::secret::mask_ak;
use flexus_core::{Credentials, Site};
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{same_name, valid_profile_name, Profile, DEMO_PROFILE};

#[derive(Debug, Serialize, PartialEq)]
pub struct ProfileView {
    pub name: String,
    pub site: Site,
    pub demo: bool,
    pub masked_ak: String,
    pub temporary: bool,
    pub account_name: Option<String>,
    pub active: bool,
}

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub notes: Vec<String>,
    pub onboarded: bool,
    /// Milliseconds since the process started (the UI reports its first paint with it).
    pub uptime_ms: u64,
    pub watch: crate::state::WatchStatus,
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_info(state: St<'_>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.data_dir.display().to_string(),
        notes: crate::state::lock(&state.startup_notes)
            .iter()
            .map(|n| n.text(state.settings.lang()))
            .collect(),
        onboarded: state.settings.get().onboarded,
        uptime_ms: crate::STARTED
            .get()
            .map(|t| t.elapsed().as_millis() as u64)
            .unwrap_or(0),
        watch: crate::state::lock(&state.reminders.watch).clone(),
    }
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_profiles(state: St<'_>) -> Vec<ProfileView> {
    let s = state.settings.get();
    let mut v = vec![ProfileView {
        name: DEMO_PROFILE.into(),
        site: Site::Intl,
        demo: true,
        masked_ak: mask_ak(flexus_sim::seed::DEMO_INTL_AK),
        temporary: false,
        account_name: Some("demo-shop".into()),
        active: s.active_profile == DEMO_PROFILE,
    }];
    v.extend(s.profiles.iter().map(|p| ProfileView {
        name: p.name.clone(),
        site: p.site,
        demo: false,
        masked_ak: p.masked_ak.clone(),
        temporary: p.temporary,
        account_name: p.account_name.clone(),
        active: s.active_profile == p.name,
    }));
    v
}

fn key_ok(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_graphic())
}

/// Write-only: stores the keys in the OS keychain and the profile (masked AK, site)
/// in the settings; makes it the active profile.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_credentials(
    state: St<'_>,
    name: String,
    site: String,
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
) -> CmdResult<ProfileView> {
    let name = name.trim().to_string();
    if !valid_profile_name(&name) {
        return Err(CmdError::invalid(AppText::ProfileName));
    }
    let site: Site = site
        .parse()
        .map_err(|_| CmdError::invalid(AppText::SiteKind))?;
    let ak = access_key.trim().to_string();
    let sk = secret_key.trim().to_string();
    if !key_ok(&ak, 128) || !ak.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CmdError::invalid(AppText::AccessKey));
    }
    if !key_ok(&sk, 256) {
        return Err(CmdError::invalid(AppText::SecretKey));
    }
    let token = security_token
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if token.as_ref().is_some_and(|t| !key_ok(t, 16384)) {
        return Err(CmdError::invalid(AppText::SecurityToken));
    }
    // Names are unique ignoring case ("Shop" and "shop" are one account on Windows);
    // saving under the exact same name replaces that profile's keys.
    let existing = state.settings.get().profile_like(&name).cloned();
    if let Some(p) = existing.as_ref().filter(|p| p.name != name) {
        return Err(CmdError::invalid(AppText::ProfileExists {
            name: p.name.clone(),
        }));
    }
    let creds = Credentials::new(&ak, &sk, token.as_deref());
    // Re-entered keys of an id-keyed profile overwrite its entry; otherwise a new id.
    let key_id = existing
        .as_ref()
        .map(|p| p.key_id.clone())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(Profile::new_key_id);
    // Settings that cannot be saved leave the keychain as it was (keys replaced for a
    // profile the settings then do not list would be lost keys).
    state.settings.check_writable()?;
    state
        .accounts
        .keychain_write(&key_id, Some(creds.clone()))
        .await?;
    let profile = Profile {
        name: name.clone(),
        site,
        masked_ak: creds.masked_ak(),
        temporary: creds.security_token.is_some(),
        account_name: None,
        key_id,
    };
    state.settings.update(|s| {
        s.profiles.retain(|p| !same_name(&p.name, &name));
        s.profiles.push(profile.clone());
        s.active_profile = name.clone();
        s.onboarded = true;
        Ok(())
    })?;
    // A legacy entry under the name is now superseded by the id.
    if existing.is_some_and(|p| p.key_id.is_empty()) {
        state.accounts.keychain_write(&name, None).await?;
    }
    state.accounts.forget_client(&name);
    state.accounts.park_demo_if_unused();
    state.wake.notify_one();
    Ok(ProfileView {
        name,
        site,
        demo: false,
        masked_ak: profile.masked_ak,
        temporary: profile.temporary,
        account_name: None,
        active: true,
    })
}

#[derive(Debug, Serialize)]
pub struct Verified {
    pub account_name: String,
}

/// Calls IAM with the stored keys and shows the account name.
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_profile(state: St<'_>, name: String) -> CmdResult<Verified> {
    let c = state.accounts.client(&name).await?;
    let d = c.fetch_domain().await.map_err(|e| CmdError::from_api(&e))?;
    if !state.settings.is_demo(&name) {
        let acct = d.name.clone();
        state.settings.update(|s| {
            if let Some(p) = s.profiles.iter_mut().find(|p| p.name == name) {
                p.account_name = Some(acct);
            }
            Ok(())
        })?;
    }
    Ok(Verified {
        account_name: d.name,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn use_profile(state: St<'_>, name: String) -> CmdResult<()> {
    if name != DEMO_PROFILE && state.settings.get().profile(&name).is_none() {
        return Err(CmdError::app("not_found", AppText::NoSuchProfile));
    }
    state.settings.update(|s| {
        s.active_profile = name;
        s.onboarded = true;
        Ok(())
    })?;
    state.accounts.park_demo_if_unused();
    // The watcher picks up the newly watched profile right away.
    state.wake.notify_one();
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_profile(state: St<'_>, name: String) -> CmdResult<()> {
    let Some(p) = state.settings.get().profile(&name).cloned() else {
        return Err(CmdError::app("not_found", AppText::NoSuchProfile));
    };
    let key = if p.key_id.is_empty() {
        &p.name
    } else {
        &p.key_id
    };
    // A profile whose removal cannot be saved keeps its keys.
    state.settings.check_writable()?;
    state.accounts.keychain_write(key, None).await?;
    state.settings.update(|s| {
        s.profiles.retain(|p| p.name != name);
        if s.active_profile == name {
            s.active_profile = DEMO_PROFILE.into();
        }
        Ok(())
    })?;
    state.accounts.forget_client(&name);
    Ok(())
}
