//! The agent's life: take ownership of the data folder (or leave), draw the tray,
//! run the watcher and the alert outbox on a small runtime, and hand over to the
//! window process when it asks.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use flexus_app::dbus_notify::DbusNotifier;
use flexus_app::handoff;
use flexus_app::state::AppState;
use flexus_app::tray_menu::{self, Action};
use flexus_core::keychain::KeyringStore;
use gtk::glib;
use tray_icon::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tray_icon::{TrayIcon, TrayIconBuilder};

struct Args {
    /// The data folder the window process uses.
    data_dir: PathBuf,
    /// The window process's executable, started to open the window.
    app: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args_os().skip(1);
    let (mut data_dir, mut app) = (None, None);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--data-dir") => data_dir = it.next().map(PathBuf::from),
            Some("--app") => app = it.next().map(PathBuf::from),
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    Ok(Args {
        data_dir: data_dir.ok_or("--data-dir is required")?,
        app: app.ok_or("--app is required")?,
    })
}

enum Msg {
    Redraw,
    Open(Action),
}

pub fn run() -> i32 {
    flexus_app::few_malloc_arenas();
    flexus_app::init_logging();
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("flexus-tray: {e} (it is started by Flexus Desk)");
            return 2;
        }
    };
    // The window process that started us is still exiting: wait for its lock. If a
    // new window process got it first, the data is in good hands; leave.
    let own = match handoff::acquire(&args.data_dir, Duration::from_secs(10), false) {
        Ok(Some(o)) => o,
        Ok(None) => return 0,
        Err(e) => {
            tracing::error!(error = %e, "the data folder cannot be locked");
            return 1;
        }
    };
    match start(args, own) {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!(error = %e, "the tray agent could not start");
            1
        }
    }
}

fn start(args: Args, own: handoff::Ownership) -> Result<(), Box<dyn std::error::Error>> {
    gtk::init()?;
    // Two workers: the watcher, the notifier and the outbox wait almost all the time.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("flexus-tray-rt")
        .build()?;
    let (settings, persist, note) = flexus_app::settings_file::load(&args.data_dir);
    if let Some(n) = note {
        // Said again by the window process, which reads the same files.
        tracing::warn!(note = %n.text(settings.language), "at start-up");
    }
    let secrets = Arc::new(KeyringStore::default());
    let state = Arc::new(AppState::new(
        args.data_dir.clone(),
        settings,
        persist,
        secrets,
    )?);

    let (tx, rx) = mpsc::channel::<Msg>();
    let clicks = tx.clone();
    let notifier = rt.block_on(async move {
        DbusNotifier::spawn(move |c| {
            let _ = clicks.send(Msg::Open(Action::Instance {
                profile: c.profile,
                id: c.instance_id,
                renewal: c.renewal,
            }));
        })
    });
    // Clicks on the notices the window left on screen come here from now on.
    rt.block_on(notifier.adopt_saved(&args.data_dir));

    let st = state.clone();
    rt.spawn(async move {
        flexus_app::watcher::run(&st, &notifier, move || {
            let _ = tx.send(Msg::Redraw);
        })
        .await;
    });
    let st = state.clone();
    rt.spawn(async move { flexus_app::alerts::run(&st).await });

    let mut b = TrayIconBuilder::new()
        .with_id("flexus-desk")
        .with_menu(Box::new(menu(&state)?))
        .with_tooltip(tray_menu::tooltip(&state));
    if let Some(i) = crate::icon::app_icon() {
        b = b.with_icon(i);
    }
    let tray = b.build()?;
    // The door opens once the agent is ready (notices adopted, tray drawn): a
    // window process asking to take over waits until then.
    let door = own.listen()?;
    let st = state.clone();
    let handle = rt.handle().clone();
    own.serve(door, move || {
        // Kept until the process exits: no check starts after this one.
        std::mem::forget(handle.block_on(handoff::settle(&st)));
        if let Err(e) = st.accounts.save_demo() {
            tracing::warn!(error = %e, "the demo's state was not written; it restarts from its seed");
        }
    });

    let app = args.app;
    // GTK runs on this thread; the runtime's tasks reach it through `rx`.
    glib::timeout_add_local(Duration::from_millis(100), move || {
        while let Ok(ev) = MenuEvent::receiver().try_recv() {
            if let Some(a) = Action::of(ev.id.as_ref()) {
                act(&state, &tray, &app, a);
            }
        }
        while let Ok(m) = rx.try_recv() {
            match m {
                Msg::Redraw => redraw(&state, &tray),
                Msg::Open(a) => act(&state, &tray, &app, a),
            }
        }
        glib::ControlFlow::Continue
    });
    gtk::main();
    drop(rt);
    Ok(())
}

fn act(state: &AppState, tray: &TrayIcon, app: &std::path::Path, action: Action) {
    match action {
        Action::Refresh => state.wake.notify_one(),
        Action::TogglePause => {
            let _ = state.settings.update(|s| {
                s.notifications_paused = !s.notifications_paused;
                Ok(())
            });
            redraw(state, tray);
        }
        Action::Quit => std::process::exit(0),
        open => {
            // The window process asks this one to hand over as it starts.
            let r = Command::new(app).arg("--open").arg(open.to_arg()).spawn();
            if let Err(e) = r {
                tracing::error!(error = %e, app = %app.display(), "the window could not be opened");
            }
        }
    }
}

fn redraw(state: &AppState, tray: &TrayIcon) {
    match menu(state) {
        Ok(m) => tray.set_menu(Some(Box::new(m))),
        Err(e) => tracing::warn!(error = %e, "the tray menu was not redrawn"),
    }
    let _ = tray.set_tooltip(Some(tray_menu::tooltip(state)));
}

/// The same items as the window process's tray (`tray_menu`), drawn with muda.
fn menu(state: &AppState) -> Result<Menu, tray_icon::menu::Error> {
    let m = Menu::new();
    for it in tray_menu::items(state) {
        if it.separator_before() {
            m.append(&PredefinedMenuItem::separator())?;
        }
        if it.is_check() {
            m.append(&CheckMenuItem::with_id(
                &it.id, &it.label, true, it.on, None,
            ))?;
        } else {
            m.append(&MenuItem::with_id(&it.id, &it.label, it.on, None))?;
        }
        if it.separator_after() {
            m.append(&PredefinedMenuItem::separator())?;
        }
    }
    Ok(m)
}
