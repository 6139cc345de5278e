// Settings › Phone alerts (issue #15). The webhook URL is write-only: it goes to
// Rust (keychain) and only "set · host" and the delivery state come back.
import { $, busy } from "../lib/dom.js";
import { showErr, toast } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";

function show(v) {
  const f = $("#alerts-form");
  $("#alerts-state").textContent = v.host ? t("alerts_set", { host: v.host }) : t("alerts_unset");
  if (v.channel) f.channel.value = v.channel;
  f.url.value = "";
  $("#alerts-test").disabled = !v.host; $("#alerts-off").disabled = !v.host;
  $("#alerts-error").textContent = v.pending && v.last_error
    ? t("alerts_pending", { n: v.pending, why: v.last_error }) : "";
}

export function fillAlerts() {
  api.alertsStatus().then(show).catch((e) => showErr($("#alerts-error"), e));
}

async function run(btn, fn) {
  $("#alerts-error").textContent = "";
  const v = await busy(btn, async () => {
    try { return await fn(); } catch (e) { showErr($("#alerts-error"), e); return null; }
  });
  if (v) show(v);
}

export function wireAlerts() {
  const f = $("#alerts-form");
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    run($("button[type=submit]", f), () => api.setAlerts(f.channel.value, f.url.value));
  });
  $("#alerts-test").addEventListener("click", (e) => run(e.target, async () => {
    const v = await api.testAlerts();
    toast(t("alerts_test_ok", { host: v.host }), "ok");
    $("#alerts-state").dataset.tested = "1";
    return v;
  }));
  $("#alerts-off").addEventListener("click", (e) => run(e.target, () => api.setAlerts(null, null)));
}
