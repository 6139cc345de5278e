//! Read-only views of an account: `list`, `balance`, `traffic`.

use serde_json::json;

use super::args::Global;
use super::features;
use super::shared::{client, out, Fail};

pub async fn list(g: &Global) -> Result<(), Fail> {
    let (c, _) = client(g)?;
    let f = flexus_core::fleet::refresh(&c, time::OffsetDateTime::now_utc()).await?;
    out(g, json!(f), || {
        let mut s = vec![format!(
            "{:<26} {:<16} {:<15} {:<9} {:<20} {:>6} {:<5} {}",
            "ID", "NAME", "REGION", "STATUS", "EXPIRES (UTC)", "DAYS", "AUTO", "TRAFFIC LEFT"
        )];
        for i in &f.instances {
            s.push(format!(
                "{:<26} {:<16} {:<15} {:<9} {:<20} {:>6} {:<5} {}",
                i.id,
                i.name,
                i.region,
                i.status,
                i.expire_time.clone().unwrap_or_default(),
                i.days_left.map(|d| d.to_string()).unwrap_or_default(),
                i.auto_renew
                    .map(|a| if a { "on" } else { "off" })
                    .unwrap_or("?"),
                match (i.traffic_left_gb, i.traffic_total_gb) {
                    (Some(l), Some(t)) => format!("{l:.0}/{t:.0} GB"),
                    _ => "?".into(),
                }
            ));
        }
        if let Some(b) = f.balance {
            s.push(format!(
                "Balance: {b:.2} {}",
                f.currency.clone().unwrap_or_default()
            ));
        }
        for p in &f.problems {
            s.push(format!(
                "warning: {} could not be read: {}",
                p.part, p.message
            ));
        }
        s.join("\n")
    });
    Ok(())
}

pub async fn balance(g: &Global) -> Result<(), Fail> {
    let (cl, _) = client(g)?;
    let b = cl.balances().await?;
    out(g, json!(b), || {
        format!(
            "Balance: {:.2} {}",
            b.cash(),
            b.currency.clone().unwrap_or_default()
        )
    });
    Ok(())
}

pub async fn traffic(g: &Global) -> Result<(), Fail> {
    let (_, list, usage) = features::traffic_usage(g).await?;
    out(g, json!(usage), || {
        list.iter()
            .map(|i| {
                let u = usage
                    .free_resources
                    .iter()
                    .find(|f| Some(&f.free_resource_id) == i.traffic_package_id.as_ref());
                match u {
                    Some(u) => format!(
                        "{:<16} {:>8.1} of {:>6.0} GB left, cycle ends {}",
                        i.name,
                        u.amount.unwrap_or(0.0),
                        u.original_amount.unwrap_or(0.0),
                        u.end_time.clone().unwrap_or_default()
                    ),
                    None => format!("{:<16} no traffic package data", i.name),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}
