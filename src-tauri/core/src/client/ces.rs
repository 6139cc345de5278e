//! Cloud Eye (CES v1) metric data of the servers inside Flexus L instances: one metric
//! of one server (`GET /V1.0/{project_id}/metric-data`) and many metrics of many
//! servers in one call (`POST /V1.0/{project_id}/batch-query-metric-data`). Namespace
//! `SYS.ECS` needs no agent in the server. Shapes: `huaweicloudsdkces.v1` models
//! `ShowMetricData*`, `BatchListMetricData*`, `Datapoint`, `BatchMetricData`.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::models::nullable;
use super::{Call, CloudClient, Scope};
use crate::endpoints::Service;
use crate::error::ApiError;

pub const NAMESPACE: &str = "SYS.ECS";

/// The SYS.ECS metrics the health view reads (no agent needed).
pub const HEALTH_METRICS: [&str; 5] = [
    "cpu_util",
    "network_incoming_bytes_rate_inband",
    "network_outgoing_bytes_rate_inband",
    "disk_read_bytes_rate",
    "disk_write_bytes_rate",
];

/// At most this many metric objects per batch query (`metrics`: [1, 500]).
pub const BATCH_LIMIT: usize = 500;

/// One aggregated point (`Datapoint` / `DatapointForBatchMetric`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Datapoint {
    #[serde(default)]
    pub average: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub sum: Option<f64>,
    #[serde(default)]
    pub variance: Option<f64>,
    /// Unix milliseconds.
    #[serde(default, deserialize_with = "nullable")]
    pub timestamp: i64,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct ShowMetricDataResponse {
    #[serde(default, deserialize_with = "nullable")]
    datapoints: Vec<Datapoint>,
    #[serde(default, deserialize_with = "nullable")]
    metric_name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Dimension {
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    value: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct BatchMetricData {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    datapoints: Vec<Datapoint>,
    #[serde(default, deserialize_with = "nullable")]
    metric_name: String,
    #[serde(default, deserialize_with = "nullable")]
    dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct BatchListMetricDataResponse {
    #[serde(default, deserialize_with = "nullable")]
    metrics: Vec<BatchMetricData>,
}

/// One metric of one server over a time range, oldest point first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub server_id: String,
    pub metric: String,
    pub unit: Option<String>,
    pub points: Vec<Datapoint>,
}

/// The aggregation period CES keeps for a range (its batch query clamps longer ranges:
/// 300 s for at most 24 h, 3600 s for 10 days, 14400 s for 30 days, else 86400 s).
pub fn period_for(from_ms: i64, to_ms: i64) -> u32 {
    let hours = (to_ms - from_ms).max(0) / 3_600_000;
    match hours {
        0..=24 => 300,
        25..=240 => 3600,
        241..=720 => 14400,
        _ => 86400,
    }
}

fn check_range(from_ms: i64, to_ms: i64) -> Result<(), ApiError> {
    // The documented range of both timestamps; `from` must be before `to`.
    let ok = |t: i64| (1_111_111_111_111..=9_999_999_999_999).contains(&t);
    if !ok(from_ms) || !ok(to_ms) || from_ms >= to_ms {
        return Err(ApiError::InvalidParameter {
            code: "flexus.metric_range".into(),
            message: "the time range must be valid Unix milliseconds with from before to".into(),
        });
    }
    Ok(())
}

fn sorted(mut points: Vec<Datapoint>) -> Vec<Datapoint> {
    points.sort_by_key(|p| p.timestamp);
    points
}

impl CloudClient {
    /// One SYS.ECS metric of one server (`filter` = average, max, min, sum or variance).
    pub async fn metric_data(
        &self,
        region: &str,
        server_id: &str,
        metric: &str,
        filter: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Series, ApiError> {
        check_range(from_ms, to_ms)?;
        let pid = self.ecs_project(region, &[server_id.to_string()]).await?;
        let call = Call::get(Service::Ces, format!("/V1.0/{pid}/metric-data"))
            .region(region)
            .scope(Scope::ProjectId(pid))
            .query("namespace", NAMESPACE)
            .query("metric_name", metric)
            .query("dim.0", format!("instance_id,{server_id}"))
            .query("filter", filter)
            .query("period", period_for(from_ms, to_ms).to_string())
            .query("from", from_ms.to_string())
            .query("to", to_ms.to_string());
        let r: ShowMetricDataResponse = self.send_json(call).await?;
        let unit = r.datapoints.iter().find_map(|p| p.unit.clone());
        Ok(Series {
            server_id: server_id.to_string(),
            metric: if r.metric_name.is_empty() {
                metric.to_string()
            } else {
                r.metric_name
            },
            unit,
            points: sorted(r.datapoints),
        })
    }

    /// Many metrics of many servers of one project (the dashboard's sparklines), in
    /// as few calls as the 500-metric limit allows. A read: retried like other reads.
    pub async fn batch_metric_data(
        &self,
        region: &str,
        server_ids: &[String],
        metrics: &[&str],
        filter: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Series>, ApiError> {
        check_range(from_ms, to_ms)?;
        if server_ids.is_empty() || metrics.is_empty() {
            return Ok(vec![]);
        }
        let pid = self.ecs_project(region, server_ids).await?;
        let pairs: Vec<(&String, &str)> = server_ids
            .iter()
            .flat_map(|s| metrics.iter().map(move |m| (s, *m)))
            .collect();
        let mut out = Vec::new();
        for chunk in pairs.chunks(BATCH_LIMIT) {
            let items: Vec<_> = chunk
                .iter()
                .map(|(s, m)| {
                    json!({"namespace": NAMESPACE, "metric_name": m,
                           "dimensions": [{"name": "instance_id", "value": s}]})
                })
                .collect();
            let body = json!({
                "metrics": items,
                "period": period_for(from_ms, to_ms).to_string(),
                "filter": filter,
                "from": from_ms,
                "to": to_ms,
            });
            let call = Call::query_post(
                Service::Ces,
                format!("/V1.0/{pid}/batch-query-metric-data"),
                body,
            )
            .region(region)
            .scope(Scope::ProjectId(pid.clone()));
            debug_assert_eq!(call.method, Method::POST);
            let r: BatchListMetricDataResponse = self.send_json(call).await?;
            for m in r.metrics {
                let server_id = m
                    .dimensions
                    .iter()
                    .find(|d| d.name == "instance_id")
                    .map(|d| d.value.clone())
                    .unwrap_or_default();
                let unit = m
                    .unit
                    .clone()
                    .or_else(|| m.datapoints.iter().find_map(|p| p.unit.clone()));
                out.push(Series {
                    server_id,
                    metric: m.metric_name,
                    unit,
                    points: sorted(m.datapoints),
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_the_documented_clamps() {
        let h = 3_600_000;
        assert_eq!(period_for(0, 24 * h), 300);
        assert_eq!(period_for(0, 7 * 24 * h), 3600);
        assert_eq!(period_for(0, 30 * 24 * h), 14400);
        assert_eq!(period_for(0, 90 * 24 * h), 86400);
    }

    #[test]
    fn ranges_are_checked_before_sending() {
        assert!(check_range(1_700_000_000_000, 1_700_000_300_000).is_ok());
        assert!(check_range(1_700_000_300_000, 1_700_000_000_000).is_err());
        assert!(check_range(0, 1_700_000_000_000).is_err());
    }
}
