// Paid actions whose outcome is unknown: a banner until each is resolved from
// evidence (checked at start-up, every 20 s while any is open, and on "Check
// now"), and the inline "pending" error with its own "Check now". Nothing here
// can send a paid request again.
import { $, html, render, busy } from "../lib/dom.js";
import { toast, showErr, errText } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { fmtMoney, fmtDateTime } from "../lib/format.js";
import { sentence } from "../lib/sentences.js";
import { emit, on } from "../lib/bus.js";

let timer = null;
let shown = [];

/** Words the banner again (the instance names arrived, or the language changed). */
export const redrawPending = () => banner(shown);

function banner(list) {
  shown = list;
  const el = $("#pending-banner");
  el.hidden = list.length === 0;
  if (!list.length) { render(el, html``); return; }
  render(el, html`<b>${t("pending_title", { n: list.length })}</b> ${t("pending_explain")}
    <ul>${list.map((p) => html`<li data-pending="${p.journal_id}">
      ${[sentence(p), p.price && fmtMoney(p.price.amount, p.price.currency), p.profile, fmtDateTime(p.time)]
        .filter(Boolean).join(" · ")}
      <button class="btn small" data-check="${p.journal_id}">${t("check")}</button>
      ${p.message ? html`<details><summary>${t("details")}</summary><code>${p.message}</code></details>` : ""}
    </li>`)}</ul>`);
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

/** What the evidence shows, as [key, values] (so a shown result can follow a language switch). */
export function outcomeKey(r) {
  if (r.result === "found") return r.order_id ? ["unknown_found", { id: r.order_id }] : ["unknown_done", {}];
  if (r.result === "not_found") return ["unknown_none", { why: r.evidence || "" }];
  return ["unknown_still", { why: r.message || "" }];
}

export const outcomeText = (r) => t(...outcomeKey(r));

/** Shows an error inline; an unresolved earlier action gets its own "Check now". */
export function showMoneyErr(target, e) {
  if (e && e.kind === "pending" && e.journal_id && target) {
    render(target, html`${errText(e)} <button class="btn small" data-check="${e.journal_id}">${t("check")}</button>`);
  } else showErr(target, e);
  if (e && (e.kind === "pending" || e.kind === "outcome_unknown")) loadPending();
}

// The banner and the unpaid strip, said again in the new language.
on("relabel", () => { renderUnpaid(); loadPending(); });

export function wirePending() {
  document.addEventListener("click", (e) => {
    const id = e.target.dataset && e.target.dataset.check;
    if (id) busy(e.target, () => checkOne(id));
  });
}

/** Orders waiting for payment, with their deadline; each opens its tracker (pay or cancel). */
let unpaid = [];

export async function loadUnpaid() {
  try { unpaid = await api.unpaidOrders(); } catch (_) { /* shown on the next refresh */ }
  renderUnpaid();
}

/** The unpaid-orders strip in the UI language (also after a language switch). */
export function renderUnpaid() {
  const el = $("#unpaid-orders");
  el.hidden = unpaid.length === 0;
  const item = (o) => t("unpaid_item", {
    id: o.order_id, amount: fmtMoney(o.amount ?? 0, o.currency), by: o.pay_by ? fmtDateTime(o.pay_by) : "—",
  });
  render(el, unpaid.length ? html`<b>${t("unpaid_title")}</b> ${unpaid.map((o) => html`<span class="unpaid-order">
    ${item(o)}
    <button type="button" class="btn small" data-unpaid="${o.order_id}">${t("open_order")}</button></span>`)}`
    : html``);
}

document.addEventListener("click", async (e) => {
  const id = e.target.dataset && e.target.dataset.unpaid;
  if (!id) return;
  emit("open-order", id); // answered by the order tracker (views/order.js)
});
