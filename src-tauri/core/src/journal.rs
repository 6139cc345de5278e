//! The local journal of paid and destructive actions: append-only JSON lines, each
//! written and fsynced *before* the request is sent (intent) and again after it
//! (outcome). A crash mid-request therefore leaves an intent without an outcome,
//! which the app shows as "unknown — checking" and reconciles; nothing is lost.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Sending,
    Succeeded,
    Failed,
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub id: String,
    pub time: String,
    pub profile: String,
    pub action: String,
    pub params: Value,
    pub outcome: Outcome,
    #[serde(default)]
    pub order_ids: Vec<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    lock: Mutex<()>,
}

/// What opening the journal found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    pub skipped_lines: usize,
    pub backup: Option<PathBuf>,
}

impl Journal {
    /// Opens (creating the folder). Unreadable lines are kept in a backup copy and
    /// skipped, so one torn write never hides the rest of the history.
    pub fn open(path: impl Into<PathBuf>) -> std::io::Result<(Journal, OpenReport)> {
        let path = path.into();
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut report = OpenReport::default();
        if path.exists() {
            let (_, bad) = read_lines(&path)?;
            if bad > 0 {
                let backup = backup_name(&path);
                fs::copy(&path, &backup)?;
                report = OpenReport {
                    skipped_lines: bad,
                    backup: Some(backup),
                };
            }
        }
        Ok((
            Journal {
                path,
                lock: Mutex::new(()),
            },
            report,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn append(&self, e: &Entry) -> std::io::Result<()> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        let mut line = serde_json::to_string(e).map_err(std::io::Error::other)?;
        line.push('\n');
        f.write_all(line.as_bytes())?;
        f.sync_all()
    }

    /// Latest state of every action, newest first.
    pub fn entries(&self) -> std::io::Result<Vec<Entry>> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let (all, _) = read_lines(&self.path)?;
        let mut latest: Vec<Entry> = Vec::new();
        for e in all {
            match latest.iter_mut().find(|x| x.id == e.id) {
                Some(x) => *x = e,
                None => latest.push(e),
            }
        }
        latest.reverse();
        Ok(latest)
    }

    /// Actions whose outcome was never recorded or is unknown.
    pub fn unresolved(&self) -> std::io::Result<Vec<Entry>> {
        Ok(self
            .entries()?
            .into_iter()
            .filter(|e| matches!(e.outcome, Outcome::Sending | Outcome::Unknown))
            .collect())
    }
}

fn read_lines(path: &Path) -> std::io::Result<(Vec<Entry>, usize)> {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], 0)),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    let mut bad = 0;
    for line in BufReader::new(f).split(b'\n') {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(&line) {
            Ok(e) => out.push(e),
            Err(_) => bad += 1,
        }
    }
    Ok((out, bad))
}

pub fn backup_name(path: &Path) -> PathBuf {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    path.with_file_name(format!("{name}.corrupt-{stamp}.bak"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, outcome: Outcome) -> Entry {
        Entry {
            id: id.into(),
            time: "2026-01-01T00:00:00Z".into(),
            profile: "demo".into(),
            action: "renew".into(),
            params: serde_json::json!({"resource_ids": ["x"]}),
            outcome,
            order_ids: vec![],
            message: None,
        }
    }

    #[test]
    fn intent_then_outcome_folds_to_latest() {
        let dir = std::env::temp_dir().join(format!("fj-{}", uuid::Uuid::new_v4()));
        let (j, rep) = Journal::open(dir.join("journal.jsonl")).unwrap();
        assert_eq!(rep, OpenReport::default());
        j.append(&entry("a", Outcome::Sending)).unwrap();
        j.append(&entry("b", Outcome::Sending)).unwrap();
        j.append(&entry("a", Outcome::Succeeded)).unwrap();
        let all = j.entries().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all.iter().find(|e| e.id == "a").unwrap().outcome,
            Outcome::Succeeded
        );
        assert_eq!(j.unresolved().unwrap().len(), 1);
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn torn_lines_are_backed_up_and_skipped() {
        let dir = std::env::temp_dir().join(format!("fj-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("journal.jsonl");
        let good = serde_json::to_string(&entry("a", Outcome::Failed)).unwrap();
        fs::write(&p, format!("{good}\n{{\"id\":\"b\",\"ti\n\u{0}garbage\n")).unwrap();
        let (j, rep) = Journal::open(&p).unwrap();
        assert_eq!(rep.skipped_lines, 2);
        assert!(rep.backup.as_ref().unwrap().exists());
        assert_eq!(j.entries().unwrap().len(), 1);
        fs::remove_dir_all(dir).ok();
    }
}
