//! The CLI's read-only feature commands: traffic forecast, health metrics, renewal
//! calendar (.ics) and the instance list as CSV. None of them changes anything in
//! the cloud; the files are written whole (temporary file, then rename).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::args::Global;
use super::shared::{client, out, targets, Fail};
use flexus_core::client::ces::{Series, HEALTH_METRICS};
use flexus_core::client::models::FreeResourcesResponse;
use flexus_core::client::rms::FlexusInstance;
use flexus_core::client::CloudClient;
use flexus_core::error::ApiError;
use flexus_core::export;
use flexus_core::fleet;
use flexus_core::metrics;
use flexus_core::outlook;
use flexus_core::traffic::{self, Reading};

/// How long readings are kept for the forecast's day-long window.
const KEEP_READINGS_HOURS: i64 = 72;

fn readings_file() -> PathBuf {
    flexus_core::paths::data_dir().join("traffic-readings.json")
}

/// Earlier readings per traffic package; an unreadable file is started afresh (it
/// only sharpens the forecast, it holds nothing the user could lose).
fn load_readings(path: &Path) -> BTreeMap<String, Vec<Reading>> {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn lang() -> &'static str {
    let l = std::env::var("LANG").unwrap_or_default();
    if l.starts_with("zh") {
        "zh"
    } else {
        "en"
    }
}

/// The instances (of `--region`, if given) and their traffic packages' usage, for
/// `flexus traffic` with and without `--forecast`.
pub async fn traffic_usage(
    g: &Global,
) -> Result<(CloudClient, Vec<FlexusInstance>, FreeResourcesResponse), Fail> {
    let (cl, _) = client(g)?;
    let list = cl.list_instances(g.region.as_deref()).await?;
    let ids: Vec<String> = list
        .iter()
        .filter_map(|i| i.traffic_package_id.clone())
        .collect();
    let usage = if ids.is_empty() {
        Default::default()
    } else {
        cl.free_resource_usage(&ids).await?
    };
    Ok((cl, list, usage))
}

/// `flexus traffic --forecast`.
pub async fn traffic_forecast(g: &Global) -> Result<(), Fail> {
    let (cl, list, usage) = traffic_usage(g).await?;
    // The gateway's clock: readings and forecasts are on the cloud's time.
    let now = cl.server_now();
    let path = readings_file();
    let mut book = load_readings(&path);
    let mut rows = Vec::new();
    for i in &list {
        let Some(pkg) = &i.traffic_package_id else {
            continue;
        };
        let Some(r) = usage
            .free_resources
            .iter()
            .find(|f| &f.free_resource_id == pkg)
            .and_then(|f| Reading::from_free_resource(f, now))
        else {
            continue;
        };
        let kept = book.entry(pkg.clone()).or_default();
        kept.retain(|x| now - x.at <= time::Duration::hours(KEEP_READINGS_HOURS) && x.at < now);
        kept.push(r.clone());
        let f = traffic::forecast(kept);
        rows.push(json!({
            "id": i.id, "name": i.name, "traffic_package_id": pkg,
            "percent_used": (r.percent_used() * 10.0).round() / 10.0,
            "left_gb": r.left_gb, "total_gb": r.total_gb,
            "cycle_end": flexus_core::timefmt::utc(r.cycle_end),
            "forecast": f, "text": traffic::describe(&f, lang()),
        }));
    }
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let text = serde_json::to_string(&book).unwrap_or_default();
    if let Err(e) = export::write_file(&path, &text) {
        eprintln!("note: the readings could not be kept ({e}); the next forecast starts afresh");
    }
    out(g, json!(rows), || {
        rows.iter()
            .map(|r| {
                format!(
                    "{:<16} {:>5.1} % of {:>6.0} GB used — {}",
                    r["name"].as_str().unwrap_or(""),
                    r["percent_used"].as_f64().unwrap_or(0.0),
                    r["total_gb"].as_f64().unwrap_or(0.0),
                    r["text"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

/// `flexus metrics --resource-ids … --hours N`: one batch query per region.
pub async fn metrics_cmd(
    g: &Global,
    resource_ids: &[String],
    hours: i64,
    names: &[String],
    utc_offset_hours: i8,
) -> Result<(), Fail> {
    if !(1..=24 * 180).contains(&hours) {
        return Err(Fail(2, "--hours must be between 1 and 4320".into()));
    }
    let wanted: Vec<&str> = if names.is_empty() {
        HEALTH_METRICS.to_vec()
    } else {
        names.iter().map(String::as_str).collect()
    };
    let (cl, _) = client(g)?;
    let t = targets(&cl, resource_ids).await?;
    let by_server: BTreeMap<String, String> = resource_ids
        .iter()
        .zip(&t)
        .map(|(id, (_, s))| (s.clone(), id.clone()))
        .collect();
    let now = cl.server_now();
    let to = now.unix_timestamp() * 1000;
    let from = to - hours * 3_600_000;
    let mut all: Vec<Series> = Vec::new();
    for (region, servers) in flexus_core::client::ecs::by_region(t) {
        match cl
            .batch_metric_data(&region, &servers, &wanted, "average", from, to)
            .await
        {
            Ok(s) => all.extend(s),
            Err(ApiError::Forbidden { code, .. }) => {
                return Err(Fail(
                    1,
                    format!("{} [{code}]", metrics::not_permitted_note(lang())),
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Times in the summaries are in this offset (the CLI does not guess the zone).
    let offset = time::UtcOffset::from_hms(utc_offset_hours, 0, 0)
        .map_err(|_| Fail(2, "--utc-offset must be between -23 and 23".into()))?;
    let rows: Vec<_> = all
        .iter()
        .map(|s| {
            json!({
                "resource_id": by_server.get(&s.server_id),
                "server_id": s.server_id, "metric": s.metric, "unit": s.unit,
                "points": s.points.len(),
                "summary": metrics::summarize(s, now, offset, lang()),
                "datapoints": s.points,
            })
        })
        .collect();
    out(g, json!(rows), || {
        let mut lines = Vec::new();
        for r in &rows {
            let id = r["resource_id"].as_str().unwrap_or("?");
            let s = r["summary"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{}: no data yet", r["metric"].as_str().unwrap_or("")));
            lines.push(format!("{id}  {s}"));
        }
        lines.join("\n")
    });
    Ok(())
}

/// `flexus calendar [--ics FILE]`: the 12-month outlook of this account.
pub async fn calendar_cmd(g: &Global, ics: Option<&Path>) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    // One call first, so "now" is the gateway's clock (the reply's Date header).
    cl.domain_id().await?;
    let now = cl.server_now();
    let f = fleet::refresh(&cl, now).await?;
    let input = outlook::gather(&cl, &profile, g.site.currency(), &f).await;
    let o = outlook::build(std::slice::from_ref(&input), now);
    if let Some(path) = ics {
        export::write_file(path, &export::ics_calendar(&o.dues, now, lang()))
            .map_err(|e| Fail(1, format!("cannot write {}: {e}", path.display())))?;
    }
    out(g, json!(o), || {
        let mut lines: Vec<String> = o
            .months
            .iter()
            .map(|m| {
                format!(
                    "{}  {:>10} {}{}",
                    m.month,
                    m.total.round_dp(2),
                    m.currency,
                    if m.incomplete {
                        "  (some prices unknown)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        for c in &o.coverage {
            lines.push(outlook::describe_coverage(c, lang()));
        }
        if let Some(p) = ics {
            lines.push(format!(
                "{} renewals written to {}",
                o.dues.len(),
                p.display()
            ));
        }
        lines.join("\n")
    });
    Ok(())
}

/// `flexus export --csv FILE`: the instance list.
pub async fn export_cmd(g: &Global, csv: &Path) -> Result<(), Fail> {
    let (cl, _) = client(g)?;
    cl.domain_id().await?;
    let f = fleet::refresh(&cl, cl.server_now()).await?;
    export::write_file(csv, &export::instances_csv(&f.instances))
        .map_err(|e| Fail(1, format!("cannot write {}: {e}", csv.display())))?;
    out(
        g,
        json!({"file": csv.display().to_string(), "rows": f.instances.len(), "problems": f.problems}),
        || {
            format!(
                "{} instances written to {}",
                f.instances.len(),
                csv.display()
            )
        },
    );
    Ok(())
}
