//! The settings store: the current settings and how they are saved. A change that
//! cannot be saved is undone, so what the app uses is always what is on disk.

use std::sync::Mutex;

use flexus_core::Site;

use super::lock;
use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;
use crate::settings::{Settings, DEMO_PROFILE};

pub type Persist = Box<dyn Fn(&Settings) -> Result<(), String> + Send + Sync>;

pub struct SettingsStore {
    current: Mutex<Settings>,
    persist: Persist,
}

impl SettingsStore {
    pub fn new(settings: Settings, persist: Persist) -> Self {
        crate::error::set_ui_lang(settings.language);
        SettingsStore {
            current: Mutex::new(settings),
            persist,
        }
    }

    pub fn get(&self) -> Settings {
        lock(&self.current).clone()
    }

    pub fn lang(&self) -> flexus_core::messages::Lang {
        lock(&self.current).language
    }

    /// Changes and saves the settings; on a failed save the change is undone.
    pub fn update(
        &self,
        f: impl FnOnce(&mut Settings) -> Result<(), AppText>,
    ) -> CmdResult<Settings> {
        let mut s = lock(&self.current);
        let mut next = s.clone();
        f(&mut next).map_err(CmdError::invalid)?;
        (self.persist)(&next)
            .map_err(|m| CmdError::app("storage", AppText::SettingsNotSaved).with_detail(m))?;
        crate::error::set_ui_lang(next.language);
        *s = next.clone();
        Ok(next)
    }

    /// Whether a change could be saved now: checked before a command touches the
    /// keychain or the OS, so that a refused save (a settings file from a newer
    /// version, a read-only disk) leaves them as they were. Rewrites the same settings.
    pub fn check_writable(&self) -> CmdResult<()> {
        let s = lock(&self.current);
        (self.persist)(&s)
            .map_err(|m| CmdError::app("storage", AppText::SettingsNotSaved).with_detail(m))
    }

    pub fn is_demo(&self, profile: &str) -> bool {
        profile == DEMO_PROFILE
    }

    pub fn active(&self) -> String {
        lock(&self.current).active_profile.clone()
    }

    pub fn site_of(&self, profile: &str) -> Site {
        if self.is_demo(profile) {
            return Site::Intl;
        }
        lock(&self.current)
            .profile(profile)
            .map(|p| p.site)
            .unwrap_or(Site::Intl)
    }
}
