// The order tracker under the Buy form: follows an order to completion, offers
// to pay a pending one, and resolves a purchase whose answer was lost.
import { $, html, render, append, busy, sleep } from "../lib/dom.js";
import { errText, showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { refresh } from "./dashboard.js";

function showPending(el, orderId, s, keep) {
  el.dataset.status = "6";
  const amount = `${(s.amount || 0).toFixed(2)} ${s.currency || ""}`;
  const pay = html`<button class="btn primary" id="pay-btn">${t("pay", { amount })}</button>`;
  render(el, html`<b>${t("order_pending")}</b> ${pay} <span class="error"></span>`);
  $("#pay-btn").onclick = (ev) => busy(ev.target, async () => {
    try { await api.payOrder(orderId); track(orderId, keep); } catch (e) { showErr($("#order-state .error"), e); }
  });
}

export async function track(orderId, keep = false) {
  const box = $("#order-tracker");
  box.hidden = false;
  const markup = html`<h3>${t("order_title", { id: orderId })}</h3>
    <p id="order-state"><span class="spinner"></span> ${t("order_processing")}</p>`;
  if (keep) append(box, markup); else render(box, markup);
  box.scrollIntoView({ block: "nearest" });
  for (let n = 0; n < 400; n++) {
    let s;
    try { s = await api.orderStatus(orderId); } catch (e) { $("#order-state").textContent = errText(e); return; }
    const el = $("#order-state");
    if (s.status === 5) {
      el.textContent = `${s.text} — ${t("order_done")}`; el.dataset.status = "5"; await refresh(); return;
    }
    if (s.status === 4) { el.textContent = t("order_cancelled"); return; }
    if (s.status === 6) { showPending(el, orderId, s, keep); return; }
    render(el, html`<span class="spinner"></span> ${s.text}`);
    await sleep(1200);
  }
}

export async function trackUnknown(e) {
  const box = $("#order-tracker");
  box.hidden = false;
  const jid = (/\[([0-9a-f-]{36})\]/.exec(e.message) || [])[1];
  render(box, html`<h3 id="unknown-state">${t("unknown_checking")}</h3><p class="muted">${e.message}</p>`);
  box.scrollIntoView({ block: "nearest" });
  if (!jid) return;
  for (let n = 0; n < 10; n++) {
    try {
      const r = await api.reconcile(jid);
      if (r.result === "found") {
        $("#unknown-state").textContent = t("unknown_found", { id: r.order_id }); track(r.order_id, true); return;
      }
      if (r.result === "not_found" && n >= 2) { $("#unknown-state").textContent = t("unknown_none"); return; }
    } catch (_) { /* retry the read */ }
    await sleep(1500);
  }
}
