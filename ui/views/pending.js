// Paid actions whose outcome is unknown: a banner until each is resolved from
// evidence (checked at start-up, every 20 s while any is open, and on "Check
// now"), and the inline "pending" error with its own "Check now". Nothing here
// can send a paid request again.
import { $, html, render, busy } from "../lib/dom.js";
import { toast, showErr, errText } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";

let timer = null;

function banner(list) {
  const el = $("#pending-banner");
  el.hidden = list.length === 0;
  if (!list.length) { render(el, html``); return; }
  render(el, html`<b>${t("pending_title", { n: list.length })}</b> ${t("pending_explain")}
    <ul>${list.map((p) => html`<li data-pending="${p.journal_id}">${p.what} · ${p.profile} · ${p.time}
      ${p.message ? html`<small class="muted"> — ${p.message}</small>` : ""}
      <button class="btn small" data-check="${p.journal_id}">${t("check")}</button></li>`)}</ul>`);
}

/** Re-reads the unresolved entries (no network) and keeps polling while any is open. */
export async function loadPending() {
  let list = [];
  try { list = await api.pendingActions(); } catch (_) { /* keep the last banner */ }
  banner(list);
  clearTimeout(timer);
  if (list.length) timer = setTimeout(checkAll, 20000);
}

/** Checks every unresolved entry against the cloud (start-up recovery). */
export async function checkAll() {
  try { banner(await api.checkPending()); } catch (_) { /* network: try again later */ }
  await loadPending();
}

/** One "Check now": says what the evidence shows, never "buy again". */
export async function checkOne(journalId) {
  try {
    const r = await api.reconcile(journalId);
    toast(outcomeText(r), r.result === "found" ? "ok" : "info");
  } catch (e) { showErr(null, e); }
  await loadPending();
}

export function outcomeText(r) {
  if (r.result === "found") return r.order_id ? t("unknown_found", { id: r.order_id }) : t("unknown_done");
  if (r.result === "not_found") return t("unknown_none", { why: r.evidence || "" });
  return t("unknown_still", { why: r.message || "" });
}

/** Shows an error inline; an unresolved earlier action gets its own "Check now". */
export function showMoneyErr(target, e) {
  if (e && e.kind === "pending" && e.journal_id && target) {
    render(target, html`${errText(e)} <button class="btn small" data-check="${e.journal_id}">${t("check")}</button>`);
  } else showErr(target, e);
  if (e && (e.kind === "pending" || e.kind === "outcome_unknown")) loadPending();
}

export function wirePending() {
  document.addEventListener("click", (e) => {
    const id = e.target.dataset && e.target.dataset.check;
    if (id) busy(e.target, () => checkOne(id));
  });
}

/** Orders waiting for payment, with their deadline; each opens its tracker (pay or cancel). */
export async function loadUnpaid() {
  const el = $("#unpaid-orders");
  let list = [];
  try { list = await api.unpaidOrders(); } catch (_) { /* shown on the next refresh */ }
  el.hidden = list.length === 0;
  render(el, list.length ? html`<b>${t("unpaid_title")}</b> ${list.map((o) => html`<span class="unpaid-order">
    ${t("unpaid_item", { id: o.order_id, amount: `${(o.amount ?? 0).toFixed(2)} ${o.currency || ""}`, by: (o.pay_by || "").slice(0, 16).replace("T", " ") })}
    <button class="btn small" data-unpaid="${o.order_id}">${t("open_order")}</button></span>`)}` : html``);
}

document.addEventListener("click", async (e) => {
  const id = e.target.dataset && e.target.dataset.unpaid;
  if (!id) return;
  const { track } = await import("./order.js");
  $(".tabs [data-tab=buy]").click();
  track(id);
});
