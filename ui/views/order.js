// The order tracker under the Buy form: follows an order to completion, offers
// to pay a pending one, and resolves a purchase whose answer was lost.
import { $, html, render, append, busy, sleep } from "../lib/dom.js";
import { errText, detailsOf } from "../lib/toast.js";
import { api } from "../api.js";
import { t, setLive } from "../i18n.js";
import { fmtMoney, siteName } from "../lib/format.js";
import { on, refreshFleet as refresh } from "../lib/bus.js";
import { loadPending, outcomeKey, showMoneyErr } from "./pending.js";

const processing = () =>
  html`<span class="spinner"></span> <span data-i18n="order_processing">${t("order_processing")}</span>`;

function showPending(el, orderId, s, keep) {
  el.dataset.status = "6";
  const amount = fmtMoney(s.amount || 0, s.currency);
  const pay = html`<button type="button" class="btn primary" id="pay-btn">${t("pay", { amount })}</button>`;
  const cancel = html`<button type="button" class="btn" id="cancel-order-btn">${t("cancel_order")}</button>`;
  render(el, html`<b data-i18n="order_pending">${t("order_pending")}</b> <span id="order-amount">${amount}</span>
    ${pay} ${cancel} <span class="error"></span>`);
  $("#cancel-order-btn").onclick = (ev) => busy(ev.target, async () => {
    try { await api.cancelOrder(orderId); track(orderId, keep); } catch (e) {
      showMoneyErr($("#order-state .error"), e);
    }
  });
  // Pay is two steps: the review shows amount, balance and paying account; its
  // single-use confirmation id is what pays.
  $("#pay-btn").onclick = (ev) => busy(ev.target, async () => {
    try {
      const r = await api.payReview(orderId);
      const bal = r.balance == null ? "" : ` · ${t("balance_is", { bal: fmtMoney(r.balance, r.currency) })}`;
      const payer = t("paid_by", { profile: r.payer.profile, site: siteName(r.payer.site) });
      const label = t("pay_confirm", { amount: fmtMoney(r.amount, r.currency) });
      render(el, html`<b>${t("order_pending")}</b> ${payer}${bal}
        <button type="button" class="btn primary" id="pay-confirm">${label}</button>
        <span class="error"></span>`);
      $("#pay-confirm").onclick = (e2) => busy(e2.target, async () => {
        e2.target.hidden = true; // the confirmation is used once
        try { await api.payOrder(r.confirm_id); track(orderId, keep); }
        catch (e) { showMoneyErr($("#order-state .error"), e); }
      });
    } catch (e) { showMoneyErr($("#order-state .error"), e); }
  });
}

// An order opened from the unpaid strip or from Activity: the Buy tab with its tracker.
on("open-order", (id) => { $(".tabs [data-tab=buy]").click(); return track(id); });

export async function track(orderId, keep = false) {
  const box = $("#order-tracker");
  box.hidden = false;
  const markup = html`<h3 data-i18n="order_title" data-i18n-vars="${JSON.stringify({ id: orderId })}">${
    t("order_title", { id: orderId })}</h3>
    <p id="order-state">${processing()}</p>`;
  if (keep) append(box, markup); else render(box, markup);
  // This tracker's own line: an older tracker still polling must never write into a newer one.
  const el = [...box.querySelectorAll("#order-state")].pop();
  box.scrollIntoView({ block: "nearest" });
  // Rust waits for the order; this tracker only renders what it reports.
  let s;
  try {
    s = await api.waitOrder(orderId, (p) => { if (el.isConnected && p.status === 3) render(el, processing()); });
  } catch (e) { if (el.isConnected) el.textContent = errText(e); return; }
  if (!el.isConnected) return; // replaced by a newer tracker
  if (s.status === 5) {
    setLive(el, "order_done"); el.dataset.status = "5"; await refresh(); return;
  }
  if (s.status === 4) { setLive(el, "order_cancelled"); el.dataset.status = "4"; return; }
  if (s.status === 6) showPending(el, orderId, s, keep);
}

/** A purchase whose answer was lost: checked from evidence with backoff for
 *  minutes; while unknown the banner stays and buying again is not offered. */
export async function trackUnknown(e) {
  const box = $("#order-tracker");
  box.hidden = false;
  const jid = e.journal_id;
  // The app's own words for "the answer was lost" (so they follow a language switch);
  // the journal id and the network error stay behind Details.
  render(box, html`<h3 id="unknown-state" data-i18n="unknown_checking">${t("unknown_checking")}</h3>
    <p class="muted" data-i18n="unknown_explain">${t("unknown_explain")}</p>
    ${detailsOf(e)}`);
  box.scrollIntoView({ block: "nearest" });
  loadPending();
  if (!jid) return;
  let wait = 1500;
  for (let n = 0; n < 30; n++) {
    try {
      const r = await api.reconcile(jid);
      setLive($("#unknown-state"), ...outcomeKey(r));
      if (r.result === "found") { loadPending(); if (r.order_id) track(r.order_id, true); return; }
      if (r.result === "not_found") { loadPending(); return; }
    } catch (_) { /* retry the read */ }
    await sleep(wait);
    wait = Math.min(wait * 2, 30000);
  }
}
