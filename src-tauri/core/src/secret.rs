//! Secret material. `Secret` never prints its content: Debug and Display are redacted,
//! so a secret that slips into a log line or an error shows as `***`.

use std::fmt;

use zeroize::Zeroize;

/// Wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The one way to read the value; grep for `expose(` to audit every use.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// AK/SK, optionally temporary (with a security token).
#[derive(Clone)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: Secret,
    pub security_token: Option<Secret>,
}

impl Credentials {
    pub fn new(ak: &str, sk: &str, token: Option<&str>) -> Self {
        Credentials {
            access_key: ak.to_string(),
            secret_key: Secret::new(sk),
            security_token: token.filter(|t| !t.is_empty()).map(Secret::new),
        }
    }

    /// What the UI may show: the first 4 and last 2 characters of the AK.
    pub fn masked_ak(&self) -> String {
        mask_ak(&self.access_key)
    }
}

/// Shows the masked AK only.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.masked_ak())
            .field("secret_key", &self.secret_key)
            .field("security_token", &self.security_token)
            .finish()
    }
}

pub fn mask_ak(ak: &str) -> String {
    let chars: Vec<char> = ak.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len().max(4));
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let c = Credentials::new("HPUAEXAMPLEAK0000001", "topsecretSK", Some("tok3n"));
        let dbg = format!("{c:?} {}", c.secret_key);
        assert!(!dbg.contains("topsecretSK"));
        assert!(!dbg.contains("tok3n"));
        assert!(!dbg.contains("HPUAEXAMPLEAK0000001"));
        assert_eq!(c.masked_ak(), "HPUA…01");
        assert_eq!(mask_ak("abc"), "****");
    }
}
