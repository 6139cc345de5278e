//! Credentials in the OS keychain (macOS Keychain, Windows Credential Manager,
//! Secret Service on Linux), one entry per profile. Nothing else ever stores them.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::secret::Credentials;

pub const SERVICE: &str = "app.flexusdesk.desktop";

#[derive(Debug, Error)]
pub enum KeychainError {
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("the stored credentials for this profile are damaged; enter them again")]
    Damaged,
}

pub trait SecretStore: Send + Sync {
    fn set(&self, profile: &str, creds: &Credentials) -> Result<(), KeychainError>;
    fn get(&self, profile: &str) -> Result<Option<Credentials>, KeychainError>;
    fn delete(&self, profile: &str) -> Result<(), KeychainError>;
}

#[derive(Serialize, Deserialize)]
struct Stored {
    ak: String,
    sk: String,
    #[serde(default)]
    token: Option<String>,
}

fn encode(c: &Credentials) -> String {
    serde_json::json!({"ak": c.access_key, "sk": c.secret_key.expose(), "token": c.security_token.as_ref().map(|t| t.expose())}).to_string()
}

fn decode(s: &str) -> Result<Credentials, KeychainError> {
    let v: Stored = serde_json::from_str(s).map_err(|_| KeychainError::Damaged)?;
    Ok(Credentials::new(&v.ak, &v.sk, v.token.as_deref()))
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
    fn entry(&self, profile: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, profile)
            .map_err(|e| KeychainError::Unavailable(e.to_string()))
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new(SERVICE)
    }
}

impl SecretStore for KeyringStore {
    fn set(&self, profile: &str, creds: &Credentials) -> Result<(), KeychainError> {
        self.entry(profile)?
            .set_password(&encode(creds))
            .map_err(|e| KeychainError::Unavailable(e.to_string()))
    }
    fn get(&self, profile: &str) -> Result<Option<Credentials>, KeychainError> {
        match self.entry(profile)?.get_password() {
            Ok(s) => decode(&s).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeychainError::Unavailable(e.to_string())),
        }
    }
    fn delete(&self, profile: &str) -> Result<(), KeychainError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(KeychainError::Unavailable(e.to_string())),
        }
    }
}

/// In-memory store for tests that are not about the keychain itself.
#[derive(Default)]
pub struct MemoryStore(Mutex<HashMap<String, String>>);

impl SecretStore for MemoryStore {
    fn set(&self, profile: &str, creds: &Credentials) -> Result<(), KeychainError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(profile.into(), encode(creds));
        Ok(())
    }
    fn get(&self, profile: &str) -> Result<Option<Credentials>, KeychainError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(profile)
            .map(|s| decode(s))
            .transpose()
    }
    fn delete(&self, profile: &str) -> Result<(), KeychainError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(profile);
        Ok(())
    }
}
