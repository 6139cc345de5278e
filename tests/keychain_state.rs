//! The app's use of the keychain: a read that never answers (a locked keychain
//! waiting on its unlock prompt) blocks only that profile — the demo and the
//! watcher keep working and the prompt is not opened twice — and entries of
//! profiles saved before keychain ids existed move to an id without being lost.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use flexus_core::expiry::{Lang, Notice};
use flexus_core::keychain::{KeychainError, MemoryStore, SecretStore};
use flexus_core::{Credentials, Site};
use flexus_desk::settings::{Profile, Settings};
use flexus_desk::state::AppState;
use flexus_desk::watcher::{self, Notifier};

/// A keychain whose entry `hang` never answers, like a keychain whose unlock prompt
/// nobody answers.
struct Hanging {
    inner: MemoryStore,
    hang: String,
    reads: AtomicUsize,
    /// Set at the end of the test so the blocked thread can finish (the runtime
    /// waits for blocking threads when it shuts down).
    released: std::sync::atomic::AtomicBool,
}

impl SecretStore for Hanging {
    fn set_raw(&self, key: &str, value: &str) -> Result<(), KeychainError> {
        self.inner.set_raw(key, value)
    }
    fn get_raw(&self, key: &str) -> Result<Option<String>, KeychainError> {
        if key == self.hang {
            self.reads.fetch_add(1, Ordering::SeqCst);
            while !self.released.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            return Err(KeychainError::Unavailable("prompt dismissed".into()));
        }
        self.inner.get_raw(key)
    }
    fn delete_raw(&self, key: &str) -> Result<(), KeychainError> {
        self.inner.delete_raw(key)
    }
}

fn profile(name: &str, key_id: &str) -> Profile {
    Profile {
        name: name.into(),
        site: Site::Intl,
        masked_ak: "AKID…90".into(),
        temporary: false,
        account_name: None,
        key_id: key_id.into(),
    }
}

fn state_with(store: Arc<dyn SecretStore>, settings: Settings) -> (AppState, common::TempDir) {
    let dir = common::temp_dir("keychain");
    let path = dir.join("settings.json");
    let persist = Box::new(move |s: &Settings| {
        std::fs::write(&path, serde_json::to_vec(s).unwrap()).map_err(|e| e.to_string())
    });
    let state = AppState::new(dir.to_path_buf(), settings, persist, store).unwrap();
    (state, dir)
}

struct Quiet;
impl Notifier for Quiet {
    fn notify(&self, _: &str, _: &Notice, _: Lang) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keychain_read_that_never_answers_blocks_only_its_profile() {
    let store = Arc::new(Hanging {
        inner: MemoryStore::default(),
        hang: "p-locked".into(),
        reads: AtomicUsize::new(0),
        released: Default::default(),
    });
    let mut settings = common::demo_settings();
    settings.profiles.push(profile("Shop", "p-locked"));
    let (mut state, _dir) = state_with(store.clone(), settings);
    let timeout = Duration::from_secs(4);
    state.accounts.keychain_timeout = timeout;

    let t0 = Instant::now();
    let (shop, demo) = tokio::join!(state.accounts.client("Shop"), async {
        // Give the Shop read a head start so it is in flight first.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let r = flexus_desk::refresh::refresh(&state, "Demo", Duration::ZERO).await;
        (r, t0.elapsed())
    });
    let (demo, demo_done) = demo;
    assert!(demo.expect("the demo works").fleet.instances.len() >= 3);
    assert!(
        demo_done < timeout,
        "the demo waited for the locked keychain ({demo_done:?})"
    );
    let e = shop.expect_err("a locked keychain is an error");
    assert_eq!(e.kind, "keychain_locked", "{e:?}");
    assert!(t0.elapsed() >= timeout && t0.elapsed() < timeout * 2);

    // The watcher skips the locked profile (shown in Settings), checks the demo,
    // and joins the pending read instead of opening a second prompt.
    state
        .settings
        .update(|s| {
            s.onboarded = true;
            Ok(())
        })
        .unwrap();
    let report = watcher::check_all(&state, &Quiet).await;
    assert_eq!(report.locked_profiles, vec!["Shop".to_string()]);
    assert!(
        report.failed_profiles.is_empty(),
        "{:?}",
        report.failed_profiles
    );
    assert_eq!(store.reads.load(Ordering::SeqCst), 1, "one prompt only");
    store.released.store(true, Ordering::SeqCst);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn name_keyed_entries_move_to_an_id_without_loss() {
    let store = Arc::new(MemoryStore::default());
    store
        .set(
            "Shop",
            &Credentials::new("AKID1234567890", "sk-legacy", None),
        )
        .unwrap();
    let mut settings = common::demo_settings();
    settings.profiles.push(profile("Shop", ""));
    let (state, _dir) = state_with(store.clone(), settings);
    let c = state
        .accounts
        .client("Shop")
        .await
        .expect("legacy keys are read");
    assert_eq!(c.masked_ak(), "AKID…90");
    let id = state.settings.get().profile("Shop").unwrap().key_id.clone();
    assert!(id.starts_with("p-"), "an id was assigned: {id:?}");
    assert_eq!(
        store.get(&id).unwrap().unwrap().secret_key.expose(),
        "sk-legacy"
    );
    assert!(
        store.get("Shop").unwrap().is_none(),
        "the name entry is gone"
    );
    // The saved settings file holds the id (a restart finds the keys).
    let saved: Settings =
        serde_json::from_slice(&std::fs::read(state.data_dir.join("settings.json")).unwrap())
            .unwrap();
    assert_eq!(saved.profile("Shop").unwrap().key_id, id);
    state.accounts.forget_client("Shop");
    assert!(state.accounts.client("Shop").await.is_ok());
}
