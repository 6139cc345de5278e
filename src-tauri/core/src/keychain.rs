//! Credentials in the OS keychain (macOS Keychain, Windows Credential Manager,
//! Secret Service on Linux). Nothing else ever stores them.
//!
//! Entries are keyed by a random per-profile id kept in the settings, never by the
//! profile name: Credential Manager matches target names case-insensitively, so
//! "Shop" and "shop" would share (and overwrite) one entry. Credential Manager also
//! refuses blobs over 2,560 bytes (1,280 UTF-16 characters), so a long temporary
//! security token is split over several entries (`CHUNK` characters each).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use crate::secret::Credentials;

pub const SERVICE: &str = "app.flexusdesk.desktop";
/// Characters per keychain entry: under Credential Manager's 1,280 UTF-16 units.
pub const CHUNK: usize = 1000;
/// Most entries one secret may span (64 KB); more is refused with a clear message.
pub const MAX_CHUNKS: usize = 64;
/// The first entry of a split secret starts with this, then `generation:count:`.
const SPLIT: &str = "flexus-split:";

#[derive(Debug, Error)]
pub enum KeychainError {
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("the stored credentials for this profile are damaged; enter them again")]
    Damaged,
    #[error("the keys are too long for the system keychain ({0} characters)")]
    TooLong(usize),
    /// The keychain did not answer in time (usually a locked keychain waiting for
    /// the user to unlock it).
    #[error("the system keychain is locked or not answering; unlock it and try again")]
    Locked,
}

/// A store of strings by key. `KeyringStore` is the OS keychain; `MemoryStore` is
/// for tests that are not about the keychain itself.
pub trait SecretStore: Send + Sync {
    fn set_raw(&self, key: &str, value: &str) -> Result<(), KeychainError>;
    fn get_raw(&self, key: &str) -> Result<Option<String>, KeychainError>;
    fn delete_raw(&self, key: &str) -> Result<(), KeychainError>;

    /// Stores `creds` under `key`, split over several entries when long.
    fn set(&self, key: &str, creds: &Credentials) -> Result<(), KeychainError> {
        let payload = encode(creds);
        set_split(self, key, &payload)
    }
    fn get(&self, key: &str) -> Result<Option<Credentials>, KeychainError> {
        match get_split(self, key)? {
            None => Ok(None),
            Some(s) => decode(&s).map(Some),
        }
    }
    /// Deletes the entry and every part of it; deleting what is not there is fine.
    fn delete(&self, key: &str) -> Result<(), KeychainError> {
        if let Some(first) = self.get_raw(key)? {
            let first = Zeroizing::new(first);
            if let Some((gen, n, _)) = split_header(&first) {
                for i in 1..n {
                    self.delete_raw(&part_key(key, gen, i))?;
                }
            }
        }
        self.delete_raw(key)
    }
}

fn part_key(key: &str, gen: &str, i: usize) -> String {
    format!("{key}#{gen}#{i}")
}

/// `flexus-split:GEN:N:first-part` → (GEN, N, first part).
fn split_header(s: &str) -> Option<(&str, usize, &str)> {
    let rest = s.strip_prefix(SPLIT)?;
    let (gen, rest) = rest.split_once(':')?;
    let (n, first) = rest.split_once(':')?;
    let n: usize = n.parse().ok()?;
    (1..=MAX_CHUNKS).contains(&n).then_some((gen, n, first))
}

/// Writes the parts first and the header entry last, then removes the previous
/// generation's parts: a crash in between leaves the old secret readable.
fn set_split<S: SecretStore + ?Sized>(
    s: &S,
    key: &str,
    payload: &str,
) -> Result<(), KeychainError> {
    let chars: Vec<char> = payload.chars().collect();
    let old = s.get_raw(key)?.map(Zeroizing::new);
    if chars.len() <= CHUNK {
        s.set_raw(key, payload)?;
    } else {
        let parts: Vec<Zeroizing<String>> = chars
            .chunks(CHUNK)
            .map(|c| Zeroizing::new(c.iter().collect()))
            .collect();
        if parts.len() > MAX_CHUNKS {
            return Err(KeychainError::TooLong(chars.len()));
        }
        let gen = &uuid::Uuid::new_v4().simple().to_string()[..8];
        for (i, p) in parts.iter().enumerate().skip(1) {
            s.set_raw(&part_key(key, gen, i), p)?;
        }
        let head = Zeroizing::new(format!("{SPLIT}{gen}:{}:{}", parts.len(), *parts[0]));
        s.set_raw(key, &head)?;
    }
    let mut chars = chars;
    chars.zeroize();
    if let Some((gen, n, _)) = old.as_deref().and_then(|o| split_header(o)) {
        for i in 1..n {
            s.delete_raw(&part_key(key, gen, i))?;
        }
    }
    Ok(())
}

fn get_split<S: SecretStore + ?Sized>(s: &S, key: &str) -> Result<Option<String>, KeychainError> {
    let Some(first) = s.get_raw(key)?.map(Zeroizing::new) else {
        return Ok(None);
    };
    let Some((gen, n, head)) = split_header(&first) else {
        return Ok(Some(first.to_string()));
    };
    let mut out = String::from(head);
    for i in 1..n {
        let p = s
            .get_raw(&part_key(key, gen, i))?
            .map(Zeroizing::new)
            .ok_or(KeychainError::Damaged)?;
        out.push_str(&p);
    }
    Ok(Some(out))
}

#[derive(Serialize, Deserialize)]
struct Stored {
    ak: String,
    sk: String,
    #[serde(default)]
    token: Option<String>,
}

impl Drop for Stored {
    fn drop(&mut self) {
        self.sk.zeroize();
        self.token.zeroize();
    }
}

fn encode(c: &Credentials) -> Zeroizing<String> {
    Zeroizing::new(serde_json::json!({"ak": c.access_key, "sk": c.secret_key.expose(), "token": c.security_token.as_ref().map(|t| t.expose())}).to_string())
}

fn decode(s: &str) -> Result<Credentials, KeychainError> {
    let s = Zeroizing::new(s.to_string());
    let v: Stored = serde_json::from_str(&s).map_err(|_| KeychainError::Damaged)?;
    Ok(Credentials::new(&v.ak, &v.sk, v.token.as_deref()))
}

/// A keychain read that gives up after `timeout` (a locked keychain waits for the
/// user). The read itself keeps running on a blocking thread; `PendingReads` lets
/// the next caller wait for that same read instead of opening a second prompt.
pub type ReadHandle = tokio::task::JoinHandle<Result<Option<Credentials>, KeychainError>>;

/// One in-flight keychain read per key, each behind its own lock: a read that never
/// answers blocks only callers for that key.
#[derive(Default)]
pub struct PendingReads(Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<ReadHandle>>>>>);

impl PendingReads {
    pub async fn get(
        &self,
        store: Arc<dyn SecretStore>,
        key: &str,
        timeout: Duration,
    ) -> Result<Option<Credentials>, KeychainError> {
        let slot = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.to_string())
            .or_default()
            .clone();
        let started = tokio::time::Instant::now();
        let mut pending = tokio::time::timeout(timeout, slot.lock())
            .await
            .map_err(|_| KeychainError::Locked)?;
        let handle = pending.get_or_insert_with(|| {
            let k = key.to_string();
            tokio::task::spawn_blocking(move || store.get(&k))
        });
        let left = timeout.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, handle).await {
            // Still waiting: keep the read so the next caller joins it.
            Err(_) => Err(KeychainError::Locked),
            Ok(done) => {
                *pending = None;
                done.map_err(|e| KeychainError::Unavailable(e.to_string()))?
            }
        }
    }
}

/// The real OS keychain via the `keyring` crate.
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: &str) -> Self {
        KeyringStore {
            service: service.to_string(),
        }
    }
    fn entry(&self, key: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, key)
            .map_err(|e| KeychainError::Unavailable(e.to_string()))
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new(SERVICE)
    }
}

fn unavailable(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::TooLong(_, n) => KeychainError::TooLong(n as usize),
        e => KeychainError::Unavailable(e.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn set_raw(&self, key: &str, value: &str) -> Result<(), KeychainError> {
        self.entry(key)?.set_password(value).map_err(unavailable)
    }
    fn get_raw(&self, key: &str) -> Result<Option<String>, KeychainError> {
        match self.entry(key)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }
    fn delete_raw(&self, key: &str) -> Result<(), KeychainError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// In-memory store for tests that are not about the keychain itself.
#[derive(Default)]
pub struct MemoryStore(Mutex<HashMap<String, String>>);

impl MemoryStore {
    /// How many entries are stored (tests check that parts are cleaned up).
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SecretStore for MemoryStore {
    fn set_raw(&self, key: &str, value: &str) -> Result<(), KeychainError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.into(), value.into());
        Ok(())
    }
    fn get_raw(&self, key: &str) -> Result<Option<String>, KeychainError> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned())
    }
    fn delete_raw(&self, key: &str) -> Result<(), KeychainError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
        Ok(())
    }
}

/// The keychain key of the app's profile `name`, read from the app's settings file
/// (`{"settings": {"profiles": [{"name", "key_id"}]}}`); profiles saved before ids
/// existed are keyed by their name. Used by the CLI's `--profile`.
pub fn key_of_profile(settings_file: &serde_json::Value, name: &str) -> String {
    settings_file
        .pointer("/settings/profiles")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .find(|p| {
            p.get("name")
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.to_lowercase() == name.to_lowercase())
        })
        .and_then(|p| p.get("key_id").and_then(|k| k.as_str()))
        .filter(|k| !k.is_empty())
        .unwrap_or(name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_secrets_are_split_and_old_parts_removed() {
        let m = MemoryStore::default();
        let tok = "t".repeat(6 * 1024);
        m.set("k", &Credentials::new("AK1", "SK1", Some(&tok)))
            .unwrap();
        let parts = m.len();
        assert!(parts >= 7, "6 KB must span several entries, got {parts}");
        for v in m.0.lock().unwrap().values() {
            assert!(
                v.chars().count() <= CHUNK + 64,
                "entry too long: {}",
                v.len()
            );
        }
        assert_eq!(
            m.get("k")
                .unwrap()
                .unwrap()
                .security_token
                .unwrap()
                .expose(),
            tok
        );
        // Replacing with a short secret leaves one entry; deleting leaves none.
        m.set("k", &Credentials::new("AK1", "SK2", None)).unwrap();
        assert_eq!(m.len(), 1);
        m.set("k", &Credentials::new("AK1", "SK1", Some(&tok)))
            .unwrap();
        m.delete("k").unwrap();
        assert!(m.is_empty());
        // A missing part is damage, not a silently shorter token.
        m.set("k", &Credentials::new("AK1", "SK1", Some(&tok)))
            .unwrap();
        let victim =
            m.0.lock()
                .unwrap()
                .keys()
                .find(|k| k.ends_with("#3"))
                .cloned()
                .unwrap();
        m.delete_raw(&victim).unwrap();
        assert!(matches!(m.get("k"), Err(KeychainError::Damaged)));
        // Absurd lengths get a clear error.
        let huge = "x".repeat(CHUNK * MAX_CHUNKS + 1);
        assert!(matches!(
            m.set("h", &Credentials::new("AK1", "SK1", Some(&huge))),
            Err(KeychainError::TooLong(_))
        ));
    }

    #[test]
    fn cli_finds_the_key_of_a_profile() {
        let f = serde_json::json!({"settings": {"profiles": [
            {"name": "Shop", "key_id": "p-123"}, {"name": "old"}]}});
        assert_eq!(key_of_profile(&f, "shop"), "p-123");
        assert_eq!(key_of_profile(&f, "old"), "old");
        assert_eq!(key_of_profile(&serde_json::Value::Null, "x"), "x");
    }
}
