// tauri-build reads tauri.conf.json from the crate root; capabilities live under
// src-tauri/. The app manifest puts our own commands under the permission system.
const COMMANDS: [&str; 50] = [
    "app_info",
    "list_profiles",
    "save_credentials",
    "verify_profile",
    "use_profile",
    "delete_profile",
    "refresh_fleet",
    "catalog",
    "catalog_specs",
    "auto_match",
    "purchase_review",
    "purchase",
    "wait_order",
    "pay_review",
    "pay_order",
    "cancel_order",
    "renew_quote",
    "renew",
    "unsubscribe_review",
    "unsubscribe",
    "set_auto_renew",
    "activity_log",
    "reconcile",
    "pending_actions",
    "check_pending",
    "unpaid_orders",
    "server_action",
    "wait_job",
    "reset_password",
    "update_server",
    "get_settings",
    "update_settings",
    "set_autostart",
    "demo_advance",
    "check_now",
    "save_export",
    "renewal_outlook",
    "export_ics",
    "export_csv",
    "set_proxy",
    "set_auto_stop",
    "set_alerts",
    "alerts_status",
    "test_alerts",
    "open_console",
    "instance_health",
    "sparklines",
    "view_state",
    "save_view",
    "painted",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&COMMANDS)),
    )
    .expect("tauri build");
}
