//! Desktop notifications on Linux, sent over D-Bus (`org.freedesktop.Notifications`)
//! by us rather than by tauri-plugin-notification, because a click must open the
//! instance: the plugin never reports the `ActionInvoked` signal. One session-bus
//! connection sends every notice; the notification server answers a click with
//! `ActionInvoked` addressed to that same connection, which one task listens on.

use std::collections::{HashMap, VecDeque};

use flexus_core::expiry::{Lang, Notice, NoticeKind};
use futures_util::StreamExt;
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click {
    pub profile: String,
    pub instance_id: String,
    /// Expiry, grace, retention and auto-renew notices open the renewal dialog;
    /// traffic and deletion notices open the instance (or just the window).
    pub renewal: bool,
}

struct Outgoing {
    click: Click,
    summary: String,
    body: String,
    action_label: String,
    urgency: u8,
    /// Told whether a notification server took the notice.
    done: Option<oneshot::Sender<bool>>,
}

/// Cheap to call from the watcher: hands the notice to the D-Bus task.
pub struct DbusNotifier(mpsc::UnboundedSender<Outgoing>);

impl DbusNotifier {
    /// Starts the task that owns the connection. `on_click` runs on that task. Call
    /// it inside the tokio runtime.
    pub fn spawn(on_click: impl Fn(Click) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(worker(rx, on_click));
        Self(tx)
    }
}

impl Notifier for DbusNotifier {
    fn notify(&self, profile: &str, n: &Notice, lang: Lang) {
        let _ = self.0.send(outgoing(profile, n, lang, None));
    }

    fn deliver<'a>(
        &'a self,
        profile: &'a str,
        n: &'a Notice,
        lang: Lang,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> {
        let (tx, rx) = oneshot::channel();
        let sent = self.0.send(outgoing(profile, n, lang, Some(tx))).is_ok();
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
            click: Click {
                profile: profile.into(),
                instance_id: n.instance_id.clone(),
                renewal,
            },
            summary: n.title(lang),
            body: n.body(lang),
            action_label,
            urgency,
            done,
        }
    }
}

/// Notices on screen: id → what a click opens, and the last id per instance so a
/// newer notice replaces the older one instead of piling up.
#[derive(Default)]
struct Shown {
    by_id: HashMap<u32, Click>,
    order: VecDeque<u32>,
    last: HashMap<(String, String), u32>,
}

impl Shown {
    fn insert(&mut self, id: u32, c: Click) {
        self.last
            .insert((c.profile.clone(), c.instance_id.clone()), id);
        if self.by_id.insert(id, c).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > REMEMBER {
            if let Some(old) = self.order.pop_front() {
                self.forget(old);
            }
        }
    }

    fn forget(&mut self, id: u32) {
        if let Some(c) = self.by_id.remove(&id) {
            let key = (c.profile, c.instance_id);
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

async fn send(conn: &Connection, out: &Outgoing, replaces: u32) -> zbus::Result<u32> {
    let mut hints: HashMap<&str, Variant> = HashMap::new();
    hints.insert("urgency", Variant::U8(out.urgency));
    hints.insert("desktop-entry", Variant::from("flexus-desk"));
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

async fn worker(mut rx: mpsc::UnboundedReceiver<Outgoing>, on_click: impl Fn(Click)) {
    let mut link: Option<(Connection, MessageStream)> = None;
    let mut shown = Shown::default();
    loop {
        tokio::select! {
            out = rx.recv() => {
                let Some(mut out) = out else { break };
                let done = out.done.take();
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
                let key = (out.click.profile.clone(), out.click.instance_id.clone());
                let replaces = shown.last.get(&key).copied().unwrap_or(0);
                match send(conn, &out, replaces).await {
                    Ok(id) => {
                        shown.insert(id, out.click);
                        tell(true);
                    }
                    Err(e) => {
                        // No notification server (yet): the watcher keeps the notice.
                        tracing::warn!(error = %e, "notification not delivered");
                        tell(false);
                    }
                }
            }
            msg = next_signal(&mut link) => {
                let Some(msg) = msg else { continue };
                let header = msg.header();
                match header.member().map(|m| m.as_str()) {
                    Some("ActionInvoked") => {
                        if let Ok((id, _action)) = msg.body().deserialize::<(u32, String)>() {
                            if let Some(c) = shown.by_id.get(&id) {
                                on_click(c.clone());
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

    fn click(p: &str, i: &str) -> Click {
        Click {
            profile: p.into(),
            instance_id: i.into(),
            renewal: true,
        }
    }

    #[test]
    fn newer_notice_replaces_and_memory_is_bounded() {
        let mut s = Shown::default();
        s.insert(1, click("a", "x"));
        s.insert(2, click("a", "x"));
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
            s.insert(id, click("a", &id.to_string()));
        }
        assert_eq!(s.by_id.len(), REMEMBER);
        assert_eq!(s.last.len(), REMEMBER);
        assert!(!s.by_id.contains_key(&0) && s.by_id.contains_key(&(REMEMBER as u32 + 9)));
    }
}
