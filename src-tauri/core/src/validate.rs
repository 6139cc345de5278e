//! Input rules from the API references. Used by the CLI, by every Tauri command
//! (the webview is untrusted) and by the simulator (which answers like Huawei).

use thiserror::Error;

use crate::client::models::{CreateInstanceRequest, Tag};
use crate::endpoints::Site;
use crate::expiry::Lang;

/// A rejected input: which field, and why in English (`message`, also the CLI's text)
/// and in Chinese (`message_zh`). [`Invalid::text`] gives the UI's sentence.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
    pub message_zh: String,
}

/// The name of each field that can be rejected, as a user reads it.
pub const FIELD_LABELS: &[(&str, &str, &str)] = &[
    ("instance_name", "Instance name", "实例名称"),
    ("description", "Description", "描述"),
    ("period_num", "Period", "时长"),
    ("period_type", "Period unit", "时长单位"),
    ("purchase_quantity", "Quantity", "数量"),
    ("extra_resources", "Extras", "附加资源"),
    ("tags", "Tags", "标签"),
    ("Client-Request-Id", "Request id", "请求 ID"),
    ("charging_mode", "Billing mode", "计费模式"),
    ("image_ref", "Image", "镜像"),
    ("password", "Password", "密码"),
    ("name", "Server name", "云主机名称"),
    ("hostname", "Hostname", "主机名"),
    ("resource_id", "Instance", "实例"),
    ("resource_ids", "Instances", "实例"),
    ("unsubscribe_type", "Unsubscribe type", "退订类型"),
    ("reason", "Reason", "原因"),
    ("reason_type", "Reason", "原因"),
    ("servers", "Servers", "云主机"),
    ("region", "Region", "区域"),
    ("path", "Request path", "请求路径"),
];

impl Invalid {
    pub fn new(field: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Invalid {
            field,
            message: en.into(),
            message_zh: zh.into(),
        }
    }

    /// "Field: why", wholly in `lang` (no English tail on a Chinese sentence).
    pub fn text(&self, lang: Lang) -> String {
        let label = FIELD_LABELS.iter().find(|(f, _, _)| *f == self.field);
        match lang {
            Lang::En => format!("{}: {}", label.map_or(self.field, |l| l.1), self.message),
            Lang::Zh => format!("{}：{}", label.map_or(self.field, |l| l.2), self.message_zh),
        }
    }
}

fn bad(field: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Invalid {
    Invalid::new(field, en, zh)
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
        return Err(bad(
            "instance_name",
            "must be 1 to 128 characters",
            "须为 1 到 128 个字符",
        ));
    }
    let cjk_ok = site == Site::Cn;
    let first = name.chars().next().unwrap_or(' ');
    if !(first.is_ascii_alphabetic() || (cjk_ok && is_cjk(first))) {
        return Err(bad(
            "instance_name",
            if cjk_ok {
                "must start with a letter or a Chinese character"
            } else {
                "must start with a letter"
            },
            if cjk_ok {
                "须以字母或中文开头"
            } else {
                "须以字母开头"
            },
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || (cjk_ok && is_cjk(c))))
    {
        return Err(bad(
            "instance_name",
            format!("'{c}' is not allowed: use letters, digits, _ and -"),
            format!("不能使用“{c}”：请使用字母、数字、_ 和 -"),
        ));
    }
    Ok(())
}

pub fn instance_description(d: &str) -> Result<(), Invalid> {
    if d.chars().count() > 1024 {
        return Err(bad(
            "description",
            "must be at most 1024 characters",
            "最多 1024 个字符",
        ));
    }
    Ok(())
}

pub fn period(period_type: &str, num: i64) -> Result<(), Invalid> {
    match period_type {
        "month" if (1..=9).contains(&num) => Ok(()),
        "year" if (1..=3).contains(&num) => Ok(()),
        "month" => Err(bad(
            "period_num",
            "a monthly purchase is 1 to 9 months",
            "按月购买为 1 到 9 个月",
        )),
        "year" => Err(bad(
            "period_num",
            "a yearly purchase is 1 to 3 years",
            "按年购买为 1 到 3 年",
        )),
        _ => Err(bad("period_type", "must be month or year", "须为月或年")),
    }
}

/// BSS renewal periods: month 1–11, year 1–3.
pub fn renew_period(period_type: &str, num: i64) -> Result<(), Invalid> {
    match period_type {
        "month" if (1..=11).contains(&num) => Ok(()),
        "year" if (1..=3).contains(&num) => Ok(()),
        "month" => Err(bad(
            "period_num",
            "a monthly renewal is 1 to 11 months",
            "按月续费为 1 到 11 个月",
        )),
        "year" => Err(bad(
            "period_num",
            "a yearly renewal is 1 to 3 years",
            "按年续费为 1 到 3 年",
        )),
        _ => Err(bad("period_type", "must be month or year", "须为月或年")),
    }
}

pub fn quantity(q: i64) -> Result<(), Invalid> {
    if (1..=200).contains(&q) {
        Ok(())
    } else {
        Err(bad(
            "purchase_quantity",
            "must be 1 to 200",
            "须为 1 到 200",
        ))
    }
}

pub fn extra_resource(kind: &str, size: Option<i64>) -> Result<(), Invalid> {
    match (kind, size) {
        ("evs" | "cbr", Some(s)) if (10..=2048).contains(&s) => Ok(()),
        ("evs" | "cbr", _) => Err(bad(
            "extra_resources",
            format!("{kind} size must be 10 to 2048 GiB"),
            format!("{kind} 容量须为 10 到 2048 GiB"),
        )),
        ("hss", None) => Ok(()),
        ("hss", Some(_)) => Err(bad(
            "extra_resources",
            "hss takes no size",
            "主机安全（hss）不需要容量",
        )),
        _ => Err(bad(
            "extra_resources",
            format!("unknown extra resource '{kind}': use evs, cbr or hss"),
            format!("未知的附加资源“{kind}”：请使用 evs、cbr 或 hss"),
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
        return Err(bad(
            "tags",
            "a tag key is 1 to 32 characters and starts with a letter",
            "标签键为 1 到 32 个字符，且以字母开头",
        ));
    }
    if !t
        .key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || is_cjk(c))
    {
        return Err(bad(
            "tags",
            "a tag key may hold letters, digits, _ and -",
            "标签键只能包含字母、数字、_ 和 -",
        ));
    }
    if t.value.chars().count() > 2048 {
        return Err(bad(
            "tags",
            "a tag value is at most 2048 characters",
            "标签值最多 2048 个字符",
        ));
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
        Err(bad(
            "Client-Request-Id",
            "must be 36 to 128 letters, digits or -",
            "须为 36 到 128 个字母、数字或 -",
        ))
    }
}

/// Everything about a purchase body except catalog compatibility (see `catalog`).
pub fn create_request(site: Site, r: &CreateInstanceRequest) -> Result<(), Invalid> {
    instance_name(site, &r.instance_name)?;
    if let Some(d) = &r.description {
        instance_description(d)?;
    }
    if r.charging_mode != "prePaid" {
        return Err(bad(
            "charging_mode",
            "only prePaid is offered",
            "只提供包年/包月（prePaid）",
        ));
    }
    period(&r.period_type, r.period_num)?;
    quantity(r.purchase_quantity)?;
    let mut seen = Vec::new();
    for e in &r.extra_resources {
        extra_resource(&e.type_, e.size)?;
        if seen.contains(&e.type_) {
            return Err(bad(
                "extra_resources",
                format!("{} is listed twice", e.type_),
                format!("{} 重复出现", e.type_),
            ));
        }
        seen.push(e.type_.clone());
    }
    if r.tags.len() > 20 {
        return Err(bad("tags", "at most 20 tags", "最多 20 个标签"));
    }
    for t in &r.tags {
        tag(t)?;
    }
    match &r.image_ref {
        Some(i)
            if i.image_id.is_some() && (i.image_name.is_some() || i.image_version.is_some()) =>
        {
            Err(bad(
                "image_ref",
                "give either a private image id or an image name and version",
                "请提供私有镜像 ID，或镜像名称和版本",
            ))
        }
        Some(i)
            if i.image_id.is_none() && (i.image_name.is_none() || i.image_version.is_none()) =>
        {
            Err(bad(
                "image_ref",
                "an image name and version are both needed",
                "镜像名称和版本都需要提供",
            ))
        }
        None => Err(bad("image_ref", "choose an image", "请选择镜像")),
        _ => Ok(()),
    }
}

/// Server (root/Administrator) password rules of the batch reset API.
pub fn password(pw: &str) -> Result<(), Invalid> {
    const SPECIALS: &str = "!@%-_=+[]:./?";
    let n = pw.chars().count();
    if !(8..=26).contains(&n) {
        return Err(bad(
            "password",
            "must be 8 to 26 characters",
            "须为 8 到 26 个字符",
        ));
    }
    if let Some(c) = pw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || SPECIALS.contains(*c)))
    {
        return Err(bad(
            "password",
            format!("'{c}' is not allowed; specials allowed: {SPECIALS}"),
            format!("不能使用“{c}”；允许的特殊字符：{SPECIALS}"),
        ));
    }
    let classes = [
        pw.chars().any(|c| c.is_ascii_uppercase()),
        pw.chars().any(|c| c.is_ascii_lowercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| SPECIALS.contains(c)),
    ];
    if classes.iter().filter(|x| **x).count() < 3 {
        return Err(bad(
            "password",
            "needs 3 of: uppercase, lowercase, digit, special",
            "须包含大写字母、小写字母、数字、特殊字符中的至少 3 种",
        ));
    }
    let lower = pw.to_ascii_lowercase();
    for word in ["root", "administrator"] {
        let rev: String = word.chars().rev().collect();
        if lower.contains(word) || lower.contains(&rev) {
            return Err(bad(
                "password",
                "must not contain root or Administrator, or them reversed",
                "不能包含 root 或 Administrator 及其倒序",
            ));
        }
    }
    let admin: Vec<char> = "administrator".chars().collect();
    for w in admin.windows(3) {
        let s: String = w.iter().collect();
        if lower.contains(&s) {
            return Err(bad(
                "password",
                "must not contain 3 consecutive characters of Administrator",
                "不能包含 Administrator 中连续的 3 个字符",
            ));
        }
    }
    Ok(())
}

/// ECS server name: 1–64 of Chinese, letters, digits, `_ - .`.
pub fn server_name(n: &str) -> Result<(), Invalid> {
    let len = n.chars().count();
    if len == 0 || len > 64 {
        return Err(bad(
            "name",
            "must be 1 to 64 characters",
            "须为 1 到 64 个字符",
        ));
    }
    if let Some(c) = n
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "_-.".contains(c) || is_cjk(c)))
    {
        return Err(bad(
            "name",
            format!("'{c}' is not allowed: use letters, digits, Chinese, _ - ."),
            format!("不能使用“{c}”：请使用字母、数字、中文、_ - ."),
        ));
    }
    Ok(())
}

pub fn server_description(d: &str) -> Result<(), Invalid> {
    if d.chars().count() > 85 {
        return Err(bad(
            "description",
            "must be at most 85 characters",
            "最多 85 个字符",
        ));
    }
    if d.contains('<') || d.contains('>') {
        return Err(bad(
            "description",
            "must not contain < or >",
            "不能包含 < 或 >",
        ));
    }
    Ok(())
}

/// Hostname: 1–64; dot-separated segments of letters, digits, `-`; no `..`, `--`,
/// `.-`, `-.`; must not start or end with `.` or `-`.
pub fn hostname(h: &str) -> Result<(), Invalid> {
    if h.is_empty() || h.len() > 64 {
        return Err(bad(
            "hostname",
            "must be 1 to 64 characters",
            "须为 1 到 64 个字符",
        ));
    }
    if !h
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(bad(
            "hostname",
            "use letters, digits, . and -",
            "请使用字母、数字、. 和 -",
        ));
    }
    if h.starts_with(['.', '-']) || h.ends_with(['.', '-']) {
        return Err(bad(
            "hostname",
            "must not start or end with . or -",
            "不能以 . 或 - 开头或结尾",
        ));
    }
    for seq in ["..", "--", ".-", "-."] {
        if h.contains(seq) {
            return Err(bad(
                "hostname",
                format!("must not contain '{seq}'"),
                format!("不能包含“{seq}”"),
            ));
        }
    }
    Ok(())
}

/// A Flexus L instance id as RMS and BSS use it (24 hex characters in the docs);
/// accepted loosely: 1–64 of letters, digits, `-` and `_`.
pub fn resource_id(id: &str) -> Result<(), Invalid> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        let shown: String = id.chars().take(64).collect();
        return Err(bad(
            "resource_id",
            format!("'{shown}' is not a valid instance id"),
            format!("“{shown}”不是有效的实例 ID"),
        ));
    }
    Ok(())
}

/// A region id taken from a cloud reply, before it goes into a host name and a path
/// (`ecs.{region}.myhuaweicloud.com`): lowercase letters and digits in 2–5 groups
/// joined by single `-`, first a letter (`cn-north-4`, `ap-southeast-1`, `my-kualalumpur-1`).
pub fn region(r: &str) -> Result<(), Invalid> {
    let groups: Vec<&str> = r.split('-').collect();
    let ok = (2..=40).contains(&r.len())
        && (2..=5).contains(&groups.len())
        && r.starts_with(|c: char| c.is_ascii_lowercase())
        && groups.iter().all(|g| {
            !g.is_empty()
                && g.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        let shown: String = r.chars().take(40).collect();
        Err(bad(
            "region",
            format!("'{shown}' is not a region id"),
            format!("“{shown}”不是区域 ID"),
        ))
    }
}

/// An id taken from a cloud reply (project, domain, server, resource id), before it
/// goes into a URL path: 1–64 ASCII letters, digits, `-` and `_`. Nothing that could
/// add a segment (`/`), climb (`..`), escape (`%`) or start a query (`?`, `#`).
pub fn url_id(field: &'static str, id: &str) -> Result<(), Invalid> {
    resource_id(id).map_err(|_| {
        let shown: String = id.chars().take(64).collect();
        bad(
            field,
            format!("the cloud sent an id that is not safe in a URL: '{shown}'"),
            format!("云端返回的 ID 不能安全地用于网址：“{shown}”"),
        )
    })
}

/// A request path built from fixed parts and checked ids: `/`-separated segments of
/// letters, digits, `-`, `_` and `.`, none of them `.` or `..`.
pub fn url_path(path: &str) -> Result<(), Invalid> {
    let ok = path.starts_with('/')
        && path[1..].split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    if ok {
        Ok(())
    } else {
        Err(bad(
            "path",
            "the request path holds unsafe characters",
            "请求路径包含不安全的字符",
        ))
    }
}

pub fn resource_ids(ids: &[String], max: usize) -> Result<(), Invalid> {
    if ids.is_empty() || ids.len() > max {
        return Err(bad(
            "resource_ids",
            format!("give 1 to {max} instances"),
            format!("请指定 1 到 {max} 个实例"),
        ));
    }
    ids.iter().try_for_each(|i| resource_id(i))
}

pub fn unsubscribe_type(t: i64) -> Result<(), Invalid> {
    if t == 1 || t == 2 {
        Ok(())
    } else {
        Err(bad(
            "unsubscribe_type",
            "must be 1 (instance and renewals) or 2 (renewals only)",
            "须为 1（实例及续费）或 2（仅续费）",
        ))
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

    #[test]
    fn ids_and_regions_from_replies_are_checked_before_urls() {
        for r in [
            "cn-north-4",
            "ap-southeast-1",
            "la-north-2",
            "my-kualalumpur-1",
            "cn-southwest-2",
        ] {
            assert!(region(r).is_ok(), "{r}");
        }
        for r in [
            "",
            "cn",
            "../x",
            "a/b",
            "%2e",
            "cn-north-4.evil.com",
            "cn-north-4#",
            "CN-NORTH-4",
            "cn--north",
            "-cn-north",
            "cn-north-4/",
            "cn-north-4 ",
        ] {
            assert!(region(r).is_err(), "{r:?}");
        }
        for id in [
            "0123456789abcdef01234567",
            "2a3b-4c5d_e",
            "d1f8a2b0-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        ] {
            assert!(url_id("server_id", id).is_ok(), "{id}");
        }
        for id in [
            "",
            "../x",
            "a/b",
            "%2e",
            "%2e%2e",
            "..",
            "x?y",
            "x#y",
            "a b",
            "a\\b",
            &"a".repeat(65),
        ] {
            assert!(url_id("server_id", id).is_err(), "{id:?}");
        }
        assert!(url_path("/v1/0123/cloudservers/detail").is_ok());
        assert!(url_path("/v3/auth/domains").is_ok());
        for p in [
            "/v1/../x",
            "/v1/a//b",
            "/v1/%2e%2e/x",
            "v1/x",
            "/v1/x?y=1",
            "/v1/./x",
            "/v1/x/",
        ] {
            assert!(url_path(p).is_err(), "{p}");
        }
    }
}
