// The instance detail dialog and the start/stop/reboot jobs it runs.
import { $, html, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { openDialog, closeBtn, confirmStep } from "../lib/dialog.js";
import { fmtDate, fmtDateTime, fmtNum, regionName } from "../lib/format.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { byId, statusOf } from "../state.js";
import { specText } from "./rows.js";
import { refreshFleet as refresh } from "../lib/bus.js";
import { showRenew } from "../dialogs/renew.js";
import { showUnsub } from "../dialogs/unsubscribe.js";
import { showPassword } from "../dialogs/password.js";
import { showEdit } from "../dialogs/edit.js";
import { showAutoStop } from "../dialogs/autostop.js";
import { guardSection } from "./traffic.js";
import { healthSection, showHealth } from "./health.js";

function fields(i) {
  const f = (k, v) => html`<dt>${t(k)}</dt><dd>${v || "—"}</dd>`;
  const raw = (k, v) => html`<dt>${t(k)}</dt><dd translate="no">${v || "—"}</dd>`;
  const traffic = i.traffic_total_gb ? `${fmtNum(i.traffic_left_gb)} / ${fmtNum(i.traffic_total_gb)} GB` : null;
  const region = `${regionName(i.region, i.region_name)} (${i.region})`;
  return html`<dl class="fields">${f("col_status", t("st_" + statusOf(i)))}${f("col_region", region)}
    ${raw("f_id", i.id)}${raw("f_server", i.server_id)}${raw("col_ip", i.public_ip)}
    ${raw("f_private_ip", i.private_ip)}${raw("f_hostname", i.hostname)}${f("col_spec", specText(i))}
    ${raw("col_image", i.image)}${raw("f_order", i.order_id)}${f("f_expire", fmtDateTime(i.expire_time))}
    ${f("f_freeze", i.freeze_at && fmtDate(i.freeze_at))}${f("f_delete", i.delete_at && fmtDate(i.delete_at))}
    ${f("col_traffic", traffic)}${f("f_traffic_cycle", i.traffic_cycle_end && fmtDate(i.traffic_cycle_end))}
    ${raw("f_desc", i.description)}</dl>`;
}

const ACTIONS = [["start", "start", ""], ["stop", "stop_soft", ""], ["stop-hard", "stop_hard", ""],
  ["reboot", "reboot", ""], ["password", "reset_pw", ""], ["edit", "edit", ""], ["console", "console_open", ""],
  ["health", "hc_title", ""], ["renew", "renew", " primary"], ["unsub", "unsubscribe", " danger"]];

export function showDetail(i) {
  const markup = html`<h2>${t("detail_title", { name: i.name })}</h2>${fields(i)}
    <label class="row"><input type="checkbox" id="auto-toggle" ${i.auto_renew ? "checked" : ""}>
      ${t("auto_renew_label")} <small class="muted">${t("auto_renew_note")}</small></label>
    <div class="detail-actions">${ACTIONS.map(([act, key, cls]) =>
      html`<button type="button" class="btn${cls}" data-act="${act}">${t(key)}</button>`)}</div>
    <p class="error" role="alert"></p><p class="ok" id="job-line"></p>${guardSection(i)}${healthSection()}
    <div class="actions">${closeBtn()}</div>`;
  const d = openDialog("#dlg-detail", markup);
  d.dataset.id = i.id;
}

export async function runAction(ids, action, hard, line) {
  const what = t(action === "stop" ? "stop" : action);
  try {
    const jobs = await api.serverAction(ids, action, hard);
    if (line) line.textContent = t("job_running", { what });
    for (const j of jobs) {
      const s = await api.waitJob(j.region, j.job_id);
      if (s.status === "FAIL") throw { message: t("job_failed", { what, why: s.failure || "" }) };
    }
    toast(t("job_done", { what }), "ok");
    await refresh();
    return t("job_done", { what });
  } catch (e) {
    showErr(line ? line.previousElementSibling : null, e);
    if (line) line.textContent = "";
  }
}

async function onAction(e) {
  const act = e.target.dataset.act; if (!act) return;
  const d = $("#dlg-detail"), i = byId(d.dataset.id); if (!i) return;
  const line = $("#job-line", d); $(".error", d).textContent = "";
  if (act === "renew") return showRenew([i.id]);
  if (act === "unsub") return showUnsub(i);
  if (act === "password") return showPassword([i.id]);
  if (act === "edit") return showEdit(i);
  if (act === "console") return openConsole(i, e.target, line);
  if (act === "health") return showHealth(d, i);
  if (act === "autostop-on" || act === "autostop-off") return toggleAutoStop(i, act === "autostop-on");
  const hard = act === "stop-hard";
  const label = t(hard ? "stop_hard" : act === "stop" ? "stop_soft" : act);
  const question = t(`confirm_${hard ? "stop_hard" : act}`, { name: i.name });
  if (act !== "start" && !(await confirmStep(question, label, true))) return;
  const done = await busy(e.target, () => runAction([i.id], hard ? "stop" : act, hard, line));
  const fresh = byId(i.id);
  if (fresh && d.open) { showDetail(fresh); if (done) $("#job-line", d).textContent = done; }
}

async function openConsole(i, btn, line) {
  await busy(btn, async () => {
    try {
      const r = await api.openConsole(i.id);
      line.textContent = t(r.kind === "vnc" ? "console_opened" : "console_fallback", { host: r.host, name: i.name });
    } catch (x) { showErr($(".error", $("#dlg-detail")), x); }
  });
}

async function toggleAutoStop(i, on) {
  const d = $("#dlg-detail");
  try {
    if (on ? await showAutoStop(i) : (await api.setAutoStop(i.id, null, false), true)) await refresh();
  } catch (x) { showErr($(".error", d), x); }
  const fresh = byId(i.id);
  if (fresh && d.open) showDetail(fresh);
  $(`[data-act^="autostop"]`, d)?.focus();
}

export function wireDetail() {
  const d = $("#dlg-detail");
  d.addEventListener("click", onAction);
  d.addEventListener("change", async (e) => {
    if (e.target.id !== "auto-toggle") return;
    try { await api.setAutoRenew(d.dataset.id, e.target.checked); await refresh(); } catch (x) {
      e.target.checked = !e.target.checked; showErr($(".error", d), x);
    }
  });
}
