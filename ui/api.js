// The only module that talks to Rust. Every call returns a Promise; failures
// reject with {kind, message} (message already in the UI language).
const core = () => window.__TAURI__.core;

export async function call(cmd, args = {}) {
  try {
    return await core().invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === "object" && "kind" in e) throw e;
    throw { kind: "internal", message: String(e) };
  }
}

// Runs a command that makes Rust wait for something, passing each progress event of
// that thing (`mine`) to `onProgress` while it runs.
async function follow(event, mine, onProgress, run) {
  const stop = onProgress
    ? await window.__TAURI__.event.listen(event, (e) => { if (mine(e.payload)) onProgress(e.payload); })
    : null;
  try { return await run(); } finally { if (stop) stop(); }
}

export const api = {
  appInfo: () => call("app_info"),
  profiles: () => call("list_profiles"),
  saveCredentials: (a) => call("save_credentials", a),
  verifyProfile: (name) => call("verify_profile", { name }),
  useProfile: (name) => call("use_profile", { name }),
  deleteProfile: (name) => call("delete_profile", { name }),
  refresh: (maxAgeMs = 0) => call("refresh_fleet", { max_age_ms: maxAgeMs }),
  catalog: (region) => call("catalog", { region }),
  specs: (region, image) => call("catalog_specs", { region, image }),
  autoMatch: (region, image, cpu, memory) => call("auto_match", { region, image, cpu, memory }),
  purchaseReview: (form) => call("purchase_review", { form }),
  // Paid commands take only the single-use confirmation id their review issued.
  purchase: (confirm_id) => call("purchase", { confirm_id }),
  // Rust polls until the order settles; resolves to its last status.
  waitOrder: (order_id, onProgress) => follow("order-progress", (p) => p.order_id === order_id, onProgress,
    () => call("wait_order", { order_id })),
  payReview: (order_id) => call("pay_review", { order_id }),
  payOrder: (confirm_id) => call("pay_order", { confirm_id }),
  cancelOrder: (order_id) => call("cancel_order", { order_id }),
  renewQuote: (ids, period_type, period_num, auto_pay) =>
    call("renew_quote", { ids, period_type, period_num, auto_pay }),
  renew: (confirm_id) => call("renew", { confirm_id }),
  unsubscribeReview: (ids, unsubscribe_type, reason_type, reason, confirm_names) =>
    call("unsubscribe_review", { ids, unsubscribe_type, reason_type, reason, confirm_names }),
  unsubscribe: (confirm_id) => call("unsubscribe", { confirm_id }),
  setAutoRenew: (id, on) => call("set_auto_renew", { id, on }),
  activity: () => call("activity_log"),
  reconcile: (journal_id) => call("reconcile", { journal_id }),
  pendingActions: () => call("pending_actions"),
  checkPending: () => call("check_pending"),
  unpaidOrders: () => call("unpaid_orders"),
  serverAction: (ids, action, hard) => call("server_action", { ids, action, hard }),
  // Rust polls until the job finishes; resolves to its last status.
  waitJob: (region, job_id, onProgress) => follow("job-progress", (p) => p.job_id === job_id, onProgress,
    () => call("wait_job", { region, job_id })),
  resetPassword: (ids, password, restart) => call("reset_password", { ids, password, restart }),
  updateServer: (id, fields) => call("update_server", {
    id, name: fields.name ?? null, description: fields.description ?? null, hostname: fields.hostname ?? null,
  }),
  settings: () => call("get_settings"),
  updateSettings: (patch) => call("update_settings", { patch }),
  setAutostart: (on) => call("set_autostart", { on }),
  demoAdvance: (days) => call("demo_advance", { days }),
  checkNow: () => call("check_now"),
  saveExport: (kind, rows) => call("save_export", { kind, rows }),
  renewalOutlook: () => call("renewal_outlook"),
  // Rust opens the save dialog and writes the file; resolves to the path, or null if cancelled.
  exportIcs: () => call("export_ics"),
  exportCsv: () => call("export_csv"),
  // Write-only: the password is never read back.
  setProxy: (url, username, password) => call("set_proxy", { url, username, password }),
  // Issue #15: the traffic guard's automatic stop (percent null turns it off).
  setAutoStop: (id, percent, confirmed) => call("set_auto_stop", { id, percent, confirmed }),
  // Phone alerts. Write-only: the webhook URL goes in and only its host comes back.
  setAlerts: (channel, url) => call("set_alerts", { channel, url }),
  alertsStatus: () => call("alerts_status"),
  testAlerts: () => call("test_alerts"),
  // Rust opens the console in the system browser (Huawei hosts only); resolves to {kind, host}.
  openConsole: (id) => call("open_console", { id }),
  // Cloud Eye metrics for the detail's charts; offset_minutes: this computer's UTC offset.
  sparklines: (ids) => call("sparklines", { ids }),
  health: (id, hours) => call("instance_health", { id, hours, offset_minutes: -new Date().getTimezoneOffset() }),
  // The window's view, kept in Rust so a reopened window shows what was left.
  viewState: () => call("view_state"),
  saveView: (view) => call("save_view", { view }),
  painted: () => call("painted"),
  listen: (event, cb) => window.__TAURI__.event.listen(event, cb),
};
