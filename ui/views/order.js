// The order tracker under the Buy form: follows an order to completion, offers
// to pay a pending one, and resolves a purchase whose answer was lost.
import { $, html, render, append, busy, sleep } from "../lib/dom.js";
import { errText } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { refresh } from "./dashboard.js";
import { loadPending, outcomeText, showMoneyErr } from "./pending.js";

function showPending(el, orderId, s, keep) {
  el.dataset.status = "6";
  const amount = `${(s.amount || 0).toFixed(2)} ${s.currency || ""}`;
  const pay = html`<button class="btn primary" id="pay-btn">${t("pay", { amount })}</button>`;
  const cancel = html`<button class="btn" id="cancel-order-btn">${t("cancel_order")}</button>`;
  render(el, html`<b>${t("order_pending")}</b> <span id="order-amount">${amount}</span> ${pay} ${cancel}
    <span class="error"></span>`);
  $("#cancel-order-btn").onclick = (ev) => busy(ev.target, async () => {
    try { await api.cancelOrder(orderId); track(orderId, keep); } catch (e) { showMoneyErr($("#order-state .error"), e); }
  });
  // Pay is two steps: the review shows amount, balance and paying account; its
  // single-use confirmation id is what pays.
  $("#pay-btn").onclick = (ev) => busy(ev.target, async () => {
    try {
      const r = await api.payReview(orderId);
      const bal = r.balance == null ? "" : ` · ${t("balance_is", { bal: `${r.balance.toFixed(2)} ${r.currency || ""}` })}`;
      render(el, html`<b>${t("order_pending")}</b> ${t("paid_by", { profile: r.payer.profile, site: r.payer.site })}${bal}
        <button class="btn primary" id="pay-confirm">${t("pay_confirm", { amount: `${r.amount.toFixed(2)} ${r.currency || ""}` })}</button>
        <span class="error"></span>`);
      $("#pay-confirm").onclick = (e2) => busy(e2.target, async () => {
        e2.target.hidden = true; // the confirmation is used once
        try { await api.payOrder(r.confirm_id); track(orderId, keep); }
        catch (e) { showMoneyErr($("#order-state .error"), e); }
      });
    } catch (e) { showMoneyErr($("#order-state .error"), e); }
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
    if (s.status === 4) { el.textContent = t("order_cancelled"); el.dataset.status = "4"; return; }
    if (s.status === 6) { showPending(el, orderId, s, keep); return; }
    render(el, html`<span class="spinner"></span> ${s.text}`);
    await sleep(1200);
  }
}

/** A purchase whose answer was lost: checked from evidence with backoff for
 *  minutes; while unknown the banner stays and buying again is not offered. */
export async function trackUnknown(e) {
  const box = $("#order-tracker");
  box.hidden = false;
  const jid = e.journal_id;
  render(box, html`<h3 id="unknown-state">${t("unknown_checking")}</h3><p class="muted">${e.message}</p>`);
  box.scrollIntoView({ block: "nearest" });
  loadPending();
  if (!jid) return;
  let wait = 1500;
  for (let n = 0; n < 30; n++) {
    try {
      const r = await api.reconcile(jid);
      $("#unknown-state").textContent = outcomeText(r);
      if (r.result === "found") { loadPending(); if (r.order_id) track(r.order_id, true); return; }
      if (r.result === "not_found") { loadPending(); return; }
    } catch (_) { /* retry the read */ }
    await sleep(wait);
    wait = Math.min(wait * 2, 30000);
  }
}
