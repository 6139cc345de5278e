//! Where the app and the CLI keep their files (the same folder Tauri's
//! `app_data_dir` resolves to for the bundle identifier). `FLEXUS_DATA_DIR` overrides it.

use std::fs::{self, OpenOptions};
use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub const IDENTIFIER: &str = "app.flexusdesk.desktop";

pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("FLEXUS_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let base = if cfg!(target_os = "macos") {
        home.join("Library/Application Support")
    } else if cfg!(windows) {
        std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .unwrap_or(home)
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".local/share"))
    };
    base.join(IDENTIFIER)
}

/// Creates `dir` (and parents) readable only by the user on Unix (0700): the
/// journal and settings name accounts, instances and orders.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Opens options for a file only the user may read or write (0600 on Unix).
pub fn private_file() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    o.mode(0o600);
    o
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the new
/// content, never a half-written file: temp file in the same folder, fsync,
/// rename over the target, fsync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(d) = dir {
        fs::create_dir_all(d)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut f = private_file().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written.and_then(|_| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    #[cfg(unix)]
    if let Some(d) = dir {
        // The rename is durable only once the folder entry is on disk.
        fs::File::open(d)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("fp-{}", uuid::Uuid::new_v4()));
        create_private_dir(&dir).unwrap();
        let p = dir.join("settings.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temp file left");
        #[cfg(unix)]
        {
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&p), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
        fs::remove_dir_all(dir).ok();
    }
}

/// The format of `settings.json` (its `settings.schema_version`) that this version
/// reads and writes; the app and the CLI read that file.
pub const SETTINGS_SCHEMA: u32 = 1;

/// A file written by a newer Flexus Desk: its format is unknown here, so it is
/// neither read nor overwritten (an older version would otherwise drop what it
/// does not know, such as profiles).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} was written by a newer Flexus Desk (format {found}; this version reads up to {supported}); it was left as it is")]
pub struct NewerFormat {
    pub file: String,
    pub found: u64,
    pub supported: u64,
}

/// Checks the `schema_version` found at `pointer` (a JSON pointer) in a file's
/// contents. A missing version is the first format.
pub fn check_schema(
    path: &Path,
    contents: &serde_json::Value,
    pointer: &str,
    supported: u64,
) -> Result<(), NewerFormat> {
    match contents.pointer(pointer).and_then(|v| v.as_u64()) {
        Some(found) if found > supported => Err(NewerFormat {
            file: path.display().to_string(),
            found,
            supported,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod schema_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_newer_schema_is_refused_and_older_or_missing_ones_are_read() {
        let p = Path::new("settings.json");
        let at = "/settings/schema_version";
        let newer = check_schema(p, &json!({"settings": {"schema_version": 2}}), at, 1);
        assert_eq!(
            newer,
            Err(NewerFormat {
                file: "settings.json".into(),
                found: 2,
                supported: 1
            })
        );
        assert!(check_schema(p, &json!({"settings": {"schema_version": 1}}), at, 1).is_ok());
        assert!(check_schema(p, &json!({"settings": {}}), at, 1).is_ok());
        assert!(check_schema(p, &json!({"settings": {"schema_version": "x"}}), at, 1).is_ok());
    }
}
