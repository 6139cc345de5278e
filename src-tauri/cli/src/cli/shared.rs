//! What every command family shares: the exit status with its message, output as
//! text or JSON, the client from the environment or the app's keychain, the journal,
//! the "type yes" confirmation and the instance → server look-up.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

use super::args::{Confirm, Global};
use flexus_core::actions::ActionError;
use flexus_core::client::{ClientOptions, CloudClient};
use flexus_core::endpoints::Endpoints;
use flexus_core::journal::Journal;
use flexus_core::keychain::{KeyringStore, SecretStore};
use flexus_core::secret::Credentials;

/// A failed command: its exit status and message.
pub struct Fail(pub i32, pub String);

impl From<flexus_core::error::ApiError> for Fail {
    fn from(e: flexus_core::error::ApiError) -> Self {
        Fail(1, format!("{} [{}]", e, e.kind()))
    }
}

impl From<ActionError> for Fail {
    fn from(e: ActionError) -> Self {
        match &e {
            ActionError::Invalid(_) | ActionError::Catalog(_) => Fail(2, e.to_string()),
            ActionError::Api { unknown: true, journal_id, .. } => Fail(
                4,
                format!("{e}\nThe request may have been processed. Nothing was sent again. Check with `flexus list` or the order list before retrying (journal entry {journal_id})."),
            ),
            ActionError::Pending(p) => Fail(
                5,
                format!("{e}\nRun `flexus check-pending` to look for its outcome (journal entry {}).", p.id),
            ),
            _ => Fail(1, format!("{e} [{}]", e.kind())),
        }
    }
}

pub fn out(g: &Global, v: Value, text: impl FnOnce() -> String) {
    if g.json {
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!("{}", text());
    }
}

pub fn default_region(g: &Global) -> String {
    g.region
        .clone()
        .unwrap_or_else(|| g.site.hcss_region().to_string())
}

pub fn client(g: &Global) -> Result<(CloudClient, String), Fail> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (creds, profile) = match (env("HW_ACCESS_KEY"), env("HW_SECRET_KEY")) {
        (Some(ak), Some(sk)) => (Credentials::new(&ak, &sk, env("HW_SECURITY_TOKEN").as_deref()), "env".to_string()),
        _ => match &g.profile {
            Some(p) => (
                KeyringStore::default()
                    .get(&profile_key(p)?)
                    .map_err(|e| Fail(1, e.to_string()))?
                    .ok_or_else(|| Fail(2, format!("no credentials stored for profile '{p}'")))?,
                p.clone(),
            ),
            None => return Err(Fail(2, "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary keys), or use --profile".into())),
        },
    };
    let mut e = Endpoints::new(g.site);
    for spec in &g.endpoints {
        let (svc, url) = Endpoints::parse_override(spec).map_err(|m| Fail(2, m))?;
        e = e.with_override(svc, url);
    }
    Ok((
        CloudClient::new(creds, e, ClientOptions::default())?,
        profile,
    ))
}

/// The keychain key of the app's profile `name` (the app keys entries by a random id).
/// Settings from a newer app are not guessed at.
fn profile_key(name: &str) -> Result<String, Fail> {
    let path = flexus_core::paths::data_dir().join("settings.json");
    let file = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    flexus_core::paths::check_schema(
        &path,
        &file,
        "/settings/schema_version",
        flexus_core::paths::SETTINGS_SCHEMA.into(),
    )
    .map_err(|e| Fail(2, e.to_string()))?;
    Ok(flexus_core::keychain::key_of_profile(&file, name))
}

pub fn journal() -> Result<Journal, Fail> {
    let (j, rep) = Journal::open(flexus_core::paths::data_dir().join("journal.jsonl"))
        .map_err(|e| Fail(1, format!("cannot open the journal: {e}")))?;
    if let Some(b) = rep.backup {
        eprintln!(
            "note: {} unreadable journal line(s) were skipped; a copy is at {}",
            rep.skipped_lines,
            b.display()
        );
    }
    Ok(j)
}

/// `Ok(true)` = go ahead; dry runs print the plan and return `Ok(false)`.
pub fn confirm(c: &Confirm, g: &Global, plan: &Value, summary: &str) -> Result<bool, Fail> {
    if c.dry_run {
        out(g, json!({"dry_run": true, "would_send": plan}), || {
            format!("Dry run — nothing was sent.\n{summary}")
        });
        return Ok(false);
    }
    if c.confirm {
        return Ok(true);
    }
    eprintln!("{summary}\nType 'yes' to confirm (this costs money or cannot be undone): ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err()
        || !matches!(line.trim(), "yes" | "y" | "confirm")
    {
        return Err(Fail(3, "cancelled; nothing was sent".into()));
    }
    Ok(true)
}

/// (region, server id) of each instance id.
pub async fn targets(cl: &CloudClient, ids: &[String]) -> Result<Vec<(String, String)>, Fail> {
    let list = cl.list_instances(None).await?;
    ids.iter()
        .map(|id| {
            let i = list
                .iter()
                .find(|i| &i.id == id)
                .ok_or_else(|| Fail(2, format!("no instance {id}")))?;
            let s = i
                .server_id
                .clone()
                .ok_or_else(|| Fail(1, format!("instance {id} has no cloud server")))?;
            Ok((i.region.clone(), s))
        })
        .collect()
}
