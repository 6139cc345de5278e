//! Input rules from the API references. Used by the CLI, by every Tauri command
//! (the webview is untrusted) and by the simulator (which answers like Huawei).

use thiserror::Error;

use crate::client::models::{CreateInstanceRequest, Tag};
use crate::endpoints::Site;
use crate::keys::Lang;
pub use crate::keys::{Field, Why};

/// A rejected input: which field, and which rule it broke. The user's sentence comes
/// from the message catalog ([`Invalid::text`]); `Display` is the API field name and the
/// English rule (the CLI's and the simulator's wording, like Huawei's).
#[derive(Debug, Error, PartialEq, Eq, Clone)]
#[error("{field}: {}", why.text(Lang::En))]
pub struct Invalid {
    pub field: Field,
    pub why: Why,
}

impl Invalid {
    pub fn new(field: Field, why: Why) -> Self {
        Invalid { field, why }
    }

    /// "Field: why", wholly in `lang` (no English tail on a Chinese sentence).
    pub fn text(&self, lang: Lang) -> String {
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        format!("{}{sep}{}", self.field.label(lang), self.why.text(lang))
    }
}

mod ids;
pub use ids::*;

pub(crate) fn bad(field: Field, why: Why) -> Invalid {
    Invalid::new(field, why)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Flexus L instance name. China site: Chinese, letters, digits, `_`, `-`, first char
/// Chinese or a letter. International site: letters, digits, `_`, `-`, first a letter.
/// 1–128 characters.
pub fn instance_name(site: Site, name: &str) -> Result<(), Invalid> {
    let n = name.chars().count();
    if n == 0 || n > 128 {
        return Err(bad(Field::InstanceName, Why::Length { min: 1, max: 128 }));
    }
    let cjk_ok = site == Site::Cn;
    let first = name.chars().next().unwrap_or(' ');
    if !(first.is_ascii_alphabetic() || (cjk_ok && is_cjk(first))) {
        return Err(bad(
            Field::InstanceName,
            if cjk_ok {
                Why::StartLetterOrChinese
            } else {
                Why::StartLetter
            },
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || (cjk_ok && is_cjk(c))))
    {
        return Err(bad(Field::InstanceName, Why::NameChar { c }));
    }
    Ok(())
}

pub fn instance_description(d: &str) -> Result<(), Invalid> {
    if d.chars().count() > 1024 {
        return Err(bad(Field::Description, Why::AtMostChars { max: 1024 }));
    }
    Ok(())
}

pub fn period(period_type: &str, num: i64) -> Result<(), Invalid> {
    match period_type {
        "month" if (1..=9).contains(&num) => Ok(()),
        "year" if (1..=3).contains(&num) => Ok(()),
        "month" => Err(bad(Field::PeriodNum, Why::MonthlyPurchase)),
        "year" => Err(bad(Field::PeriodNum, Why::YearlyPurchase)),
        _ => Err(bad(Field::PeriodType, Why::MonthOrYear)),
    }
}

/// BSS renewal periods: month 1–11, year 1–3.
pub fn renew_period(period_type: &str, num: i64) -> Result<(), Invalid> {
    match period_type {
        "month" if (1..=11).contains(&num) => Ok(()),
        "year" if (1..=3).contains(&num) => Ok(()),
        "month" => Err(bad(Field::PeriodNum, Why::MonthlyRenewal)),
        "year" => Err(bad(Field::PeriodNum, Why::YearlyRenewal)),
        _ => Err(bad(Field::PeriodType, Why::MonthOrYear)),
    }
}

pub fn quantity(q: i64) -> Result<(), Invalid> {
    if (1..=200).contains(&q) {
        Ok(())
    } else {
        Err(bad(
            Field::PurchaseQuantity,
            Why::Range { min: 1, max: 200 },
        ))
    }
}

pub fn extra_resource(kind: &str, size: Option<i64>) -> Result<(), Invalid> {
    match (kind, size) {
        ("evs" | "cbr", Some(s)) if (10..=2048).contains(&s) => Ok(()),
        ("evs" | "cbr", _) => Err(bad(
            Field::ExtraResources,
            Why::ExtraSize {
                kind: kind.to_string(),
            },
        )),
        ("hss", None) => Ok(()),
        ("hss", Some(_)) => Err(bad(Field::ExtraResources, Why::HssNoSize)),
        _ => Err(bad(
            Field::ExtraResources,
            Why::UnknownExtra {
                kind: kind.to_string(),
            },
        )),
    }
}

pub fn tag(t: &Tag) -> Result<(), Invalid> {
    let n = t.key.chars().count();
    let first_ok = t
        .key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || is_cjk(c));
    if n == 0 || n > 32 || !first_ok {
        return Err(bad(Field::Tags, Why::TagKey));
    }
    if !t
        .key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || is_cjk(c))
    {
        return Err(bad(Field::Tags, Why::TagKeyChars));
    }
    if t.value.chars().count() > 2048 {
        return Err(bad(Field::Tags, Why::TagValue));
    }
    Ok(())
}

/// `Client-Request-Id`: 36–128 of letters, digits and `-`, starting with a letter or digit.
pub fn client_request_id(id: &str) -> Result<(), Invalid> {
    let ok = (36..=128).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(bad(Field::ClientRequestId, Why::RequestId))
    }
}

/// Everything about a purchase body except catalog compatibility (see `catalog`).
pub fn create_request(site: Site, r: &CreateInstanceRequest) -> Result<(), Invalid> {
    instance_name(site, &r.instance_name)?;
    if let Some(d) = &r.description {
        instance_description(d)?;
    }
    if r.charging_mode != "prePaid" {
        return Err(bad(Field::ChargingMode, Why::PrePaidOnly));
    }
    period(&r.period_type, r.period_num)?;
    quantity(r.purchase_quantity)?;
    let mut seen = Vec::new();
    for e in &r.extra_resources {
        extra_resource(&e.type_, e.size)?;
        if seen.contains(&e.type_) {
            return Err(bad(
                Field::ExtraResources,
                Why::ListedTwice {
                    what: e.type_.clone(),
                },
            ));
        }
        seen.push(e.type_.clone());
    }
    if r.tags.len() > 20 {
        return Err(bad(Field::Tags, Why::AtMostTags { max: 20 }));
    }
    for t in &r.tags {
        tag(t)?;
    }
    match &r.image_ref {
        Some(i)
            if i.image_id.is_some() && (i.image_name.is_some() || i.image_version.is_some()) =>
        {
            Err(bad(Field::ImageRef, Why::ImageEither))
        }
        Some(i)
            if i.image_id.is_none() && (i.image_name.is_none() || i.image_version.is_none()) =>
        {
            Err(bad(Field::ImageRef, Why::ImageBoth))
        }
        None => Err(bad(Field::ImageRef, Why::ChooseImage)),
        _ => Ok(()),
    }
}

/// Server (root/Administrator) password rules of the batch reset API.
pub fn password(pw: &str) -> Result<(), Invalid> {
    const SPECIALS: &str = "!@%-_=+[]:./?";
    let n = pw.chars().count();
    if !(8..=26).contains(&n) {
        return Err(bad(Field::Password, Why::Length { min: 8, max: 26 }));
    }
    if let Some(c) = pw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || SPECIALS.contains(*c)))
    {
        return Err(bad(
            Field::Password,
            Why::PasswordChar {
                c,
                specials: SPECIALS.into(),
            },
        ));
    }
    let classes = [
        pw.chars().any(|c| c.is_ascii_uppercase()),
        pw.chars().any(|c| c.is_ascii_lowercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| SPECIALS.contains(c)),
    ];
    if classes.iter().filter(|x| **x).count() < 3 {
        return Err(bad(Field::Password, Why::PasswordClasses));
    }
    let lower = pw.to_ascii_lowercase();
    for word in ["root", "administrator"] {
        let rev: String = word.chars().rev().collect();
        if lower.contains(word) || lower.contains(&rev) {
            return Err(bad(Field::Password, Why::PasswordRoot));
        }
    }
    let admin: Vec<char> = "administrator".chars().collect();
    for w in admin.windows(3) {
        let s: String = w.iter().collect();
        if lower.contains(&s) {
            return Err(bad(Field::Password, Why::PasswordAdminRun));
        }
    }
    Ok(())
}

/// ECS server name: 1–64 of Chinese, letters, digits, `_ - .`.
pub fn server_name(n: &str) -> Result<(), Invalid> {
    let len = n.chars().count();
    if len == 0 || len > 64 {
        return Err(bad(Field::ServerName, Why::Length { min: 1, max: 64 }));
    }
    if let Some(c) = n
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "_-.".contains(c) || is_cjk(c)))
    {
        return Err(bad(Field::ServerName, Why::ServerNameChar { c }));
    }
    Ok(())
}

pub fn server_description(d: &str) -> Result<(), Invalid> {
    if d.chars().count() > 85 {
        return Err(bad(Field::Description, Why::AtMostChars { max: 85 }));
    }
    if d.contains('<') || d.contains('>') {
        return Err(bad(Field::Description, Why::NoAngleBrackets));
    }
    Ok(())
}

/// Hostname: 1–64; dot-separated segments of letters, digits, `-`; no `..`, `--`,
/// `.-`, `-.`; must not start or end with `.` or `-`.
pub fn hostname(h: &str) -> Result<(), Invalid> {
    if h.is_empty() || h.len() > 64 {
        return Err(bad(Field::Hostname, Why::Length { min: 1, max: 64 }));
    }
    if !h
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(bad(Field::Hostname, Why::HostnameChars));
    }
    if h.starts_with(['.', '-']) || h.ends_with(['.', '-']) {
        return Err(bad(Field::Hostname, Why::HostnameEnds));
    }
    for seq in ["..", "--", ".-", "-."] {
        if h.contains(seq) {
            return Err(bad(
                Field::Hostname,
                Why::HostnameSequence { seq: seq.into() },
            ));
        }
    }
    Ok(())
}

pub fn unsubscribe_type(t: i64) -> Result<(), Invalid> {
    if t == 1 || t == 2 {
        Ok(())
    } else {
        Err(bad(Field::UnsubscribeType, Why::UnsubscribeType))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(instance_name(Site::Intl, "test-0620-01").is_ok());
        assert!(instance_name(Site::Intl, "测试").is_err());
        assert!(instance_name(Site::Cn, "测试_01").is_ok());
        assert!(instance_name(Site::Cn, "1abc").is_err());
        assert!(instance_name(Site::Intl, "").is_err());
        assert!(instance_name(Site::Intl, &"a".repeat(129)).is_err());
        assert!(instance_name(Site::Intl, "web 01").is_err());
    }

    #[test]
    fn passwords() {
        assert!(password("Flexus@2024x").is_ok());
        assert!(password("password@123").is_ok()); // the doc's example: lower+special+digit
        assert!(password("short1A").is_err());
        assert!(password("alllowercase").is_err());
        assert!(password("Myroot@1234").is_err());
        assert!(password("Mytoor@1234").is_err());
        assert!(password("Xadm#1234aa").is_err()); // '#' not allowed
        assert!(password("Xadm@1234aa").is_err()); // 'adm' from Administrator
        assert!(password("Pass word1!").is_err());
        assert!(password(&format!("Aa1@{}", "x".repeat(23))).is_err());
    }

    #[test]
    fn hostnames_and_server_fields() {
        assert!(hostname("NameA").is_ok());
        assert!(hostname("web-01.example").is_ok());
        for bad in ["-a", "a-", "a..b", "a--b", "a.-b", "a_b", ""] {
            assert!(hostname(bad).is_err(), "{bad}");
        }
        assert!(server_name("hcss_ecs_ff60").is_ok());
        assert!(server_name("bad name").is_err());
        assert!(server_description("<script>").is_err());
    }

    #[test]
    fn periods_and_extras() {
        assert!(period("month", 9).is_ok());
        assert!(period("month", 10).is_err());
        assert!(period("year", 4).is_err());
        assert!(period("week", 1).is_err());
        assert!(renew_period("month", 11).is_ok());
        assert!(extra_resource("evs", Some(20)).is_ok());
        assert!(extra_resource("evs", Some(5)).is_err());
        assert!(extra_resource("hss", Some(5)).is_err());
        assert!(extra_resource("gpu", None).is_err());
        assert!(client_request_id(&uuid::Uuid::new_v4().to_string()).is_ok());
        assert!(client_request_id("short").is_err());
        assert!(resource_ids(&["65dea8d23005da564c78d9d2".into()], 10).is_ok());
        assert!(resource_ids(&[], 10).is_err());
        assert!(resource_ids(&["a/b".into()], 10).is_err());
    }
}
