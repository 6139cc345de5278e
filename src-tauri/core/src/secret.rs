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

/// Keeps secrets out of crash dumps: no core file (RLIMIT_CORE 0) and, on Linux,
/// not dumpable (no core, no ptrace attach by other processes of the user).
/// Release builds call it first thing; debug builds keep dumps for debugging.
pub fn no_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: plain syscalls with a valid pointer to a local struct.
        if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        #[cfg(target_os = "linux")]
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// `no_core_dumps` in release builds only.
pub fn harden_release() {
    if !cfg!(debug_assertions) {
        if let Err(e) = no_core_dumps() {
            tracing::warn!(error = %e, "core dumps could not be turned off");
        }
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

    #[cfg(target_os = "linux")]
    #[test]
    fn core_dumps_can_be_turned_off() {
        no_core_dumps().unwrap();
        let mut lim = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut lim) }, 0);
        assert_eq!((lim.rlim_cur, lim.rlim_max), (0, 0));
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }

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
