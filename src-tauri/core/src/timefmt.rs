//! The time formats Huawei uses: `X-Sdk-Date` (`20240115T080910Z`), BSS UTC times
//! (`2024-01-15T08:09:10Z`) and the HTTP `Date` header.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

pub fn sdk_date(t: OffsetDateTime) -> String {
    let f = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

pub fn parse_sdk_date(s: &str) -> Option<OffsetDateTime> {
    let f = format_description!("[year][month][day]T[hour][minute][second]Z");
    PrimitiveDateTime::parse(s, &f).ok().map(|p| p.assume_utc())
}

/// `yyyy-MM-ddTHH:mm:ssZ`, as BSS writes times.
pub fn utc(t: OffsetDateTime) -> String {
    let f = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

/// Parses BSS/ECS/RMS times: RFC 3339 with or without fraction, or `yyyy-MM-dd HH:mm:ss`.
pub fn parse_utc(s: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let f = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(s, &f).ok().map(|p| p.assume_utc())
}

/// HTTP `Date` header (RFC 7231 IMF-fixdate, which RFC 2822 parsing accepts).
pub fn http_date(t: OffsetDateTime) -> String {
    let f = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

pub fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(&s.replace("GMT", "+0000"), &Rfc2822).ok()
}

/// A date as `YYYY-MM-DD` (keys of calendar months and reminder days).
pub fn ymd(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrips() {
        let t = parse_sdk_date("20240115T080910Z").unwrap();
        assert_eq!(sdk_date(t), "20240115T080910Z");
        assert_eq!(utc(t), "2024-01-15T08:09:10Z");
        assert_eq!(parse_utc("2024-01-15T08:09:10Z"), Some(t));
        assert_eq!(parse_utc("2024-01-15 08:09:10"), Some(t));
        assert_eq!(parse_http_date(&http_date(t)), Some(t));
        assert!(parse_utc("garbage").is_none());
    }
}
