//! Files for other programs: the renewal calendar as iCalendar (RFC 5545) and the
//! instance list as CSV (RFC 4180). Both are text the user opens elsewhere, so both
//! guard against what that elsewhere might do with it: iCalendar text is escaped and
//! folded; CSV cells that a spreadsheet would run as a formula are defused.

use time::{Duration, OffsetDateTime};

use crate::fleet::InstanceView;
use crate::messages::{IcsText, Lang};
use crate::outlook::Due;
use crate::timefmt;

// ---------------------------------------------------------------- iCalendar
/// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
pub fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character;
/// each line ends with CRLF.
pub fn ics_fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; continuation lines 74 after their space.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn ics_time(t: OffsetDateTime) -> String {
    timefmt::sdk_date(t)
}

/// One VEVENT per due renewal (a 30-minute event at the expiry time, UTC) with alarms
/// 7 days and 1 day before. UIDs are stable, so importing again updates the events.
pub fn ics_calendar(dues: &[Due], now: OffsetDateTime, lang: &str) -> String {
    let lang = Lang::from_code(lang);
    let [renew, expires, alarm] =
        [IcsText::Renew, IcsText::Expires, IcsText::Alarm].map(|k| k.text(lang));
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Flexus Desk//Renewal calendar//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    for d in dues {
        let Some(at) = timefmt::parse_utc(&d.expire_time) else {
            continue;
        };
        let price = d
            .amount
            .map(|a| format!("{a:.2} {}", d.currency))
            .unwrap_or_else(|| IcsText::PriceUnknown.text(lang).into());
        let summary = format!("{renew} {} ({}): {price}", d.name, d.region);
        let auto = if d.auto_renew {
            IcsText::AutoRenewOn
        } else {
            IcsText::AutoRenewOff
        }
        .text(lang);
        let desc = format!(
            "{} {expires} {}\n{price}\n{auto}\n{}: {}",
            d.name, d.expire_time, d.account, d.instance_id
        );
        let uid: String = format!("{}-{}", d.instance_id, ics_time(at))
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{uid}@flexus-desk"),
            format!("DTSTAMP:{}", ics_time(now)),
            format!("DTSTART:{}", ics_time(at)),
            format!("DTEND:{}", ics_time(at + Duration::minutes(30))),
            format!("SUMMARY:{}", ics_escape(&summary)),
            format!("DESCRIPTION:{}", ics_escape(&desc)),
            "TRANSP:TRANSPARENT".into(),
        ]);
        for before in ["-P7D", "-P1D"] {
            lines.extend([
                "BEGIN:VALARM".into(),
                "ACTION:DISPLAY".into(),
                format!("TRIGGER:{before}"),
                format!(
                    "DESCRIPTION:{}",
                    ics_escape(&format!("{alarm}: {}", d.name))
                ),
                "END:VALARM".into(),
            ]);
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| ics_fold(l)).collect()
}

// ---------------------------------------------------------------- CSV
/// One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes
/// doubled. A text cell a spreadsheet would read as a formula (starting with = + - @,
/// tab or CR) gets a leading apostrophe; plain numbers such as -4 stay numbers.
pub fn csv_cell(s: &str) -> String {
    let is_number = s.parse::<f64>().is_ok_and(f64::is_finite);
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number;
    let s = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A table of text cells as CSV (CRLF line ends; formula-looking cells defused):
/// the one CSV writer for the instance list and the Activity log.
pub fn csv_table(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| row(r)).collect()
}

fn row(cells: &[String]) -> String {
    let mut l = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    l.push_str("\r\n");
    l
}

pub const CSV_HEADER: [&str; 13] = [
    "name",
    "id",
    "region",
    "status",
    "public_ip",
    "spec",
    "image",
    "expire_time",
    "days_left",
    "auto_renew",
    "traffic_left_gb",
    "traffic_total_gb",
    "server_id",
];

/// The instance list, one row per instance, header first, CRLF line ends.
pub fn instances_csv(list: &[InstanceView]) -> String {
    let opt = |o: Option<String>| o.unwrap_or_default();
    let mut out = row(&CSV_HEADER.map(String::from));
    for i in list {
        out.push_str(&row(&[
            i.name.clone(),
            i.id.clone(),
            i.region.clone(),
            i.status.clone(),
            opt(i.public_ip.clone()),
            opt(i.spec_code.clone()),
            opt(i.image.clone()),
            opt(i.expire_time.clone()),
            opt(i.days_left.map(|d| d.to_string())),
            opt(i.auto_renew.map(|b| b.to_string())),
            opt(i.traffic_left_gb.map(|g| format!("{g}"))),
            opt(i.traffic_total_gb.map(|g| format!("{g}"))),
            opt(i.server_id.clone()),
        ]));
    }
    out
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename,
/// so a failure never leaves half a file where the user asked for one.
pub fn write_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, text.as_bytes())?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_one_csv_with_formulas_defused() {
        let rows = [
            vec!["Time".to_string(), "What".to_string()],
            vec!["=HYPERLINK(1)".to_string(), "a,b".to_string()],
            vec!["-3".to_string(), "-shop".to_string()],
        ];
        assert_eq!(
            csv_table(&rows),
            "Time,What\r\n'=HYPERLINK(1),\"a,b\"\r\n-3,'-shop\r\n"
        );
    }

    #[test]
    fn ics_text_is_escaped() {
        assert_eq!(ics_escape("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(ics_escape("x\u{7}y"), "xy");
    }

    #[test]
    fn ics_lines_fold_at_75_octets_between_characters() {
        let long = format!("SUMMARY:{}", "续".repeat(40)); // 8 + 120 octets
        let folded = ics_fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(ics_fold("SHORT"), "SHORT\r\n");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+cmd"), "'+cmd");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("-4"), "-4");
        assert_eq!(csv_cell("12.5"), "12.5");
    }

    #[test]
    fn files_are_written_whole() {
        let d = std::env::temp_dir().join(format!("flexus-export-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&d).unwrap();
        let f = d.join("out.csv");
        write_file(&f, "a,b\r\n").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "a,b\r\n");
        assert!(write_file(&d.join("missing/out.csv"), "x").is_err());
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "no temporary left behind"
        );
        let _ = std::fs::remove_dir_all(d);
    }
}
