// Over 400 lines on purpose: the key enums in one place, so one look shows every message the Rust side can say.
//! Every user-facing sentence the Rust side writes, one catalog per language
//! (`en.rs`, `zh.rs`), keyed by enums. Code that detects a condition returns a key
//! (a [`Why`], a [`crate::expiry::Due`], an error variant); the text is chosen here,
//! where it is shown, in the language asked for. Adding a key without a text in every
//! language does not compile (the matches are exhaustive), and `tests/message_keys.rs`
//! checks that each text is really in its language.

use serde::{Deserialize, Serialize};

mod en;
mod zh;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `"zh"`, `"zh-CN"`, … → Chinese; anything else → English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// A value of every type a key carries, so `every()` can list each key once.
pub trait Sample {
    fn sample() -> Self;
}

macro_rules! sample_default {
    ($($t:ty),*) => { $(impl Sample for $t { fn sample() -> Self { <$t>::default() } })* };
}
sample_default!(i64, u8, u16, u32, u64, usize, f64, bool, String);

impl Sample for char {
    fn sample() -> Self {
        '#'
    }
}
impl<T: Sample> Sample for Option<T> {
    fn sample() -> Self {
        Some(T::sample())
    }
}
impl<T: Sample> Sample for Vec<T> {
    fn sample() -> Self {
        vec![T::sample()]
    }
}
impl Sample for time::Date {
    fn sample() -> Self {
        time::macros::date!(2026 - 03 - 01)
    }
}

/// Declares a key enum together with `every()`, one value of each variant, so the
/// catalog test reaches every key without a hand-kept list that could fall behind.
#[macro_export]
#[doc(hidden)]
macro_rules! message_keys {
    (
        $(#[$m:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vm:meta])*
                $v:ident $({ $($f:ident : $ft:ty),* $(,)? })? $(( $($tt:ty),* $(,)? ))?
            ),* $(,)?
        }
    ) => {
        $(#[$m])*
        $vis enum $name {
            $($(#[$vm])* $v $({ $($f: $ft),* })? $(( $($tt),* ))?),*
        }
        impl $name {
            /// One value of each variant (for the catalog test).
            pub fn every() -> Vec<Self> {
                vec![$(
                    $name::$v
                        $({ $($f: <$ft as $crate::messages::Sample>::sample()),* })?
                        $(( $(<$tt as $crate::messages::Sample>::sample()),* ))?
                ),*]
            }
        }
    };
}

message_keys! {
    /// Each input field that can be rejected. `api_name` is the field's name in the
    /// Huawei API (what `--json` and logs show); the catalogs hold its label.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Field {
        InstanceName,
        PlanSpec,
        Description,
        PeriodNum,
        PeriodType,
        PurchaseQuantity,
        ExtraResources,
        Tags,
        ClientRequestId,
        ChargingMode,
        ImageRef,
        Password,
        ServerName,
        Hostname,
        ResourceId,
        ResourceIds,
        UnsubscribeType,
        Reason,
        ReasonType,
        Servers,
        Region,
        Path,
        OrderId,
        DomainId,
        ProjectId,
        ServerId,
    }
}

impl Field {
    pub fn api_name(self) -> &'static str {
        match self {
            Field::InstanceName => "instance_name",
            Field::PlanSpec => "plan_spec",
            Field::Description => "description",
            Field::PeriodNum => "period_num",
            Field::PeriodType => "period_type",
            Field::PurchaseQuantity => "purchase_quantity",
            Field::ExtraResources => "extra_resources",
            Field::Tags => "tags",
            Field::ClientRequestId => "Client-Request-Id",
            Field::ChargingMode => "charging_mode",
            Field::ImageRef => "image_ref",
            Field::Password => "password",
            Field::ServerName => "name",
            Field::Hostname => "hostname",
            Field::ResourceId => "resource_id",
            Field::ResourceIds => "resource_ids",
            Field::UnsubscribeType => "unsubscribe_type",
            Field::Reason => "reason",
            Field::ReasonType => "reason_type",
            Field::Servers => "servers",
            Field::Region => "region",
            Field::Path => "path",
            Field::OrderId => "order_id",
            Field::DomainId => "domain_id",
            Field::ProjectId => "project_id",
            Field::ServerId => "server_id",
        }
    }

    /// The field's name as a user reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::field(self),
            Lang::Zh => zh::field(self),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.api_name())
    }
}

message_keys! {
    /// Why an input was rejected (the rule it broke, with the values the sentence needs).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Why {
        Length { min: usize, max: usize },
        AtMostChars { max: usize },
        StartLetter,
        StartLetterOrChinese,
        NameChar { c: char },
        MonthlyPurchase,
        YearlyPurchase,
        MonthOrYear,
        MonthlyRenewal,
        YearlyRenewal,
        Range { min: i64, max: i64 },
        ExtraSize { kind: String },
        HssNoSize,
        UnknownExtra { kind: String },
        TagKey,
        TagKeyChars,
        TagValue,
        RequestId,
        PrePaidOnly,
        ListedTwice { what: String },
        AtMostTags { max: usize },
        ImageEither,
        ImageBoth,
        ChooseImage,
        ChooseSpec,
        PasswordChar { c: char, specials: String },
        PasswordClasses,
        PasswordRoot,
        PasswordAdminRun,
        ServerNameChar { c: char },
        NoAngleBrackets,
        HostnameChars,
        HostnameEnds,
        HostnameSequence { seq: String },
        NotInstanceId { shown: String },
        NotRegion { shown: String },
        UnsafeId { shown: String },
        UnsafePath,
        InstanceCount { max: usize },
        ServerCount { max: usize },
        UnsubscribeType,
        ChooseReason,
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

pub(crate) fn ymd(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
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
