// The order tracker under the Buy form: follows an order to completion, offers
// to pay a pending one, and resolves a purchase whose answer was lost.
import { $, html, render, append, busy, sleep } from "../lib/dom.js";
import { errText, showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t, setLive } from "../i18n.js";
import { fmtMoney } from "../lib/format.js";
import { refresh } from "./dashboard.js";

const processing = () =>
  html`<span class="spinner"></span> <span data-i18n="order_processing">${t("order_processing")}</span>`;

function showPending(el, orderId, s, keep) {
  el.dataset.status = "6";
  const amount = fmtMoney(s.amount || 0, s.currency);
  const pay = html`<button type="button" class="btn primary" id="pay-btn">${t("pay", { amount })}</button>`;
  render(el, html`<b data-i18n="order_pending">${t("order_pending")}</b> ${pay} <span class="error"></span>`);
  $("#pay-btn").onclick = (ev) => busy(ev.target, async () => {
    try { await api.payOrder(orderId); track(orderId, keep); } catch (e) { showErr($("#order-state .error"), e); }
  });
}

export async function track(orderId, keep = false) {
  const box = $("#order-tracker");
  box.hidden = false;
  const markup = html`<h3 data-i18n="order_title" data-i18n-vars="${JSON.stringify({ id: orderId })}">${
    t("order_title", { id: orderId })}</h3>
    <p id="order-state">${processing()}</p>`;
  if (keep) append(box, markup); else render(box, markup);
  box.scrollIntoView({ block: "nearest" });
  for (let n = 0; n < 400; n++) {
    let s;
    try { s = await api.orderStatus(orderId); } catch (e) { $("#order-state").textContent = errText(e); return; }
    const el = $("#order-state");
    if (s.status === 5) {
      setLive(el, "order_done"); el.dataset.status = "5"; await refresh(); return;
    }
    if (s.status === 4) { setLive(el, "order_cancelled"); return; }
    if (s.status === 6) { showPending(el, orderId, s, keep); return; }
    render(el, processing());
    await sleep(1200);
  }
}

export async function trackUnknown(e) {
  const box = $("#order-tracker");
  box.hidden = false;
  // The journal id travels in the error's technical detail ("[<uuid>]").
  const jid = (/\[([0-9a-f-]{36})\]/.exec(`${e.detail || ""} ${e.message}`) || [])[1];
  // The app's own words for "the answer was lost" (so they follow a language switch);
  // the journal id and the network error stay behind Details.
  render(box, html`<h3 id="unknown-state" data-i18n="unknown_checking">${t("unknown_checking")}</h3>
    <p class="muted" data-i18n="unknown_explain">${t("unknown_explain")}</p>
    ${e.detail ? html`<details><summary data-i18n="details">${t("details")}</summary>
      <code>${e.detail}</code></details>` : ""}`);
  box.scrollIntoView({ block: "nearest" });
  if (!jid) return;
  for (let n = 0; n < 10; n++) {
    try {
      const r = await api.reconcile(jid);
      if (r.result === "found") {
        setLive($("#unknown-state"), "unknown_found", { id: r.order_id }); track(r.order_id, true); return;
      }
      if (r.result === "not_found" && n >= 2) { setLive($("#unknown-state"), "unknown_none"); return; }
    } catch (_) { /* retry the read */ }
    await sleep(1500);
  }
}
