#[tauri::command]
fn app_info() -> String {
    "Flexus Desk".into()
}

pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_info])
        .run(tauri::generate_context!())
        .expect("error while running Flexus Desk");
}
