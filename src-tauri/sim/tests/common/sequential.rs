//! The benchmark's baseline (bench_refresh) and the test that the concurrent
//! dashboard refresh returns the same as it (sim_lifecycle): not production code.

use std::collections::HashMap;

use flexus_core::client::CloudClient;
use flexus_core::error::ApiError;
use flexus_core::fleet::{assemble, Fleet};
use flexus_core::timefmt;
use time::OffsetDateTime;

/// The baseline: the same data as `fleet::refresh`, fetched one call at a time as
/// the lifecycle skill would.
pub async fn refresh_sequential(
    client: &CloudClient,
    now: OffsetDateTime,
) -> Result<Fleet, ApiError> {
    let site = client.endpoints.site;
    let list = client.list_instances(None).await?;
    let balance = client.balances().await?;
    let (mut servers, mut expiry, mut traffic) = (HashMap::new(), HashMap::new(), HashMap::new());
    for fi in &list {
        if let Some(sid) = &fi.server_id {
            let s = client.server(&fi.region, sid).await?;
            servers.insert(s.id.clone(), s);
        }
        for o in client.expiry_of(std::slice::from_ref(&fi.id)).await? {
            expiry.insert(o.resource_id.clone(), o);
        }
        if let Some(t) = &fi.traffic_package_id {
            for f in client
                .free_resource_usage(std::slice::from_ref(t))
                .await?
                .free_resources
            {
                traffic.insert(f.free_resource_id.clone(), f);
            }
        }
    }
    Ok(Fleet {
        instances: assemble(site, now, &list, &servers, &expiry, &traffic),
        balance: Some(balance.cash()),
        currency: balance.currency,
        refreshed_at: timefmt::utc(now),
        problems: vec![],
    })
}
