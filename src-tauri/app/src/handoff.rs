//! One process owns the data folder at a time: the window process while the window
//! is open, the tray agent (no WebKit) while it is closed. Ownership is a lock on
//! `owner.lock`; the agent also listens on `agent.sock`, where a window process
//! starting up asks it to hand over. The state itself is on disk (settings, journal,
//! reminders sent, guard, outbox; the demo's world while it changes hands), so the
//! process taking over reads what the other left, and nothing is kept in two places.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use flexus_core::timefmt;
use time::OffsetDateTime;

use crate::state::AppState;

const LOCK: &str = "owner.lock";
const SOCKET: &str = "agent.sock";
const ASK: &[u8] = b"hand over\n";
const LEAVING: &[u8] = b"leaving\n";

/// Held for the life of the owning process (the lock goes with the process).
pub struct Ownership {
    _file: File,
    dir: PathBuf,
}

/// Takes ownership of `dir` within `wait`. With `ask_agent`, a running tray agent is
/// asked to hand over (the window process does this at start). `None`: another
/// process kept it.
pub fn acquire(dir: &Path, wait: Duration, ask_agent: bool) -> std::io::Result<Option<Ownership>> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))?;
    let end = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Some(Ownership {
                    _file: file,
                    dir: dir.to_path_buf(),
                }))
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(e),
        }
        if ask_agent {
            // No agent listening (it may be starting, or be a window process): try again.
            let _ = ask_to_leave(dir);
        }
        if Instant::now() >= end {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Asks the agent to hand over and waits until it says it is leaving.
fn ask_to_leave(dir: &Path) -> std::io::Result<()> {
    let mut s = UnixStream::connect(dir.join(SOCKET))?;
    // The agent finishes a check in progress first (bounded by the cloud's timeouts).
    s.set_read_timeout(Some(Duration::from_secs(150)))?;
    s.write_all(ASK)?;
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line)?;
    Ok(())
}

impl Ownership {
    /// The agent's door. A socket left by a crashed agent is replaced: whoever holds
    /// the lock owns the folder (which only its user can enter).
    pub fn listen(&self) -> std::io::Result<UnixListener> {
        let path = self.dir.join(SOCKET);
        let _ = std::fs::remove_file(&path);
        UnixListener::bind(path)
    }

    /// Serves hand-over requests on `listener` (a thread of its own). On the first
    /// one, `leave` makes the process ready to exit and returns; the requester is
    /// told, the door removed, and the process exits, releasing the lock.
    pub fn serve(self, listener: UnixListener, leave: impl Fn() + Send + 'static) {
        std::thread::spawn(move || {
            // The whole `self` (its lock too) lives in this thread until the exit.
            let me = self;
            for stream in listener.incoming().flatten() {
                let mut line = Vec::new();
                let mut r = BufReader::new(&stream);
                if r.read_until(b'\n', &mut line).is_err() || line != ASK {
                    continue;
                }
                leave();
                let _ = std::fs::remove_file(me.dir.join(SOCKET));
                let _ = (&stream).write_all(LEAVING);
                std::process::exit(0);
            }
        });
    }
}

/// Makes this process ready to hand over: the watcher's check in progress ends
/// (its lock is kept, so no other starts), actions sent in the last two minutes
/// get their answer (up to two minutes more; one still open is resolved from
/// evidence by the next owner, as after a crash), and the notices on screen are
/// left for the next owner. The caller writes the demo's world once it is sure to go.
pub async fn settle(state: &AppState) -> tokio::sync::MutexGuard<'_, ()> {
    let work = state.work.lock().await;
    let end = Instant::now() + Duration::from_secs(120);
    while in_flight(state) && Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    #[cfg(target_os = "linux")]
    crate::dbus_notify::save_live(&state.data_dir).await;
    work
}

/// An action journaled in the last two minutes without its outcome: still on its way.
fn in_flight(state: &AppState) -> bool {
    let now = OffsetDateTime::now_utc();
    let recent = |t: &str| {
        timefmt::parse_utc(t).is_some_and(|t| (now - t).abs() < time::Duration::minutes(2))
    };
    state
        .journal
        .unresolved()
        .map(|v| v.iter().any(|e| recent(&e.time)))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("flexus-handoff-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn one_owner_at_a_time_and_the_lock_goes_with_its_holder() {
        let dir = temp_dir();
        let first = acquire(&dir, Duration::ZERO, false).unwrap().expect("free");
        let wait = Duration::from_millis(300);
        assert!(
            acquire(&dir, wait, false).unwrap().is_none(),
            "held by the first"
        );
        drop(first);
        assert!(acquire(&dir, wait, false).unwrap().is_some(), "free again");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
