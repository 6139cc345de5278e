//! Phone alerts: the app's reminders sent to a chat webhook (WeCom, Feishu/Lark,
//! DingTalk or any URL taking JSON). The URL is a secret (it alone authorises
//! posting), so it lives in the keychain, is held as `Secret`, and no error, log
//! line or file written here contains it — only its host. Messages wait in a
//! persistent outbox (atomic file) until a delivery succeeds: a failure is kept,
//! shown and retried with backoff, and nothing is lost across a restart.
//!
//! Over 400 lines with its tests (the code is under 350): the outbox and its failure cases read together.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::secret::Secret;
use crate::timefmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    WeCom,
    Feishu,
    DingTalk,
    Generic,
}

impl Channel {
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "we_com" | "wecom" => Some(Channel::WeCom),
            "feishu" | "lark" => Some(Channel::Feishu),
            "ding_talk" | "dingtalk" => Some(Channel::DingTalk),
            "generic" => Some(Channel::Generic),
            _ => None,
        }
    }
}

/// The request body each service documents for a plain text message.
pub fn body(channel: Channel, m: &Message) -> Value {
    let text = format!("{}\n{}", m.title, m.text);
    match channel {
        // WeCom group robot, "text" message:
        // https://developer.work.weixin.qq.com/document/path/91770
        // {"msgtype":"text","text":{"content":"…"}}; reply {"errcode":0,"errmsg":"ok"}.
        Channel::WeCom => json!({"msgtype": "text", "text": {"content": text}}),
        // Feishu/Lark custom bot, "text" message:
        // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
        // {"msg_type":"text","content":{"text":"…"}}; reply {"code":0,…} (older
        // hooks answer {"StatusCode":0,…}).
        Channel::Feishu => json!({"msg_type": "text", "content": {"text": text}}),
        // DingTalk custom robot, "text" message:
        // https://open.dingtalk.com/document/orgapp/custom-robot-access
        // {"msgtype":"text","text":{"content":"…"}}; reply {"errcode":0,"errmsg":"ok"}.
        Channel::DingTalk => json!({"msgtype": "text", "text": {"content": text}}),
        Channel::Generic => json!({
            "source": "flexus-desk",
            "kind": m.kind,
            "key": m.key,
            "title": m.title,
            "text": m.text,
            "created": m.created,
        }),
    }
}

/// The chat services answer HTTP 200 with an error code in the body (bad keyword,
/// rate limit, revoked hook): only a zero code counts as delivered.
fn accepted(channel: Channel, reply: &Value) -> Result<(), String> {
    let code = match channel {
        Channel::Generic => return Ok(()),
        Channel::WeCom | Channel::DingTalk => reply.get("errcode"),
        Channel::Feishu => reply.get("code").or_else(|| reply.get("StatusCode")),
    };
    match code.and_then(Value::as_i64) {
        Some(0) => Ok(()),
        Some(c) => {
            let msg = ["errmsg", "msg", "StatusMessage"]
                .iter()
                .find_map(|k| reply.get(*k).and_then(Value::as_str))
                .unwrap_or("");
            Err(format!("refused (code {c}) {}", truncate(msg, 120)))
        }
        None => Err("unexpected reply".into()),
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A configured destination. Debug shows the host only.
#[derive(Clone)]
pub struct Hook {
    pub channel: Channel,
    url: Secret,
    host: String,
}

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hook({:?}, {})", self.channel, self.host)
    }
}

/// Why a URL is not accepted (never echoes the URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    NotAUrl,
    /// Only https, except plain http to this computer (a local relay or a test).
    NotHttps,
    TooLong,
}

impl Hook {
    pub fn new(channel: Channel, url: &str) -> Result<Hook, UrlProblem> {
        let url = url.trim();
        if url.len() > 2048 {
            return Err(UrlProblem::TooLong);
        }
        let u = url::Url::parse(url).map_err(|_| UrlProblem::NotAUrl)?;
        let host = u.host_str().ok_or(UrlProblem::NotAUrl)?.to_string();
        let loopback = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
        match u.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => return Err(UrlProblem::NotHttps),
        }
        if !u.username().is_empty() || u.password().is_some() {
            return Err(UrlProblem::NotAUrl);
        }
        Ok(Hook {
            channel,
            url: Secret::new(url),
            host,
        })
    }

    /// What the UI may show of the URL.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Posts one message. The error says what happened without the URL (reqwest
    /// errors carry it, so they are reduced to their kind first).
    pub async fn send(&self, http: &reqwest::Client, m: &Message) -> Result<(), String> {
        let r = http
            .post(self.url.expose())
            .timeout(StdDuration::from_secs(15))
            .json(&body(self.channel, m))
            .send()
            .await
            .map_err(|e| describe(&e.without_url()))?;
        let status = r.status();
        if !status.is_success() {
            return Err(format!("HTTP {}", status.as_u16()));
        }
        if self.channel == Channel::Generic {
            return Ok(());
        }
        let reply: Value = r.json().await.map_err(|_| "unexpected reply".to_string())?;
        accepted(self.channel, &reply)
    }
}

/// The client deliveries use (system proxy, rustls, no cookies).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(StdDuration::from_secs(10))
        .build()
        .unwrap_or_default()
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}

/// One reminder to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The reminder's key (the same reminder is queued once).
    pub key: String,
    /// expiry, grace, traffic, auto_stopped, test, …
    pub kind: String,
    pub title: String,
    pub text: String,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub message: Message,
    #[serde(default)]
    pub attempts: u32,
    /// Not tried again before this moment (RFC 3339).
    #[serde(default)]
    pub next_at: Option<String>,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// The wait after `attempts` failures: 30 s, 1 min, 2 min … at most 1 h.
pub fn backoff(attempts: u32) -> Duration {
    let secs = 30u64.saturating_mul(1u64 << attempts.saturating_sub(1).min(12));
    Duration::seconds(secs.min(3600) as i64)
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct OutboxFile {
    pending: Vec<Pending>,
    /// Keys delivered lately, so a reminder queued again is not sent twice.
    #[serde(default)]
    delivered: Vec<String>,
}

/// The persistent queue. Every change is written (atomically) before it counts.
#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    file: OutboxFile,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Round {
    pub delivered: usize,
    pub failed: usize,
    /// The latest failure (without the URL), for Settings.
    pub last_error: Option<String>,
}

const KEEP_DELIVERED: usize = 500;

impl Outbox {
    /// Opens the outbox; a damaged file is kept aside (`.bad`) rather than lost, and
    /// the queue starts empty.
    pub fn open(path: impl Into<PathBuf>) -> std::io::Result<Outbox> {
        let path = path.into();
        let file = match std::fs::read(&path) {
            Ok(b) => match serde_json::from_slice(&b) {
                Ok(f) => f,
                Err(_) => {
                    std::fs::rename(&path, bad_name(&path))?;
                    OutboxFile::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => OutboxFile::default(),
            Err(e) => return Err(e),
        };
        Ok(Outbox { path, file })
    }

    fn save(&self) -> std::io::Result<()> {
        let b = serde_json::to_vec_pretty(&self.file).map_err(std::io::Error::other)?;
        crate::paths::write_atomic(&self.path, &b)
    }

    pub fn pending(&self) -> &[Pending] {
        &self.file.pending
    }

    /// Queues a message unless the same key is queued or was delivered.
    pub fn push(&mut self, m: Message) -> std::io::Result<bool> {
        if self.file.delivered.contains(&m.key)
            || self.file.pending.iter().any(|p| p.message.key == m.key)
        {
            return Ok(false);
        }
        self.file.pending.push(Pending {
            message: m,
            attempts: 0,
            next_at: None,
            last_error: None,
        });
        self.save()?;
        Ok(true)
    }

    /// Tries every message that is due at `now`, in order. A success is removed and
    /// remembered; a failure stays with its error and its next attempt time.
    pub async fn deliver_due(
        &mut self,
        http: &reqwest::Client,
        hook: &Hook,
        now: OffsetDateTime,
    ) -> std::io::Result<Round> {
        let mut round = Round::default();
        let mut i = 0;
        while i < self.file.pending.len() {
            let p = &self.file.pending[i];
            let due = p
                .next_at
                .as_deref()
                .and_then(timefmt::parse_utc)
                .is_none_or(|t| t <= now);
            if !due {
                i += 1;
                continue;
            }
            match hook.send(http, &p.message).await {
                Ok(()) => {
                    let done = self.file.pending.remove(i);
                    self.file.delivered.push(done.message.key);
                    let extra = self.file.delivered.len().saturating_sub(KEEP_DELIVERED);
                    self.file.delivered.drain(..extra);
                    round.delivered += 1;
                }
                Err(e) => {
                    let p = &mut self.file.pending[i];
                    p.attempts += 1;
                    p.next_at = Some(timefmt::utc(now + backoff(p.attempts)));
                    p.last_error = Some(e.clone());
                    round.failed += 1;
                    round.last_error = Some(e);
                    i += 1;
                }
            }
            self.save()?;
        }
        Ok(round)
    }

    /// Makes every waiting message due now (after the user fixed the URL).
    pub fn retry_now(&mut self) -> std::io::Result<()> {
        for p in &mut self.file.pending {
            p.next_at = None;
        }
        self.save()
    }
}

fn bad_name(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bad");
    PathBuf::from(s)
}

/// The outbox's file name in the app's data folder.
pub const OUTBOX_FILE: &str = "alerts-outbox.json";

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Message {
        Message {
            key: "k".into(),
            kind: "test".into(),
            title: "t".into(),
            text: text.into(),
            created: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn bodies_follow_each_service() {
        let b = body(Channel::WeCom, &m("x"));
        assert_eq!(b["msgtype"], "text");
        assert_eq!(b["text"]["content"], "t\nx");
        let b = body(Channel::Feishu, &m("x"));
        assert_eq!(b["msg_type"], "text");
        assert_eq!(b["content"]["text"], "t\nx");
        let b = body(Channel::DingTalk, &m("x"));
        assert_eq!(b["text"]["content"], "t\nx");
        let b = body(Channel::Generic, &m("x"));
        assert_eq!(
            (b["title"].as_str(), b["text"].as_str()),
            (Some("t"), Some("x"))
        );
    }

    #[test]
    fn replies_with_an_error_code_are_failures() {
        assert!(accepted(Channel::WeCom, &json!({"errcode": 0})).is_ok());
        assert!(accepted(Channel::WeCom, &json!({"errcode": 93000, "errmsg": "bad"})).is_err());
        assert!(accepted(Channel::Feishu, &json!({"code": 0})).is_ok());
        assert!(accepted(Channel::Feishu, &json!({"StatusCode": 0})).is_ok());
        assert!(accepted(Channel::Feishu, &json!({"code": 19021})).is_err());
        assert!(accepted(Channel::DingTalk, &json!({})).is_err());
    }

    #[test]
    fn urls_are_checked_and_never_shown() {
        let h = Hook::new(Channel::WeCom, "https://qyapi.weixin.qq.com/x?key=SECRET").unwrap();
        assert_eq!(h.host(), "qyapi.weixin.qq.com");
        assert!(!format!("{h:?}").contains("SECRET"));
        assert_eq!(
            Hook::new(Channel::Generic, "http://example.com/x").unwrap_err(),
            UrlProblem::NotHttps
        );
        assert!(Hook::new(Channel::Generic, "http://127.0.0.1:9/x").is_ok());
        assert_eq!(
            Hook::new(Channel::Generic, "not a url").unwrap_err(),
            UrlProblem::NotAUrl
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(40), Duration::hours(1));
    }
}
