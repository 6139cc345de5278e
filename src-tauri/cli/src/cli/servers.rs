//! Server operations through ECS: `start`, `stop`, `reboot`, `reset-password`.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use serde_json::json;

use super::args::{Confirm, Global, ServerArgs};
use super::shared::{client, confirm, journal, out, targets, Fail};
use flexus_core::actions::Actor;
use flexus_core::client::ecs::ServerAction;

pub async fn server_action(g: &Global, action: ServerAction, a: ServerArgs) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let t = targets(&cl, &a.resource_ids).await?;
    let j = journal()?;
    let actor = Actor::new(&cl, &j, &profile);
    let mut results = Vec::new();
    for (region, ids) in flexus_core::client::ecs::by_region(t) {
        let job = actor
            .server_action(&region, action, &ids, a.hard)
            .await?
            .result;
        let status = if a.wait {
            let j = cl
                .wait_job(
                    &region,
                    &job,
                    Duration::from_millis(500),
                    Duration::from_secs(300),
                )
                .await?;
            if let Some(f) = j.failure() {
                return Err(Fail(1, format!("job {job} failed: {f}")));
            }
            j.status
        } else {
            "RUNNING".into()
        };
        results.push(json!({"region": region, "job_id": job, "status": status}));
    }
    out(g, json!(results), || {
        results
            .iter()
            .map(|r| {
                format!(
                    "{} job {} {}",
                    r["region"].as_str().unwrap_or(""),
                    r["job_id"].as_str().unwrap_or(""),
                    r["status"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

pub async fn reset_password(g: &Global, resource_ids: Vec<String>, c: Confirm) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let mut pw = String::new();
    if std::io::stdin().is_terminal() {
        eprintln!("New password (8–26 chars, 3 of upper/lower/digit/special !@%-_=+[]:./?): ");
    }
    std::io::stdin()
        .lock()
        .read_line(&mut pw)
        .map_err(|e| Fail(2, e.to_string()))?;
    let pw = pw.trim_end_matches(['\r', '\n']).to_string();
    flexus_core::validate::password(&pw).map_err(|e| Fail(2, e.to_string()))?;
    let targets = targets(&cl, &resource_ids).await?;
    let plan = json!({"servers": targets.iter().map(|t| &t.1).collect::<Vec<_>>()});
    if confirm(
        &c,
        g,
        &plan,
        &format!(
            "Reset the password of {} server(s). It takes effect after the next start or restart.",
            targets.len()
        ),
    )? {
        let j = journal()?;
        let actor = Actor::new(&cl, &j, &profile);
        for (region, ids) in flexus_core::client::ecs::by_region(targets.iter().cloned()) {
            actor.reset_password(&region, &ids, &pw).await?;
        }
        out(g, json!({"ok": true}), || {
            "Password reset sent. Restart the servers to apply it.".into()
        });
    }
    Ok(())
}
