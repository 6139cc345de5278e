// The instance detail dialog and the start/stop/reboot jobs it runs.
import { $, html, busy, sleep } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { byId, statusOf } from "../state.js";
import { specText } from "./rows.js";
import { refresh } from "./dashboard.js";
import { showRenew } from "../dialogs/renew.js";
import { showUnsub } from "../dialogs/unsubscribe.js";
import { showPassword } from "../dialogs/password.js";
import { showEdit } from "../dialogs/edit.js";

function fields(i) {
  const f = (k, v) => html`<dt>${t(k)}</dt><dd>${v ?? "—"}</dd>`;
  const traffic = i.traffic_total_gb
    ? `${Math.round(i.traffic_left_gb)} / ${Math.round(i.traffic_total_gb)} GB` : null;
  return html`<dl class="fields">${f("col_status", t("st_" + statusOf(i)))}${f("col_region", i.region_name)}
    ${f("f_id", i.id)}${f("f_server", i.server_id)}${f("col_ip", i.public_ip)}${f("f_private_ip", i.private_ip)}
    ${f("f_hostname", i.hostname)}${f("col_spec", specText(i))}${f("col_image", i.image)}
    ${f("f_order", i.order_id)}${f("f_expire", i.expire_time)}${f("f_freeze", i.freeze_at)}
    ${f("f_delete", i.delete_at)}${f("col_traffic", traffic)}${f("f_traffic_cycle", i.traffic_cycle_end)}
    ${f("f_desc", i.description)}</dl>`;
}

const ACTIONS = [["start", "start", ""], ["stop", "stop_soft", ""], ["stop-hard", "stop_hard", ""],
  ["reboot", "reboot", ""], ["password", "reset_pw", ""], ["edit", "edit", ""], ["renew", "renew", " primary"],
  ["unsub", "unsubscribe", " danger"]];

export function showDetail(i) {
  const markup = html`<h2>${t("detail_title", { name: i.name })}</h2>${fields(i)}
    <label class="row"><input type="checkbox" id="auto-toggle" ${i.auto_renew ? "checked" : ""}>
      ${t("auto_renew_label")} <small class="muted">${t("auto_renew_note")}</small></label>
    <div class="detail-actions">${ACTIONS.map(([act, key, cls]) =>
      html`<button class="btn${cls}" data-act="${act}">${t(key)}</button>`)}</div>
    <p class="error" role="alert"></p><p class="ok" id="job-line"></p><div class="actions">${closeBtn()}</div>`;
  const d = openDialog("#dlg-detail", markup);
  d.dataset.id = i.id;
}

export async function runAction(ids, action, hard, line) {
  const what = t(action === "stop" ? "stop" : action);
  try {
    const jobs = await api.serverAction(ids, action, hard);
    if (line) line.textContent = t("job_running", { what });
    for (const j of jobs) {
      for (let n = 0; n < 300; n++) {
        const s = await api.jobStatus(j.region, j.job_id);
        if (s.status === "SUCCESS") break;
        if (s.status === "FAIL") throw { message: t("job_failed", { what, why: s.failure || "" }) };
        await sleep(700);
      }
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
  const hard = act === "stop-hard";
  const done = await busy(e.target, () => runAction([i.id], hard ? "stop" : act, hard, line));
  const fresh = byId(i.id);
  if (fresh && d.open) { showDetail(fresh); if (done) $("#job-line", d).textContent = done; }
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
