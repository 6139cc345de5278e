//! The keys of every user-facing sentence the Rust side writes: the language, the
//! input fields and why an input was refused, and the macro that declares a key enum.
//! Code that detects a condition names a key from here; the words live in
//! `messages`, which renders them (so the modules that name keys do not depend on
//! the catalogs, and the catalogs may render any module's types).

use serde::{Deserialize, Serialize};

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
                        $({ $($f: <$ft as $crate::keys::Sample>::sample()),* })?
                        $(( $(<$tt as $crate::keys::Sample>::sample()),* ))?
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
