//! Rust waits for server jobs and orders; the page only renders what it is told.
//! Each command polls until the job or order settles and sends every status it sees
//! as an event (`job-progress`, `order-progress`) tagged with the job or order id,
//! then answers with the last one. The CLI waits for the same jobs with the same
//! core call (`CloudClient::wait_job`).

use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use super::purchase::{read_order, OrderStatus};
use super::servers::JobView;
use super::St;
use crate::error::{CmdError, CmdResult};

/// How often and how long a server job is polled (start/stop/reboot take seconds
/// to a few minutes).
const JOB_POLL: Duration = Duration::from_millis(700);
const JOB_DEADLINE: Duration = Duration::from_secs(210);
/// Orders: processing takes seconds; the tracker gives up after about 8 minutes
/// (the order stays in Activity and the pending banner).
const ORDER_POLL: Duration = Duration::from_millis(1200);
const ORDER_LOOKS: u32 = 400;

#[derive(Debug, Clone, Serialize)]
pub struct JobProgress {
    pub job_id: String,
    #[serde(flatten)]
    pub job: JobView,
}

/// Waits for one server job (from `server_action` or `reset_password`).
#[tauri::command(rename_all = "snake_case")]
pub async fn wait_job<R: Runtime>(
    app: AppHandle<R>,
    state: St<'_>,
    region: String,
    job_id: String,
) -> CmdResult<JobView> {
    flexus_core::validate::resource_id(&job_id)?;
    let profile = state.settings.active();
    flexus_core::catalog::Catalog::bundled().region(state.settings.site_of(&profile), &region)?;
    let c = state.accounts.client(&profile).await?;
    let send = |j: &flexus_core::client::models::Job| {
        let job = JobView {
            status: j.status.clone(),
            failure: j.failure(),
        };
        let _ = app.emit(
            "job-progress",
            JobProgress {
                job_id: job_id.clone(),
                job: job.clone(),
            },
        );
        job
    };
    let first = c
        .job(&region, &job_id)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    if first.finished() {
        return Ok(send(&first));
    }
    send(&first);
    let last = c
        .wait_job(&region, &job_id, JOB_POLL, JOB_DEADLINE)
        .await
        .map_err(|e| CmdError::from_api(&e))?;
    Ok(send(&last))
}

/// Waits until an order is completed (5), cancelled (4) or waiting for payment (6).
#[tauri::command(rename_all = "snake_case")]
pub async fn wait_order<R: Runtime>(
    app: AppHandle<R>,
    state: St<'_>,
    order_id: String,
) -> CmdResult<OrderStatus> {
    flexus_core::validate::resource_id(&order_id)?;
    let mut looks = 0;
    loop {
        let s = read_order(&state, order_id.clone()).await?;
        let _ = app.emit("order-progress", s.clone());
        looks += 1;
        if matches!(s.status, 4..=6) || looks >= ORDER_LOOKS {
            return Ok(s);
        }
        tokio::time::sleep(ORDER_POLL).await;
    }
}
