//! The dashboard refresh: every Flexus L instance across regions with live status,
//! addresses, spec, expiry and traffic. Independent calls run concurrently (per-host
//! caps live in the client): RMS → { ECS list per region, BSS expiry in chunks of
//! 50, traffic in chunks of 100, balance }. A failing part degrades its columns and
//! is reported, it does not blank the dashboard.

use std::collections::{BTreeSet, HashMap};

use futures::future::join_all;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::catalog::{Catalog, SpecDetail};
use crate::client::models::{FreeResource, OrderInstance, ServerDetail};
use crate::client::rms::FlexusInstance;
use crate::client::CloudClient;
use crate::endpoints::Site;
use crate::error::ApiError;
use crate::expiry::{lifecycle, Periods, Stage};
use crate::timefmt;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InstanceView {
    pub id: String,
    pub name: String,
    pub region: String,
    pub region_name: String,
    /// Live ECS status (ACTIVE, SHUTOFF, REBOOT, ...), or UNKNOWN.
    pub status: String,
    pub frozen: bool,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub spec_code: Option<String>,
    pub spec: Option<SpecDetail>,
    pub image: Option<String>,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub hostname: Option<String>,
    pub description: Option<String>,
    pub order_id: Option<String>,
    pub expire_time: Option<String>,
    pub days_left: Option<i64>,
    pub stage: Option<Stage>,
    pub freeze_at: Option<String>,
    pub delete_at: Option<String>,
    pub auto_renew: Option<bool>,
    pub traffic_package_id: Option<String>,
    pub traffic_left_gb: Option<f64>,
    pub traffic_total_gb: Option<f64>,
    pub traffic_cycle_end: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fleet {
    pub instances: Vec<InstanceView>,
    pub balance: Option<f64>,
    pub currency: Option<String>,
    pub refreshed_at: String,
    /// Parts that failed: (part, kind, message). The rest is still shown.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Problem {
    pub part: String,
    pub kind: String,
    pub message: String,
}

fn problem(part: &str, e: &ApiError) -> Problem {
    Problem {
        part: part.into(),
        kind: e.kind().into(),
        message: e.to_string(),
    }
}

pub fn periods(site: Site) -> Periods {
    let (g, r) = site.grace_retention_days();
    Periods {
        grace_days: g,
        retention_days: r,
    }
}

/// Joins the pieces into rows (pure; shared with the sequential baseline).
pub fn assemble(
    site: Site,
    now: OffsetDateTime,
    list: &[FlexusInstance],
    servers: &HashMap<String, ServerDetail>,
    expiry: &HashMap<String, OrderInstance>,
    traffic: &HashMap<String, FreeResource>,
) -> Vec<InstanceView> {
    let cat = Catalog::bundled();
    let p = periods(site);
    list.iter()
        .map(|fi| {
            let srv = fi.server_id.as_ref().and_then(|s| servers.get(s));
            let exp = expiry.get(&fi.id);
            let tr = fi.traffic_package_id.as_ref().and_then(|t| traffic.get(t));
            let expire = exp
                .and_then(|e| e.expire_time.as_deref())
                .and_then(timefmt::parse_utc);
            let lc = expire.map(|e| lifecycle(now, e, p));
            InstanceView {
                id: fi.id.clone(),
                name: fi.name.clone(),
                region: fi.region.clone(),
                region_name: cat
                    .region(site, &fi.region)
                    .map(|r| r.name_en.clone())
                    .unwrap_or_else(|_| fi.region.clone()),
                status: srv
                    .map(|s| s.status.clone())
                    .unwrap_or_else(|| "UNKNOWN".into()),
                frozen: srv.is_some_and(|s| s.frozen()) || exp.and_then(|e| e.status) == Some(4),
                public_ip: srv
                    .and_then(|s| s.public_ip())
                    .or_else(|| fi.public_ip.clone()),
                private_ip: srv.and_then(|s| s.private_ip()),
                spec_code: fi.spec_code.clone(),
                spec: fi
                    .spec_code
                    .as_ref()
                    .and_then(|c| cat.spec_detail(site, &fi.region, c)),
                image: srv
                    .and_then(|s| s.metadata.get("image_name").cloned())
                    .or_else(|| fi.product_name.clone()),
                server_id: fi.server_id.clone(),
                server_name: srv
                    .map(|s| s.name.clone())
                    .or_else(|| fi.server_name.clone()),
                hostname: srv.and_then(|s| s.hostname.clone()),
                description: srv.and_then(|s| s.description.clone()),
                order_id: fi.order_id.clone(),
                expire_time: expire.map(timefmt::utc),
                days_left: lc.as_ref().map(|l| l.days_left),
                stage: lc.as_ref().map(|l| l.stage),
                freeze_at: lc.as_ref().map(|l| timefmt::utc(l.freeze_at)),
                delete_at: lc.as_ref().map(|l| timefmt::utc(l.delete_at)),
                auto_renew: exp.and_then(|e| e.expire_policy).map(|p| p == 3),
                traffic_package_id: fi.traffic_package_id.clone(),
                traffic_left_gb: tr.and_then(|t| t.amount),
                traffic_total_gb: tr.and_then(|t| t.original_amount),
                traffic_cycle_end: tr.and_then(|t| t.end_time.clone()),
            }
        })
        .collect()
}

/// The concurrent refresh.
pub async fn refresh(client: &CloudClient, now: OffsetDateTime) -> Result<Fleet, ApiError> {
    let site = client.endpoints.site;
    let mut problems = Vec::new();
    // The account id gates RMS; the project ids of the site's regions are looked up
    // alongside the listing (failures are ignored here: a region may not be enabled).
    let regions_of_site = crate::catalog::Catalog::bundled().regions(site);
    let prefetch = join_all(regions_of_site.iter().map(|r| client.project_id(&r.id)));
    let (list, balance, _) =
        futures::join!(client.list_instances(None), client.balances(), prefetch);
    let list = list?;
    // ECS is listed per project: RMS names each instance's own (it may be a sub-project).
    let places: BTreeSet<(String, Option<String>)> = list
        .iter()
        .map(|i| (i.region.clone(), i.project_id.clone()))
        .collect();
    let ids: Vec<String> = list.iter().map(|i| i.id.clone()).collect();
    let traffic_ids: Vec<String> = list
        .iter()
        .filter_map(|i| i.traffic_package_id.clone())
        .collect();

    let ecs_f =
        join_all(places.iter().map(|(r, p)| async move {
            (r.clone(), client.list_servers_in(r, p.as_deref()).await)
        }));
    let exp_f = join_all(ids.chunks(50).map(|c| client.expiry_of(c)));
    let tr_f = join_all(
        traffic_ids
            .chunks(100)
            .map(|c| client.free_resource_usage(c)),
    );
    let (ecs, exp, tr) = futures::join!(ecs_f, exp_f, tr_f);

    let mut servers = HashMap::new();
    for (region, r) in ecs {
        match r {
            Ok(list) => servers.extend(list.into_iter().map(|s| (s.id.clone(), s))),
            Err(e) => problems.push(problem(&format!("ecs:{region}"), &e)),
        }
    }
    let mut expiry = HashMap::new();
    for r in exp {
        match r {
            Ok(rows) => expiry.extend(
                rows.into_iter()
                    .filter(|o| o.is_main_resource != Some(0))
                    .map(|o| (o.resource_id.clone(), o)),
            ),
            Err(e) => problems.push(problem("bss:expiry", &e)),
        }
    }
    let mut traffic = HashMap::new();
    for r in tr {
        match r {
            Ok(t) => traffic.extend(
                t.free_resources
                    .into_iter()
                    .map(|f| (f.free_resource_id.clone(), f)),
            ),
            Err(e) => problems.push(problem("bss:traffic", &e)),
        }
    }
    let (bal, cur) = match balance {
        Ok(b) => (Some(b.cash()), b.currency.clone()),
        Err(e) => {
            problems.push(problem("bss:balance", &e));
            (None, None)
        }
    };
    Ok(Fleet {
        instances: assemble(site, now, &list, &servers, &expiry, &traffic),
        balance: bal,
        currency: cur,
        refreshed_at: timefmt::utc(now),
        problems,
    })
}
