//! The main window's life. The web view exists only while the window is open: closing
//! the window destroys it, so its WebKit web process exits and the app waits in the
//! tray at a fraction of the memory. Opening it again (tray, notification, second
//! launch) builds a new one, and the page restores what the person left — tab,
//! search, filters, open dialog — from the [`ViewStore`] held here in Rust.

use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewWindow, WebviewWindowBuilder};

use crate::error::{CmdError, CmdResult};
use crate::messages::AppText;

pub const MAIN: &str = "main";

/// The tabs of the page (`data-tab` in ui/index.html).
const TABS: [&str; 5] = ["dash", "buy", "calendar", "log", "settings"];
/// Longest search text and filter value kept (the page's own inputs are shorter).
const MAX_TEXT: usize = 200;

/// A dialog the page shows over its tab: an instance's details or renewal, or an
/// order's tracker. Dialogs that hold typed input (passwords, edits, confirmations)
/// are not restored: reopening one half-filled would be a surprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDialog {
    /// "detail", "renew" or "order".
    pub kind: String,
    /// The profile the instance or order belongs to (switched to before showing it).
    pub profile: String,
    /// Instance ids (detail: one; renew: up to 10) or the order id.
    pub ids: Vec<String>,
}

/// What the person was looking at, saved by the page on each change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    pub tab: String,
    pub search: String,
    pub region: String,
    pub status: String,
    pub dialog: Option<OpenDialog>,
}

impl ViewState {
    /// The page is untrusted input: unknown tabs and dialogs, overlong text and id
    /// lists are refused with a clear error, and the stored view stays as it was.
    pub fn check(&self) -> Result<(), String> {
        if !self.tab.is_empty() && !TABS.contains(&self.tab.as_str()) {
            return Err(format!("unknown tab {:?}", self.tab));
        }
        let texts = [&self.search, &self.region, &self.status];
        if texts.iter().any(|t| t.chars().count() > MAX_TEXT) {
            return Err(format!("text longer than {MAX_TEXT} characters"));
        }
        if let Some(d) = &self.dialog {
            let max = match d.kind.as_str() {
                "detail" | "order" => 1,
                "renew" => 10,
                other => return Err(format!("unknown dialog {other:?}")),
            };
            let id_ok = |s: &String| !s.is_empty() && s.len() <= 128;
            if d.ids.is_empty() || d.ids.len() > max || !d.ids.iter().all(id_ok) {
                return Err(format!("a {} dialog takes 1 to {max} ids", d.kind));
            }
            if d.profile.len() > MAX_TEXT {
                return Err("profile name too long".into());
            }
        }
        Ok(())
    }
}

/// The one copy of the view, outliving every web view.
#[derive(Default)]
pub struct ViewStore(Mutex<ViewState>);

impl ViewStore {
    pub fn get(&self) -> ViewState {
        crate::state::lock(&self.0).clone()
    }

    pub fn set(&self, v: ViewState) -> CmdResult<()> {
        v.check()
            .map_err(|why| CmdError::invalid(AppText::ViewNotSaved).with_detail(why))?;
        *crate::state::lock(&self.0) = v;
        Ok(())
    }

    fn open(&self, d: OpenDialog) {
        crate::state::lock(&self.0).dialog = Some(d);
    }
}

pub use flexus_app::untuned;

/// Shows the main window, building it (and a new web view) when it was closed.
/// Returns whether it already existed, i.e. whether its page is live.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) -> bool {
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
        return true;
    }
    if let Err(e) = build(app) {
        tracing::error!("the window could not be opened: {e}");
    }
    false
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    let conf = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN)
        .cloned()
        .unwrap_or_default();
    {
        let mut o = crate::state::lock(&OPENED);
        *o = (o.0 + 1, Some(Instant::now()));
    }
    let w = WebviewWindowBuilder::from_config(app, &conf)?.build()?;
    tune_webview(&w);
    Ok(w)
}

/// How many times the window was built, and when last (for the reopen figure).
static OPENED: Mutex<(usize, Option<Instant>)> = Mutex::new((0, None));

/// The page's dashboard is drawn. With `FLEXUS_PAINT_MARK=1` (benchmarks) one line
/// goes to stdout: ms since the process started (first window) or since the window
/// was built again (reopened from the tray).
pub fn painted() {
    if std::env::var_os("FLEXUS_PAINT_MARK").is_none() {
        return;
    }
    let line = match *crate::state::lock(&OPENED) {
        (n, Some(at)) if n > 1 => format!("painted reopen {}", at.elapsed().as_millis()),
        _ => match crate::STARTED.get() {
            Some(s) => format!("painted start {}", s.elapsed().as_millis()),
            None => return,
        },
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Opens the window on one dialog (tray items, notification clicks). A live page gets
/// `event`; a new page finds the dialog in the view it restores.
pub fn open_dialog<R: Runtime>(app: &AppHandle<R>, dialog: OpenDialog, event: &str) {
    let payload = serde_json::json!({"profile": dialog.profile, "id": dialog.ids.first()});
    if let Some(store) = app.try_state::<ViewStore>() {
        store.open(dialog);
    }
    if show_main(app) {
        let _ = app.emit_to(MAIN, event, payload);
    }
}

/// The window's close button: the window and its web view go, the app stays in the
/// tray (`FLEXUS_UNTUNED=keep-webview` hides it instead, as before).
pub fn on_close_requested<R: Runtime>(w: &tauri::Window<R>, api: &tauri::CloseRequestApi) {
    if untuned("keep-webview") {
        api.prevent_close();
        let _ = w.hide();
        return;
    }
    tracing::debug!(window = %w.label(), "close requested");
    CLOSED_BY_USER.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The window went because the person closed it (Quit destroys it without asking).
static CLOSED_BY_USER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the window just destroyed was closed by the person; read once.
pub fn closed_by_user() -> bool {
    CLOSED_BY_USER.swap(false, std::sync::atomic::Ordering::SeqCst)
}

/// The window is gone. WebKitGTK keeps its network process for as long as the web
/// context lives, and Tauri keeps the context for the app's life on Linux (tauri#14626):
/// ~30 MB waiting for a page that may come hours later. The page keeps nothing in web
/// storage (its state is in Rust), so once the web process has exited the network
/// process is ended too; WebKit starts a new one with the next web view.
/// `FLEXUS_UNTUNED=network` keeps it.
#[cfg(target_os = "linux")]
pub fn on_destroyed<R: Runtime>(app: &AppHandle<R>) {
    if untuned("network") || untuned("keep-webview") {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        let window_back = || app.get_webview_window(MAIN).is_some();
        for _ in 0..100 {
            if children("WebKitWebProces").is_empty() || window_back() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if window_back() || !children("WebKitWebProces").is_empty() {
            return;
        }
        for pid in children("WebKitNetworkPr") {
            // SAFETY: plain kill(2) on our own child's pid; no memory is involved.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub fn on_destroyed<R: Runtime>(_app: &AppHandle<R>) {}

/// Our child processes whose name (as the kernel keeps it, 15 bytes) is `comm`.
#[cfg(target_os = "linux")]
fn children(comm: &str) -> Vec<i32> {
    let me = std::process::id().to_string();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    dir.flatten()
        .filter_map(|e| {
            let pid: i32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // "pid (comm) state ppid ...": the name may hold spaces, so split at the last ')'.
            let (head, tail) = stat.rsplit_once(')')?;
            let name = head.split_once('(')?.1;
            let ppid = tail.split_whitespace().nth(1)?;
            (name == comm && ppid == me).then_some(pid)
        })
        .collect()
}

/// A table viewer needs no back/forward page cache or large memory cache: WebKit's
/// document-viewer model keeps the web process small.
#[cfg(target_os = "linux")]
fn tune_webview<R: Runtime>(w: &WebviewWindow<R>) {
    let _ = w.with_webview(|wv| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        let wv = wv.inner();
        automation::follow(&wv);
        if untuned("cache") {
            return;
        }
        if let Some(ctx) = wv.context() {
            ctx.set_cache_model(CacheModel::DocumentViewer);
        }
    });
}

/// WebDriver (end-to-end tests only): a new session attaches to the window's current
/// web view. wry hands every automation session the first web view ever built, which
/// is gone once the window was closed; this replaces that answer with the live one.
#[cfg(target_os = "linux")]
mod automation {
    use std::cell::{Cell, RefCell};

    use webkit2gtk::glib::{
        self, gobject_ffi, translate::IntoGlib, ObjectExt, ObjectType, StaticType,
    };
    use webkit2gtk::{AutomationSession, AutomationSessionExt, WebView, WebViewExt};

    thread_local! {
        static CURRENT: RefCell<glib::WeakRef<WebView>> = RefCell::new(glib::WeakRef::new());
        static HOOKED: Cell<bool> = const { Cell::new(false) };
    }

    pub fn follow(wv: &WebView) {
        CURRENT.with(|c| *c.borrow_mut() = wv.downgrade());
        if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() != Ok("true") || HOOKED.get() {
            return;
        }
        let Some(ctx) = wv.context() else { return };
        HOOKED.set(true);
        // A session that started before this hook got wry's answer, this first web view,
        // one reference short (see below): add it, so that a session ending later cannot
        // finalize the view under GTK's feet. Without such a session it is one reference
        // kept on a disposed view, in test runs only.
        // SAFETY: `wv` is a live object.
        unsafe { gobject_ffi::g_object_ref(wv.as_ptr() as *mut gobject_ffi::GObject) };
        // Connected to run after every other handler (wry's connects its answer there).
        ctx.connect_local("automation-started", true, |args| {
            let session = args.get(1)?.get::<AutomationSession>().ok()?;
            // Drop the answers connected before this one: ours is the only one.
            // SAFETY: a signal id looked up for this session's own type, on a live object.
            unsafe {
                let id = gobject_ffi::g_signal_lookup(
                    c"create-web-view".as_ptr(),
                    AutomationSession::static_type().into_glib(),
                );
                gobject_ffi::g_signal_handlers_disconnect_matched(
                    session.as_ptr() as *mut gobject_ffi::GObject,
                    gobject_ffi::G_SIGNAL_MATCH_ID,
                    id,
                    0,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
            }
            session.connect_create_web_view(None, |_| {
                // A session requested while the window is closed gets a bare web view.
                let wv = CURRENT.with(|c| c.borrow().upgrade()).unwrap_or_default();
                // The signal's caller takes a reference with the answer (transfer full)
                // but the binding hands over a borrowed pointer: add the one it takes,
                // or the window's web view is finalized while the window still holds it.
                // SAFETY: `wv` is a live object; the added reference is the caller's.
                unsafe { gobject_ffi::g_object_ref(wv.as_ptr() as *mut gobject_ffi::GObject) };
                wv
            });
            None
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn tune_webview<R: Runtime>(_w: &WebviewWindow<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog(kind: &str, n: usize) -> OpenDialog {
        OpenDialog {
            kind: kind.into(),
            profile: "Demo".into(),
            ids: (0..n).map(|i| format!("id-{i}")).collect(),
        }
    }

    #[test]
    fn a_full_view_is_kept_and_bad_ones_are_refused_without_losing_it() {
        let store = ViewStore::default();
        let good = ViewState {
            tab: "log".into(),
            search: "web".into(),
            region: "ap-southeast-1".into(),
            status: "soon".into(),
            dialog: Some(dialog("renew", 10)),
        };
        store.set(good.clone()).unwrap();
        let bad = [
            ViewState {
                tab: "admin".into(),
                ..good.clone()
            },
            ViewState {
                search: "x".repeat(MAX_TEXT + 1),
                ..good.clone()
            },
            ViewState {
                dialog: Some(dialog("password", 1)),
                ..good.clone()
            },
            ViewState {
                dialog: Some(dialog("renew", 11)),
                ..good.clone()
            },
            ViewState {
                dialog: Some(dialog("detail", 0)),
                ..good.clone()
            },
        ];
        for b in bad {
            let e = store.set(b.clone()).expect_err("refused");
            assert_eq!(e.kind, "invalid_input", "{b:?}");
            assert_eq!(store.get(), good, "the stored view is unchanged");
        }
    }

    #[test]
    fn opening_a_dialog_keeps_the_tab_and_search() {
        let store = ViewStore::default();
        store
            .set(ViewState {
                tab: "dash".into(),
                search: "shop".into(),
                ..Default::default()
            })
            .unwrap();
        store.open(dialog("detail", 1));
        let v = store.get();
        assert_eq!((v.tab.as_str(), v.search.as_str()), ("dash", "shop"));
        assert_eq!(v.dialog, Some(dialog("detail", 1)));
    }
}
