//! The dashboard store: the last refresh of each profile and the gate that keeps
//! one refresh per profile running at a time (the refresh itself fills it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use flexus_core::client::ecs::by_region;
use flexus_core::fleet::Fleet;
use flexus_core::traffic::Forecast;
use flexus_core::Site;
use serde::Serialize;

use super::lock;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

/// What the dashboard shows for one profile.
#[derive(Debug, Clone, Serialize)]
pub struct FleetView {
    pub profile: String,
    pub site: Site,
    pub demo: bool,
    pub now: String,
    pub fleet: Fleet,
    /// Instance id → traffic guard (percent used, forecast, automatic stop).
    pub traffic: std::collections::BTreeMap<String, TrafficView>,
}

#[derive(Default)]
pub struct Dashboard {
    /// Per profile: the last refresh (when it started, what it found).
    fleets: Mutex<HashMap<String, (Instant, FleetView)>>,
    /// Per profile: held while a refresh runs, so one runs at a time.
    refreshing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Dashboard {
    pub fn refresh_gate(&self, profile: &str) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.refreshing)
            .entry(profile.to_string())
            .or_default()
            .clone()
    }

    pub fn store(&self, profile: &str, started: Instant, view: FleetView) {
        lock(&self.fleets).insert(profile.to_string(), (started, view));
    }

    /// The last refresh of `profile` if it started at most `max_age` ago.
    pub fn recent(&self, profile: &str, max_age: Duration) -> Option<FleetView> {
        lock(&self.fleets)
            .get(profile)
            .filter(|(started, _)| started.elapsed() <= max_age)
            .map(|(_, v)| v.clone())
    }

    /// The servers behind `ids`, grouped by region (one ECS batch call per region).
    pub fn servers_by_region(
        &self,
        profile: &str,
        ids: &[String],
    ) -> CmdResult<Vec<(String, Vec<String>)>> {
        let targets = self.servers_of(profile, ids)?;
        Ok(by_region(targets.into_iter().map(|(r, s, _)| (r, s))))
    }

    /// (region, server id, name) of known instances; ids the dashboard has not shown
    /// are refused.
    pub fn servers_of(
        &self,
        profile: &str,
        ids: &[String],
    ) -> CmdResult<Vec<(String, String, String)>> {
        let fleets = lock(&self.fleets);
        let f = fleets
            .get(profile)
            .map(|(_, v)| &v.fleet)
            .ok_or_else(|| CmdError::app("not_found", AppText::RefreshFirst))?;
        ids.iter()
            .map(|id| {
                let i = f
                    .instances
                    .iter()
                    .find(|i| &i.id == id)
                    .ok_or_else(|| CmdError::app("not_found", AppText::NotOnDashboard))?;
                let s = i
                    .server_id
                    .clone()
                    .ok_or_else(|| CmdError::app("not_found", AppText::NoCloudServer))?;
                Ok((i.region.clone(), s, i.name.clone()))
            })
            .collect()
    }

    /// `(region, server id)` of one dashboard instance (see `servers_of`).
    pub fn server_of(&self, profile: &str, id: &str) -> CmdResult<(String, String)> {
        let mut one = self.servers_of(profile, &[id.to_string()])?;
        let (region, server, _) = one
            .pop()
            .ok_or_else(|| CmdError::app("not_found", AppText::NotOnDashboard))?;
        Ok((region, server))
    }
}

/// What the dashboard row and the detail show about an instance's traffic.
#[derive(Debug, Clone, Serialize)]
pub struct TrafficView {
    pub percent_used: f64,
    pub forecast: Forecast,
    /// The automatic stop's percentage, when the user turned it on.
    pub auto_stop_at: Option<u8>,
    /// When the guard stopped the server this cycle (unless started again since).
    pub stopped_by_guard_at: Option<String>,
}
