//! The English catalog. Same functions, same keys as `zh.rs`.

use super::{year_month, ActionText, CoverageText, Field, IcsText, Why};
use crate::catalog::CatalogError;
use crate::confirm::ConfirmError;
use crate::error::ApiError;
use crate::expiry::{Due, Lifecycle, Stage};
use crate::paths::NewerFormat;
use crate::timefmt::ymd;

pub fn field(f: Field) -> &'static str {
    match f {
        Field::InstanceName => "Instance name",
        Field::PlanSpec => "Spec",
        Field::Description => "Description",
        Field::PeriodNum => "Period",
        Field::PeriodType => "Period unit",
        Field::PurchaseQuantity => "Quantity",
        Field::ExtraResources => "Extras",
        Field::Tags => "Tags",
        Field::ClientRequestId => "Request id",
        Field::ChargingMode => "Billing mode",
        Field::ImageRef => "Image",
        Field::Password => "Password",
        Field::ServerName => "Server name",
        Field::Hostname => "Hostname",
        Field::ResourceId => "Instance",
        Field::ResourceIds => "Instances",
        Field::UnsubscribeType => "Unsubscribe type",
        Field::Reason | Field::ReasonType => "Reason",
        Field::Servers => "Servers",
        Field::Region => "Region",
        Field::Path => "Request path",
        Field::OrderId => "Order",
        Field::DomainId => "Account id",
        Field::ProjectId => "Project id",
        Field::ServerId => "Server id",
    }
}

pub fn why(w: &Why) -> String {
    match w {
        Why::Length { min, max } => format!("must be {min} to {max} characters"),
        Why::AtMostChars { max } => format!("must be at most {max} characters"),
        Why::StartLetter => "must start with a letter".into(),
        Why::StartLetterOrChinese => "must start with a letter or a Chinese character".into(),
        Why::NameChar { c } => format!("'{c}' is not allowed: use letters, digits, _ and -"),
        Why::MonthlyPurchase => "a monthly purchase is 1 to 9 months".into(),
        Why::YearlyPurchase => "a yearly purchase is 1 to 3 years".into(),
        Why::MonthOrYear => "must be month or year".into(),
        Why::MonthlyRenewal => "a monthly renewal is 1 to 11 months".into(),
        Why::YearlyRenewal => "a yearly renewal is 1 to 3 years".into(),
        Why::Range { min, max } => format!("must be {min} to {max}"),
        Why::ExtraSize { kind } => format!("{kind} size must be 10 to 2048 GiB"),
        Why::HssNoSize => "hss takes no size".into(),
        Why::UnknownExtra { kind } => {
            format!("unknown extra resource '{kind}': use evs, cbr or hss")
        }
        Why::TagKey => "a tag key is 1 to 32 characters and starts with a letter".into(),
        Why::TagKeyChars => "a tag key may hold letters, digits, _ and -".into(),
        Why::TagValue => "a tag value is at most 2048 characters".into(),
        Why::RequestId => "must be 36 to 128 letters, digits or -".into(),
        Why::PrePaidOnly => "only prePaid is offered".into(),
        Why::ListedTwice { what } => format!("{what} is listed twice"),
        Why::AtMostTags { max } => format!("at most {max} tags"),
        Why::ImageEither => "give either a private image id or an image name and version".into(),
        Why::ImageBoth => "an image name and version are both needed".into(),
        Why::ChooseImage => "choose an image".into(),
        Why::ChooseSpec => "choose a spec or a minimum vCPU and memory".into(),
        Why::PasswordChar { c, specials } => {
            format!("'{c}' is not allowed; specials allowed: {specials}")
        }
        Why::PasswordClasses => "needs 3 of: uppercase, lowercase, digit, special".into(),
        Why::PasswordRoot => "must not contain root or Administrator, or them reversed".into(),
        Why::PasswordAdminRun => {
            "must not contain 3 consecutive characters of Administrator".into()
        }
        Why::ServerNameChar { c } => {
            format!("'{c}' is not allowed: use letters, digits, Chinese, _ - .")
        }
        Why::NoAngleBrackets => "must not contain < or >".into(),
        Why::HostnameChars => "use letters, digits, . and -".into(),
        Why::HostnameEnds => "must not start or end with . or -".into(),
        Why::HostnameSequence { seq } => format!("must not contain '{seq}'"),
        Why::NotInstanceId { shown } => format!("'{shown}' is not a valid instance id"),
        Why::NotRegion { shown } => format!("'{shown}' is not a region id"),
        Why::UnsafeId { shown } => {
            format!("the cloud sent an id that is not safe in a URL: '{shown}'")
        }
        Why::UnsafePath => "the request path holds unsafe characters".into(),
        Why::InstanceCount { max } => format!("give 1 to {max} instances"),
        Why::ServerCount { max } => format!("give 1 to {max} servers"),
        Why::UnsubscribeType => "must be 1 (instance and renewals) or 2 (renewals only)".into(),
        Why::ChooseReason => "choose one of the listed reasons".into(),
    }
}

pub fn catalog(e: &CatalogError) -> String {
    match e {
        CatalogError::UnknownRegion(r) => {
            format!("region {r} does not offer Flexus L on this site")
        }
        CatalogError::UnknownImage(i, r) => format!("image {i} is not offered in {r}"),
        CatalogError::UnknownVersion {
            image,
            version,
            region,
            allowed,
        } => format!(
            "version {version} of {image} is not offered in {region}; choose one of: {allowed}"
        ),
        CatalogError::SpecNotAllowed {
            spec,
            region,
            allowed,
        } => format!(
            "spec {spec} cannot be used with this image in {region}; choose one of: {allowed}"
        ),
        CatalogError::NoMatch {
            cpu,
            memory,
            region,
        } => format!(
            "no spec has at least {cpu} vCPU and {memory} GiB memory for this image in {region}"
        ),
    }
}

pub fn api(e: &ApiError) -> &'static str {
    match e {
        ApiError::Network { .. } => {
            "Could not reach Huawei Cloud. Check your internet connection and try again."
        }
        ApiError::Timeout { .. } => "Huawei Cloud did not answer in time. Try again in a moment.",
        ApiError::Signature { .. } => {
            "Huawei Cloud rejected the access keys. Check the AK/SK (and security token) of this profile."
        }
        ApiError::ClockSkew { .. } => {
            "This computer's clock is wrong. Correct the system time, then try again."
        }
        ApiError::Throttled { .. } => {
            "Too many requests right now. Wait a few seconds and try again."
        }
        ApiError::WrongSite { .. } => {
            "This account belongs to the other Huawei Cloud site. Edit the profile and switch between China and International."
        }
        ApiError::InsufficientBalance { .. } => {
            "Your account balance is too low. Top up in the Huawei Cloud console, then try again."
        }
        ApiError::InvalidParameter { .. } => {
            "Huawei Cloud did not accept the request. Check the values and try again."
        }
        ApiError::Forbidden { .. } => {
            "These keys lack permission for this action. Ask the account owner to grant it."
        }
        ApiError::NotFound { .. } => "It no longer exists. Refresh the dashboard.",
        ApiError::PartialFailure { .. } => {
            "Huawei Cloud did not accept every instance; the details name each one and the reason."
        }
        ApiError::Http { .. } | ApiError::Decode { .. } => {
            "Huawei Cloud returned an error. Try again later."
        }
        ApiError::Config(_) => "The connection settings are not valid.",
    }
}

pub fn confirm(e: &ConfirmError) -> &'static str {
    match e {
        ConfirmError::Unknown => {
            "This confirmation was already used or has expired. Nothing was sent; review again."
        }
        ConfirmError::Expired => "This review is too old. Nothing was sent; review again.",
        ConfirmError::OtherProfile { .. } => {
            "The account changed since this was reviewed. Nothing was sent; review again on the account that should pay."
        }
        ConfirmError::PriceChanged { .. } => {
            "The price changed since it was shown. Nothing was sent; review the new price."
        }
    }
}

pub fn action(a: ActionText) -> &'static str {
    match a {
        ActionText::OutcomeUnknown => {
            "The answer was lost, so it is unknown whether this went through. Nothing was sent again; checking the orders now."
        }
        ActionText::Pending => {
            "Nothing was sent: an earlier paid action on this has no known outcome yet. Use “Check now” to look for it first."
        }
        ActionText::NoEvidence => {
            "Nothing was sent: the cloud's clock or the current expiry could not be read, so a lost answer could not be checked later. Try again."
        }
        ActionText::JournalWrite => {
            "The activity log could not be written, so nothing was sent. Check disk space."
        }
        ActionText::JournalRead => {
            "The activity log could not be read. Check the disk, then try again."
        }
        ActionText::Keychain => {
            "The system keychain could not be used. Unlock it (or log in again), then try again."
        }
    }
}

pub fn notice_title(name: &str, d: &Due) -> String {
    match d {
        Due::Expiry {
            days_left: 0,
            auto_renew: false,
            ..
        } => format!("{name} expires today"),
        Due::Expiry {
            days_left,
            auto_renew: false,
            ..
        } => format!(
            "{name} expires in {days_left} day{}",
            if *days_left == 1 { "" } else { "s" }
        ),
        Due::Expiry { days_left, .. } => {
            format!("{name} renews automatically in {days_left} days")
        }
        Due::Grace { .. } => format!("{name} has expired (grace period)"),
        Due::Retention { .. } => format!("{name} is frozen (retention period)"),
        Due::Deleted => format!("{name} was deleted"),
        Due::Traffic { percent, .. } => {
            format!("{name} has used {percent}% of its monthly traffic")
        }
        Due::AutoStopped { percent } => {
            format!("{name} was stopped automatically at {percent}% traffic")
        }
        Due::AutoRenewAtRisk { .. } => format!("Auto-renew of {name} will likely fail"),
    }
}

pub fn notice_body(d: &Due) -> String {
    match d {
        Due::Expiry {
            days_left: 0,
            auto_renew: false,
            expire,
            ..
        } => format!(
            "Renew now to keep it running. It expires on {} (UTC).",
            ymd(*expire)
        ),
        Due::Expiry {
            auto_renew: false,
            expire,
            ..
        } => format!("Renew before {} (UTC) to keep it running.", ymd(*expire)),
        Due::Expiry { expire, .. } => format!(
            "Auto-renew is on; the charge is taken from your balance before {}.",
            ymd(*expire)
        ),
        Due::Grace { freeze_at, .. } => format!(
            "It still runs, but will be frozen on {}. Renew now.",
            ymd(*freeze_at)
        ),
        Due::Retention { delete_at, .. } => format!(
            "It will be deleted with its data on {}. Renew now to keep it.",
            ymd(*delete_at)
        ),
        Due::Deleted => {
            "The retention period ended; the instance and its data were released.".into()
        }
        Due::Traffic {
            used_gb, total_gb, ..
        } => format!(
            "{used_gb:.0} of {total_gb:.0} GB used; traffic beyond the package is billed per GB, not throttled."
        ),
        Due::AutoStopped { .. } => "The traffic guard stopped the server once for this cycle, as you chose. \
            Start it again to keep it running; it will not be stopped again this cycle."
            .into(),
        Due::AutoRenewAtRisk {
            balance,
            price,
            expire,
        } => format!(
            "Your balance {balance:.2} is below the renewal price {price:.2}. Top up before {}.",
            ymd(*expire)
        ),
    }
}

pub fn stage_label(name: &str, lc: &Lifecycle) -> String {
    match lc.stage {
        Stage::Active => format!("{name} expires in {} days", lc.days_left),
        Stage::Grace => format!("{name} expired (grace period)"),
        Stage::Retention => format!("{name} is frozen"),
        Stage::Deleted => name.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(key: &str) -> String {
    let (y, m) = year_month(key);
    format!("{} {y}", MONTHS[m - 1])
}

pub fn coverage(c: &CoverageText) -> String {
    match c {
        CoverageText::BalanceUnknown => "the balance could not be read".into(),
        CoverageText::CoversYear => {
            "your balance covers every renewal of the next 12 months".into()
        }
        CoverageText::ShortNow { month: m } => format!(
            "your balance does not cover this month's renewals ({})",
            month(m)
        ),
        CoverageText::CoversUntil { month: m } => {
            format!("your balance covers renewals until {}", month(m))
        }
    }
}

pub fn ics(k: IcsText) -> &'static str {
    match k {
        IcsText::Renew => "Renew",
        IcsText::Expires => "expires",
        IcsText::Alarm => "Reminder: a Flexus L instance expires soon",
        IcsText::PriceUnknown => "price unknown",
        IcsText::AutoRenewOn => "Auto-renew is on: the balance is charged.",
        IcsText::AutoRenewOff => "Auto-renew is off: renew by hand or it stops.",
    }
}

pub fn newer_format(e: &NewerFormat) -> String {
    format!(
        "{} was saved by a newer version of Flexus Desk. It was left untouched and default settings are used; changes are not saved. Update Flexus Desk to use it.",
        e.file
    )
}
