//! Every user-facing sentence the Rust side writes, one catalog per language
//! (`en.rs`, `zh.rs`), keyed by enums. Code that detects a condition returns a key
//! (a [`Why`], a [`crate::expiry::Due`], an error variant); the text is chosen here,
//! where it is shown, in the language asked for. Adding a key without a text in every
//! language does not compile (the matches are exhaustive), and `tests/message_keys.rs`
//! checks that each text is really in its language.

mod en;
mod zh;

pub use crate::keys::{Field, Lang, Sample, Why};

impl Field {
    /// The field's name as a user reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::field(self),
            Lang::Zh => zh::field(self),
        }
    }
}

impl Why {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::why(self),
            Lang::Zh => zh::why(self),
        }
    }
}

impl crate::catalog::CatalogError {
    /// The message in `lang`; `Display` is the English one (CLI, logs).
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::catalog(self),
            Lang::Zh => zh::catalog(self),
        }
    }
}

impl crate::error::ApiError {
    /// One friendly sentence for the user: what happened and what to do. The
    /// technical part (`Display`: codes, request id) goes behind "Details".
    pub fn user_text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::api(self),
            Lang::Zh => zh::api(self),
        }
    }
}

impl crate::paths::NewerFormat {
    /// What the user is told when a file is from a newer version of the app.
    pub fn user_text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::newer_format(self),
            Lang::Zh => zh::newer_format(self),
        }
    }
}

impl crate::confirm::ConfirmError {
    /// Why a review, quote or paid action was refused before anything was sent.
    pub fn user_text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::confirm(self),
            Lang::Zh => zh::confirm(self),
        }
    }
}

message_keys! {
    /// The outcomes of a paid action that are not plain input or API errors.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ActionText {
        OutcomeUnknown,
        Pending,
        NoEvidence,
        JournalWrite,
        JournalRead,
        Keychain,
    }
}

impl ActionText {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::action(self),
            Lang::Zh => zh::action(self),
        }
    }
}

impl crate::actions::ActionError {
    /// The user's sentence for this error (input and catalog errors name the field).
    pub fn user_text(&self, lang: Lang) -> String {
        use crate::actions::ActionError as A;
        match self {
            A::Invalid(i) => i.text(lang),
            A::Catalog(c) => c.text(lang),
            A::Api { unknown: true, .. } => ActionText::OutcomeUnknown.text(lang).into(),
            A::Api { source, .. } => source.user_text(lang).into(),
            A::Pending(_) => ActionText::Pending.text(lang).into(),
            A::NoEvidence(_) => ActionText::NoEvidence.text(lang).into(),
            A::Journal(_) => ActionText::JournalWrite.text(lang).into(),
        }
    }
}

impl crate::expiry::Notice {
    pub fn title(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::notice_title(&self.name, &self.due),
            Lang::Zh => zh::notice_title(&self.name, &self.due),
        }
    }

    pub fn body(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::notice_body(&self.due),
            Lang::Zh => zh::notice_body(&self.due),
        }
    }
}

message_keys! {
    /// Whether an account's balance covers the renewals of the next 12 months.
    /// `month` is `YYYY-MM`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum CoverageText {
        BalanceUnknown,
        CoversYear,
        ShortNow { month: String },
        CoversUntil { month: String },
    }
}

impl CoverageText {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::coverage(self),
            Lang::Zh => zh::coverage(self),
        }
    }
}

message_keys! {
    /// The words of the exported renewal calendar (`.ics`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum IcsText {
        Renew,
        Expires,
        Alarm,
        PriceUnknown,
        AutoRenewOn,
        AutoRenewOff,
    }
}

impl IcsText {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::ics(self),
            Lang::Zh => zh::ics(self),
        }
    }
}

/// `YYYY-MM` → (year, month 1–12); a malformed key reads as January.
pub(crate) fn year_month(key: &str) -> (&str, usize) {
    let (y, m) = key.split_once('-').unwrap_or((key, "1"));
    (y, m.parse().unwrap_or(1).clamp(1, 12))
}

/// The short line for an instance in the tray's "next expiries" list.
pub fn stage_label(lang: Lang, name: &str, lc: &crate::expiry::Lifecycle) -> String {
    match lang {
        Lang::En => en::stage_label(name, lc),
        Lang::Zh => zh::stage_label(name, lc),
    }
}

impl Sample for crate::error::ResourceFailure {
    fn sample() -> Self {
        Self::default()
    }
}

impl std::fmt::Display for crate::catalog::CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&en::catalog(self))
    }
}

impl std::error::Error for crate::catalog::CatalogError {}
