//! The local journal of paid and destructive actions: append-only JSON lines, each
//! written and fsynced *before* the request is sent (intent) and again after it
//! (outcome). A crash mid-request therefore leaves an intent without an outcome,
//! which the app shows as "unknown — checking" and reconciles; nothing is lost.
//!
//! Over 400 lines with its tests (the code is about 300): the file format and its torn-line cases read together.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
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

impl Outcome {
    /// Sent (or maybe sent) without a known result: blocks conflicting actions.
    pub fn unresolved(self) -> bool {
        matches!(self, Outcome::Sending | Outcome::Unknown)
    }
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
    /// The cloud's clock (gateway `Date`) when the intent was written: the lower
    /// bound for evidence, immune to this computer's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<String>,
    /// The price the person confirmed (what the review or quote showed), kept so
    /// the Activity log can say what an action cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<crate::price::Quoted>,
}

/// The journal's file and an index of its entries (latest state per id, in
/// first-seen order). The file is read once; later reads only parse what another
/// process (the CLI next to the app) appended since.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    index: Mutex<Index>,
}

#[derive(Debug, Default)]
struct Index {
    /// Bytes of the file already folded into `latest`.
    offset: u64,
    order: Vec<String>,
    latest: HashMap<String, Entry>,
    bad: usize,
}

impl Index {
    fn fold(&mut self, e: Entry) {
        if !self.latest.contains_key(&e.id) {
            self.order.push(e.id.clone());
        }
        self.latest.insert(e.id.clone(), e);
    }

    /// Folds in whatever complete lines follow `offset`. A last line without its
    /// newline (a write in progress or torn by a crash) is left for later.
    fn catch_up(&mut self, path: &Path) -> std::io::Result<()> {
        let mut f = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                *self = Index::default();
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let len = f.metadata()?.len();
        if len < self.offset {
            // Replaced by a shorter file: start over.
            *self = Index::default();
        }
        if len == self.offset {
            return Ok(());
        }
        f.seek(SeekFrom::Start(self.offset))?;
        let mut buf = Vec::with_capacity((len - self.offset) as usize);
        f.read_to_end(&mut buf)?;
        let complete = match buf.iter().rposition(|b| *b == b'\n') {
            Some(i) => i + 1,
            None => return Ok(()),
        };
        for line in buf[..complete].split(|b| *b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Entry>(line) {
                Ok(e) => self.fold(e),
                Err(_) => self.bad += 1,
            }
        }
        self.offset += complete as u64;
        Ok(())
    }
}

/// What opening the journal found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    pub skipped_lines: usize,
    pub backup: Option<PathBuf>,
}

/// Why an intent was not written.
#[derive(Debug, thiserror::Error)]
pub enum BeginError {
    /// An unresolved entry touches the same thing: nothing may be sent.
    #[error("an earlier action is still unresolved")]
    Blocked(Box<Entry>),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Journal {
    /// Opens (creating the folder, 0700). Unreadable lines are kept in a backup
    /// copy and skipped, so one torn write never hides the rest of the history.
    pub fn open(path: impl Into<PathBuf>) -> std::io::Result<(Journal, OpenReport)> {
        let path = path.into();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir)?;
        }
        let mut index = Index::default();
        index.catch_up(&path)?;
        let mut report = OpenReport::default();
        if index.bad > 0 {
            let backup = backup_name(&path);
            fs::copy(&path, &backup)?;
            report = OpenReport {
                skipped_lines: index.bad,
                backup: Some(backup),
            };
        }
        Ok((
            Journal {
                path,
                index: Mutex::new(index),
            },
            report,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` with this process's index lock and an exclusive lock on the file
    /// (so the app and the CLI never interleave a check and an append).
    fn locked<T>(
        &self,
        f: impl FnOnce(&mut Index, &mut File) -> Result<T, BeginError>,
    ) -> Result<T, BeginError> {
        let mut ix = self.index();
        let existed = self.path.exists();
        let mut file = crate::paths::private_file()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)?;
        if !existed {
            // A new file's name lives in its directory: without syncing that, a
            // crash could lose the whole journal although each entry was synced.
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir)?.sync_all()?;
            }
        }
        file.lock()?;
        let r = ix
            .catch_up(&self.path)
            .map_err(BeginError::from)
            .and_then(|_| f(&mut ix, &mut file));
        let _ = file.unlock();
        r
    }

    fn write_line(ix: &mut Index, f: &mut File, e: &Entry) -> std::io::Result<()> {
        let mut line = Vec::new();
        // Newline guard: a torn last line from a crash must not swallow this entry.
        let len = f.metadata()?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            f.seek(SeekFrom::Start(len - 1))?;
            f.read_exact(&mut last)?;
            if last[0] != b'\n' {
                line.push(b'\n');
                ix.bad += 1;
            }
        }
        serde_json::to_writer(&mut line, e).map_err(std::io::Error::other)?;
        line.push(b'\n');
        f.write_all(&line)?;
        f.sync_all()?;
        ix.offset = len + line.len() as u64;
        ix.fold(e.clone());
        Ok(())
    }

    /// Appends and fsyncs one entry (an intent or an outcome).
    pub fn append(&self, e: &Entry) -> std::io::Result<()> {
        self.locked(|ix, f| Ok(Self::write_line(ix, f, e)?))
            .map_err(|e| match e {
                BeginError::Io(e) => e,
                BeginError::Blocked(_) => std::io::Error::other("blocked"),
            })
    }

    /// Appends the intent `e` unless an unresolved entry for which `conflicts`
    /// holds is in the journal; check and append happen under one lock.
    pub fn begin(&self, e: &Entry, conflicts: impl Fn(&Entry) -> bool) -> Result<(), BeginError> {
        self.locked(|ix, f| {
            if let Some(c) = ix
                .order
                .iter()
                .filter_map(|id| ix.latest.get(id))
                .find(|x| x.outcome.unresolved() && conflicts(x))
            {
                return Err(BeginError::Blocked(Box::new(c.clone())));
            }
            Ok(Self::write_line(ix, f, e)?)
        })
    }

    /// Appends the outcome `e` only while the latest state of its action is still
    /// unresolved (checked under the lock): a reconciliation working from an old
    /// snapshot must not bury an outcome recorded meanwhile. Returns whether it did.
    pub fn settle(&self, e: &Entry) -> std::io::Result<bool> {
        self.locked(|ix, f| {
            if ix
                .latest
                .get(&e.id)
                .is_some_and(|x| !x.outcome.unresolved())
            {
                return Ok(false);
            }
            Self::write_line(ix, f, e)?;
            Ok(true)
        })
        .map_err(|e| match e {
            BeginError::Io(e) => e,
            BeginError::Blocked(_) => std::io::Error::other("blocked"),
        })
    }

    /// Latest state of every action, newest first.
    pub fn entries(&self) -> std::io::Result<Vec<Entry>> {
        let mut ix = self.index();
        ix.catch_up(&self.path)?;
        Ok(ix
            .order
            .iter()
            .rev()
            .filter_map(|id| ix.latest.get(id).cloned())
            .collect())
    }

    pub fn get(&self, id: &str) -> std::io::Result<Option<Entry>> {
        let mut ix = self.index();
        ix.catch_up(&self.path)?;
        Ok(ix.latest.get(id).cloned())
    }

    /// Actions whose outcome was never recorded or is unknown, newest first.
    pub fn unresolved(&self) -> std::io::Result<Vec<Entry>> {
        Ok(self
            .entries()?
            .into_iter()
            .filter(|e| e.outcome.unresolved())
            .collect())
    }
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
            server_time: None,
            price: None,
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

    #[test]
    fn a_torn_last_line_does_not_swallow_the_next_entry() {
        let dir = std::env::temp_dir().join(format!("fj-{}", uuid::Uuid::new_v4()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("journal.jsonl");
        let good = serde_json::to_string(&entry("a", Outcome::Sending)).unwrap();
        // A crash mid-append left half a line and no newline.
        fs::write(&p, format!("{good}\n{{\"id\":\"b\",\"time\"")).unwrap();
        let (j, _) = Journal::open(&p).unwrap();
        j.append(&entry("c", Outcome::Sending)).unwrap();
        let (again, rep) = Journal::open(&p).unwrap();
        let ids: Vec<String> = again.entries().unwrap().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, vec!["c", "a"]);
        assert_eq!(rep.skipped_lines, 1, "only the torn line is lost");
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn another_process_appends_are_seen_and_block() {
        let dir = std::env::temp_dir().join(format!("fj-{}", uuid::Uuid::new_v4()));
        let p = dir.join("journal.jsonl");
        let (app, _) = Journal::open(&p).unwrap();
        let (cli, _) = Journal::open(&p).unwrap();
        app.append(&entry("a", Outcome::Succeeded)).unwrap();
        cli.begin(&entry("b", Outcome::Sending), |_| true).unwrap();
        assert_eq!(
            app.unresolved().unwrap().len(),
            1,
            "app sees the CLI's intent"
        );
        match app.begin(&entry("c", Outcome::Sending), |e| e.id == "b") {
            Err(BeginError::Blocked(e)) => assert_eq!(e.id, "b"),
            other => panic!("{other:?}"),
        }
        app.begin(&entry("d", Outcome::Sending), |_| false).unwrap();
        cli.append(&entry("b", Outcome::Succeeded)).unwrap();
        app.begin(&entry("c", Outcome::Sending), |e| e.id == "b")
            .unwrap();
        assert_eq!(cli.entries().unwrap().len(), 4);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn reading_a_long_journal_is_linear() {
        let dir = std::env::temp_dir().join(format!("fj-{}", uuid::Uuid::new_v4()));
        let p = dir.join("journal.jsonl");
        let mut text = String::new();
        for n in 0..20_000 {
            text += &serde_json::to_string(&entry(&format!("e{n}"), Outcome::Succeeded)).unwrap();
            text.push('\n');
        }
        fs::create_dir_all(&dir).unwrap();
        fs::write(&p, text).unwrap();
        let t = std::time::Instant::now();
        let (j, _) = Journal::open(&p).unwrap();
        for _ in 0..50 {
            assert_eq!(j.entries().unwrap().len(), 20_000);
        }
        // The old fold was quadratic: 20k entries took minutes; the index takes well under a second per read.
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            t.elapsed()
        );
        fs::remove_dir_all(dir).ok();
    }
}
