//! Desktop notifications on Linux, sent over D-Bus (`org.freedesktop.Notifications`)
//! by us rather than by tauri-plugin-notification, because a click must open the
//! instance: the plugin never reports the `ActionInvoked` signal. One session-bus
//! connection sends every notice; the notification server answers a click with
//! `ActionInvoked` addressed to that same connection, which one task listens on.

use std::collections::{HashMap, VecDeque};

use flexus_core::expiry::{Lang, Notice, NoticeKind};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};
use zbus::Variant;
use zbus::{Connection, MatchRule, MessageStream};

use crate::messages::AppText;
use crate::watcher::Notifier;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
/// Clicks are remembered for this many recent notices (older ones just open the app).
const REMEMBER: usize = 256;

/// What a click on a notice opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Click {
    pub profile: String,
    pub instance_id: String,
    /// Expiry, grace, retention and auto-renew notices open the renewal dialog;
    /// traffic and deletion notices open the instance (or just the window).
    pub renewal: bool,
}

struct Outgoing {
    /// The notice (its id is the server's, once sent).
    live: Live,
    /// Told whether a notification server took the notice.
    done: Option<oneshot::Sender<bool>>,
}

/// A notice on screen, as much as another process needs to take it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Live {
    id: u32,
    click: Click,
    summary: String,
    body: String,
    action_label: String,
    urgency: u8,
}

enum Cmd {
    Send(Outgoing),
    /// The notices on screen that this process sent.
    Live(oneshot::Sender<Vec<Live>>),
    /// Notices another process sent: sent again in their place (same id), so the
    /// server addresses their clicks to this process. A notice still on screen is
    /// updated where it is, not shown again. Told when done.
    Adopt(Vec<Live>, oneshot::Sender<bool>),
}

/// The notices on screen while the window process and the agent hand over (a server
/// tells a click only to the sender).
const LIVE_FILE: &str = "notices-live.json";

/// The notifier of this process (one session-bus connection per process).
static CURRENT: std::sync::OnceLock<mpsc::UnboundedSender<Cmd>> = std::sync::OnceLock::new();

/// Cheap to call from the watcher: hands the notice to the D-Bus task.
pub struct DbusNotifier(mpsc::UnboundedSender<Cmd>);

impl DbusNotifier {
    /// Starts the task that owns the connection (inside the runtime); `on_click` runs there.
    pub fn spawn(on_click: impl Fn(Click) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(worker(rx, on_click));
        let _ = CURRENT.set(tx.clone());
        Self(tx)
    }

    /// Takes over the notices the previous owner of `dir` left on screen (read once);
    /// returns once they are sent again from here.
    pub async fn adopt_saved(&self, dir: &std::path::Path) {
        let path = dir.join(LIVE_FILE);
        let Ok(bytes) = std::fs::read(&path) else {
            return;
        };
        let _ = std::fs::remove_file(&path);
        match serde_json::from_slice::<Vec<Live>>(&bytes) {
            Ok(live) if !live.is_empty() => {
                let (tx, rx) = oneshot::channel();
                if self.0.send(Cmd::Adopt(live, tx)).is_ok() {
                    let _ = rx.await;
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notices left on screen not taken over"),
        }
    }
}

/// Drops notices left for a hand-over that did not happen.
pub fn forget_saved(dir: &std::path::Path) {
    let _ = std::fs::remove_file(dir.join(LIVE_FILE));
}

/// Leaves this process's notices on screen for the next owner of `dir`.
pub async fn save_live(dir: &std::path::Path) {
    let Some(tx) = CURRENT.get() else { return };
    let (reply, rx) = oneshot::channel();
    if tx.send(Cmd::Live(reply)).is_err() {
        return;
    }
    let Ok(live) = rx.await else { return };
    if live.is_empty() {
        return;
    }
    let written = serde_json::to_vec(&live)
        .map_err(std::io::Error::other)
        .and_then(|b| flexus_core::paths::write_atomic(&dir.join(LIVE_FILE), &b));
    if let Err(e) = written {
        tracing::warn!(error = %e, "notices on screen not handed over");
    }
}

impl Notifier for DbusNotifier {
    fn notify(&self, profile: &str, n: &Notice, lang: Lang) {
        let _ = self.0.send(Cmd::Send(outgoing(profile, n, lang, None)));
    }

    fn deliver<'a>(
        &'a self,
        profile: &'a str,
        n: &'a Notice,
        lang: Lang,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> {
        let (tx, rx) = oneshot::channel();
        let sent = self
            .0
            .send(Cmd::Send(outgoing(profile, n, lang, Some(tx))))
            .is_ok();
        Box::pin(async move { sent && rx.await.unwrap_or(false) })
    }
}

fn outgoing(
    profile: &str,
    n: &Notice,
    lang: Lang,
    done: Option<oneshot::Sender<bool>>,
) -> Outgoing {
    {
        tracing::info!(title = %n.title(lang), "notification");
        let renewal = !matches!(
            n.kind(),
            NoticeKind::Traffic | NoticeKind::Deleted | NoticeKind::AutoStopped
        );
        let action_label = if renewal {
            AppText::NotifyRenew
        } else {
            AppText::NotifyOpen
        }
        .text(lang);
        // Low for auto-renewing instances, critical once the instance is about to
        // stop or has stopped, normal otherwise.
        let urgency = match n.kind() {
            _ if n.quiet() => 0,
            NoticeKind::Grace | NoticeKind::Retention | NoticeKind::AutoRenewAtRisk => 2,
            _ => 1,
        };
        Outgoing {
            live: Live {
                id: 0,
                click: Click {
                    profile: profile.into(),
                    instance_id: n.instance_id.clone(),
                    renewal,
                },
                summary: n.title(lang),
                body: n.body(lang),
                action_label,
                urgency,
            },
            done,
        }
    }
}

/// Notices on screen: id → what a click opens, and the last id per instance so a
/// newer notice replaces the older one instead of piling up.
#[derive(Default)]
struct Shown {
    by_id: HashMap<u32, Live>,
    order: VecDeque<u32>,
    last: HashMap<(String, String), u32>,
}

impl Shown {
    fn insert(&mut self, live: Live) {
        let (id, c) = (live.id, &live.click);
        self.last
            .insert((c.profile.clone(), c.instance_id.clone()), id);
        if self.by_id.insert(id, live).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > REMEMBER {
            if let Some(old) = self.order.pop_front() {
                self.forget(old);
            }
        }
    }

    fn forget(&mut self, id: u32) {
        if let Some(l) = self.by_id.remove(&id) {
            let key = (l.click.profile, l.click.instance_id);
            if self.last.get(&key) == Some(&id) {
                self.last.remove(&key);
            }
        }
    }
}

async fn connect() -> zbus::Result<(Connection, MessageStream)> {
    let conn = Connection::session().await?;
    let bus = zbus::fdo::DBusProxy::new(&conn).await?;
    // Most servers address these signals to the sender; some broadcast them.
    for member in ["ActionInvoked", "NotificationClosed"] {
        let rule = MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(NAME)
            .member(member)
            .build()?;
        bus.add_match_rule(rule).await?;
    }
    let stream = MessageStream::from(&conn);
    Ok((conn, stream))
}

/// Sends a notice (in place of notice `replaces`, if not 0). A notice taken over from
/// the other process says so in a hint of its own, which servers ignore.
async fn send(conn: &Connection, out: &Live, replaces: u32, adopted: bool) -> zbus::Result<u32> {
    let mut hints: HashMap<&str, Variant> = HashMap::new();
    hints.insert("urgency", Variant::U8(out.urgency));
    hints.insert("desktop-entry", Variant::from("flexus-desk"));
    if adopted {
        hints.insert("x-flexus-adopted", Variant::Bool(true));
    }
    let actions = ["default", out.action_label.as_str()];
    let reply = conn
        .call_method(
            Some(NAME),
            PATH,
            Some(NAME),
            "Notify",
            &(
                "Flexus Desk",
                replaces,
                "flexus-desk",
                out.summary.as_str(),
                out.body.as_str(),
                &actions[..],
                hints,
                -1i32,
            ),
        )
        .await?;
    reply.body().deserialize::<u32>()
}

async fn next_signal(link: &mut Option<(Connection, MessageStream)>) -> Option<zbus::Message> {
    match link {
        Some((_, stream)) => match stream.next().await {
            Some(Ok(m)) => Some(m),
            Some(Err(_)) => None,
            None => {
                // The bus went away; reconnect on the next notice.
                *link = None;
                None
            }
        },
        None => std::future::pending().await,
    }
}

async fn worker(mut rx: mpsc::UnboundedReceiver<Cmd>, on_click: impl Fn(Click)) {
    let mut link: Option<(Connection, MessageStream)> = None;
    let mut shown = Shown::default();
    loop {
        tokio::select! {
            cmd = rx.recv() => {
                let Some(cmd) = cmd else { break };
                let (list, adopted, done) = match cmd {
                    Cmd::Live(reply) => {
                        let _ = reply.send(shown.by_id.values().cloned().collect());
                        continue;
                    }
                    Cmd::Adopt(list, done) => (list, true, Some(done)),
                    Cmd::Send(mut out) => {
                        let done = out.done.take();
                        (vec![out.live], false, done)
                    }
                };
                let tell = |ok: bool| {
                    if let Some(d) = done {
                        let _ = d.send(ok);
                    }
                };
                if link.is_none() {
                    match connect().await {
                        Ok(l) => link = Some(l),
                        Err(e) => tracing::warn!(error = %e, "no session bus for notifications"),
                    }
                }
                let Some((conn, _)) = &link else {
                    tell(false);
                    continue;
                };
                let mut ok = true;
                for live in list {
                    let key = (live.click.profile.clone(), live.click.instance_id.clone());
                    let replaces = if adopted {
                        live.id
                    } else {
                        shown.last.get(&key).copied().unwrap_or(0)
                    };
                    match send(conn, &live, replaces, adopted).await {
                        Ok(id) => shown.insert(Live { id, ..live }),
                        Err(e) => {
                            // No notification server (yet): the watcher keeps the notice.
                            tracing::warn!(error = %e, "notification not delivered");
                            ok = false;
                        }
                    }
                }
                tell(ok);
            }
            msg = next_signal(&mut link) => {
                let Some(msg) = msg else { continue };
                let header = msg.header();
                match header.member().map(|m| m.as_str()) {
                    Some("ActionInvoked") => {
                        if let Ok((id, _action)) = msg.body().deserialize::<(u32, String)>() {
                            if let Some(l) = shown.by_id.get(&id) {
                                on_click(l.click.clone());
                            }
                        }
                    }
                    Some("NotificationClosed") => {
                        if let Ok((id, _reason)) = msg.body().deserialize::<(u32, u32)>() {
                            shown.forget(id);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(id: u32, p: &str, i: &str) -> Live {
        Live {
            id,
            click: Click {
                profile: p.into(),
                instance_id: i.into(),
                renewal: true,
            },
            summary: String::new(),
            body: String::new(),
            action_label: String::new(),
            urgency: 1,
        }
    }

    #[test]
    fn newer_notice_replaces_and_memory_is_bounded() {
        let mut s = Shown::default();
        s.insert(live(1, "a", "x"));
        s.insert(live(2, "a", "x"));
        assert_eq!(s.last[&("a".into(), "x".into())], 2);
        s.forget(1);
        assert_eq!(
            s.last[&("a".into(), "x".into())],
            2,
            "an old id leaves the newest"
        );
        s.forget(2);
        assert!(s.last.is_empty());
        for id in 0..(REMEMBER as u32 + 10) {
            s.insert(live(id, "a", &id.to_string()));
        }
        assert_eq!(s.by_id.len(), REMEMBER);
        assert_eq!(s.last.len(), REMEMBER);
        assert!(!s.by_id.contains_key(&0) && s.by_id.contains_key(&(REMEMBER as u32 + 9)));
    }
}
