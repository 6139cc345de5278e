#![allow(dead_code)]
//! The app with its real commands and capabilities on Tauri's mock runtime, called
//! through IPC as the page calls it (shared by the IPC test binaries).

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

use crate::common;

pub struct App {
    pub _app: tauri::App<tauri::test::MockRuntime>,
    pub w: tauri::WebviewWindow<tauri::test::MockRuntime>,
    pub seen: Vec<String>,
    _dir: common::TempDir,
}

impl App {
    pub fn new() -> App {
        App::with(mock_builder())
    }

    /// The app's commands and real capabilities on `builder` (plugins added by the caller).
    pub fn with(builder: tauri::Builder<tauri::test::MockRuntime>) -> App {
        App::reaching(builder, vec![])
    }

    /// With real profiles' endpoints overridden (the demo is unaffected).
    pub fn reaching(
        builder: tauri::Builder<tauri::test::MockRuntime>,
        endpoints: Vec<(flexus_core::Service, String)>,
    ) -> App {
        let dir = common::temp_dir("ipc");
        let app = builder
            .manage(common::state_reaching(
                &dir,
                common::demo_settings(),
                endpoints,
            ))
            .manage(flexus_desk::window::ViewStore::default())
            .invoke_handler(flexus_desk::app_commands!())
            .build(flexus_desk::context())
            .unwrap();
        // The main window exists from the config, as in the app.
        let w = match app.get_webview_window("main") {
            Some(w) => w,
            None => WebviewWindowBuilder::new(&app, "main", Default::default())
                .build()
                .unwrap(),
        };
        App {
            _app: app,
            w,
            seen: vec![],
            _dir: dir,
        }
    }

    pub fn call(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.call_from("tauri://localhost", cmd, args)
    }

    /// The secret kept in the (test) keychain under `key`, if any.
    pub fn keychain_secret(&self, key: &str) -> Option<String> {
        let state = self._app.state::<flexus_desk::state::AppState>();
        let kept = state.accounts.secrets.get(key).unwrap();
        kept.map(|c| c.secret_key.expose().to_string())
    }

    /// The in-app demo cloud, for injecting faults and reading what reached it.
    pub fn demo_sim(&self) -> flexus_sim::Sim {
        let state = self._app.state::<flexus_desk::state::AppState>();
        tauri::async_runtime::block_on(state.accounts.demo())
            .unwrap()
            .sim
            .clone()
    }

    pub fn call_from(&mut self, url: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        let r = get_ipc_response(
            &self.w,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: url.parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        );
        let out = r.map(|b| b.deserialize::<Value>().unwrap());
        self.seen.push(format!("{out:?}"));
        out
    }

    pub fn err_kind(&mut self, cmd: &str, args: Value) -> String {
        let e = self.call(cmd, args).expect_err(cmd);
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{cmd}: {e}"
        );
        e["kind"].as_str().unwrap().to_string()
    }

    /// Every payload of the app-wide event `name` from now on, in order.
    pub fn events(&self, name: &str) -> std::sync::mpsc::Receiver<Value> {
        let (tx, rx) = std::sync::mpsc::channel();
        tauri::Listener::listen_any(self.w.app_handle(), name.to_string(), move |e| {
            let _ = tx.send(serde_json::from_str(e.payload()).unwrap_or(Value::Null));
        });
        rx
    }

    /// The payloads received on `rx` so far (the command that sent them has answered).
    pub fn drain(rx: &std::sync::mpsc::Receiver<Value>) -> Vec<Value> {
        rx.try_iter().collect()
    }
}
