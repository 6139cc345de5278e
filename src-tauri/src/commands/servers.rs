//! Start, stop, reboot, password reset and rename of the servers in instances.

use flexus_core::client::ecs::{ServerAction, ServerUpdate};
use serde::Serialize;

use super::St;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

#[derive(Debug, Serialize)]
pub struct JobRef {
    pub region: String,
    pub job_id: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn server_action(
    state: St<'_>,
    ids: Vec<String>,
    action: String,
    hard: bool,
) -> CmdResult<Vec<JobRef>> {
    flexus_core::validate::resource_ids(&ids, 1000)?;
    let act =
        ServerAction::parse(&action).ok_or_else(|| CmdError::invalid(AppText::ServerActionKind))?;
    let profile = state.settings.active();
    let groups = state.dashboard.servers_by_region(&profile, &ids)?;
    let c = state.accounts.client(&profile).await?;
    let actor = state.actor(&c, &profile);
    let mut jobs = vec![];
    for (region, servers) in groups {
        jobs.push(send(&actor, region, act, &servers, hard).await?);
    }
    Ok(jobs)
}

/// One power action on one region's servers, journaled by the actor; its job to follow.
async fn send(
    actor: &flexus_core::actions::Actor<'_>,
    region: String,
    act: ServerAction,
    servers: &[String],
    hard: bool,
) -> CmdResult<JobRef> {
    let d = actor
        .server_action(&region, act, servers, hard)
        .await
        .map_err(|e| CmdError::from_action(&e))?;
    Ok(JobRef {
        region,
        job_id: d.result,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    pub status: String,
    pub failure: Option<String>,
}

/// Resets the password; with `restart`, reboots right after so it takes effect.
#[tauri::command(rename_all = "snake_case")]
pub async fn reset_password(
    state: St<'_>,
    ids: Vec<String>,
    password: String,
    restart: bool,
) -> CmdResult<Vec<JobRef>> {
    flexus_core::validate::resource_ids(&ids, 1000)?;
    flexus_core::validate::password(&password)?;
    let profile = state.settings.active();
    let groups = state.dashboard.servers_by_region(&profile, &ids)?;
    let c = state.accounts.client(&profile).await?;
    let actor = state.actor(&c, &profile);
    let mut jobs = vec![];
    for (region, servers) in groups {
        actor
            .reset_password(&region, &servers, &password)
            .await
            .map_err(|e| CmdError::from_action(&e))?;
        if restart {
            jobs.push(send(&actor, region, ServerAction::Reboot, &servers, false).await?);
        }
    }
    Ok(jobs)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_server(
    state: St<'_>,
    id: String,
    name: Option<String>,
    description: Option<String>,
    hostname: Option<String>,
) -> CmdResult<()> {
    let norm = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let (name, hostname) = (norm(name), norm(hostname));
    if let Some(n) = &name {
        flexus_core::validate::server_name(n)?;
    }
    if let Some(d) = &description {
        flexus_core::validate::server_description(d)?;
    }
    if let Some(h) = &hostname {
        flexus_core::validate::hostname(h)?;
    }
    if name.is_none() && description.is_none() && hostname.is_none() {
        return Err(CmdError::app("invalid_input", AppText::NothingToChange));
    }
    let profile = state.settings.active();
    let (region, server) = state.dashboard.server_of(&profile, &id)?;
    let c = state.accounts.client(&profile).await?;
    c.update_server(
        &region,
        &server,
        &ServerUpdate {
            name,
            description,
            hostname,
        },
    )
    .await
    .map_err(|e| CmdError::from_api(&e))?;
    Ok(())
}
