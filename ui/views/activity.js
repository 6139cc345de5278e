// The Activity tab: the journal of paid and power actions told in sentences
// ("Renewed web-shop for 2 months · USD 16.00 · order CS… · done"), with the account,
// the time in the UI language, outcome badges, filters and a CSV export.
import { $, html, render, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { fmtDateTime, fmtMoney } from "../lib/format.js";
import { sentence } from "../lib/sentences.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { outcomeText, loadPending } from "./pending.js";
import { emit, on } from "../lib/bus.js";

const GROUP = {
  purchase: "purchase", renew: "renew", unsubscribe: "unsubscribe", pay: "pay", cancel_order: "pay",
  start: "power", stop: "power",
  reboot: "power", reset_password: "password", auto_renew: "auto_renew", auto_renew_on: "auto_renew",
  auto_renew_off: "auto_renew",
};
const ACTION_FILTERS = ["purchase", "renew", "unsubscribe", "pay", "power", "password", "auto_renew"];
const OUTCOME_FILTERS = ["succeeded", "failed", "unknown"];
const outcomeOf = (e) => (e.outcome === "sending" ? "unknown" : e.outcome);
const BADGE = { succeeded: "ok", failed: "bad", unknown: "warn" };

let entries = [];

/** The price the person confirmed, when the journal holds one (older entries do not). */
const amountOf = (e) => (e.price ? fmtMoney(e.price.amount, e.price.currency) : "");

function parts(e) {
  // A payment or cancellation names its order in the sentence already.
  const named = e.action === "pay" || e.action === "cancel_order";
  const orders = e.order_ids.length && !named ? t("log_orders", { ids: e.order_ids.join(", ") }) : "";
  return [sentence(e), amountOf(e), orders].filter(Boolean).join(" · ");
}

function entryItem(e) {
  const oc = outcomeOf(e);
  // An unknown outcome gets "Check now"; a placed purchase or renewal opens its order tracker.
  const check = oc === "unknown"
    ? html`<button type="button" class="btn small" data-reconcile="${e.id}">${t("check")}</button>`
    : (e.action === "purchase" || e.action === "renew") && oc === "succeeded" && e.order_ids.length
      ? html`<button type="button" class="btn small" data-order="${e.order_ids[0]}">${t("open_order")}</button>`
      : "";
  return html`<li data-entry="${e.id}" data-outcome="${oc}" data-action="${e.action}">
    <span class="when muted">${fmtDateTime(e.time)}</span>
    <span class="sentence">${parts(e)} · <span class="badge ${BADGE[oc]}">${t("oc_" + oc)}</span>
      ${e.message ? html`<details><summary>${t("details")}</summary><code>${e.message}</code></details>` : ""}</span>
    <span class="muted" translate="no">${e.profile}</span>${check}</li>`;
}

function filtered() {
  const a = $("#log-action").value, o = $("#log-outcome").value;
  return entries.filter((e) => (!a || GROUP[e.action] === a) && (!o || outcomeOf(e) === o));
}

export function renderLog() {
  const a = $("#log-action"), o = $("#log-outcome"), av = a.value, ov = o.value;
  render(a, html`<option value="">${t("log_all_actions")}</option>${ACTION_FILTERS.map((k) =>
    html`<option value="${k}">${t("log_f_" + k)}</option>`)}`);
  render(o, html`<option value="">${t("log_all_outcomes")}</option>${OUTCOME_FILTERS.map((k) =>
    html`<option value="${k}">${t("oc_" + k)}</option>`)}`);
  a.value = av; o.value = ov;
  const shown = filtered();
  render($("#log"), html`${shown.map(entryItem)}`);
  $("#log-empty").hidden = shown.length > 0;
}

export async function loadLog() {
  try {
    entries = await api.activity(); // newest first, as the journal gives them
    renderLog();
  } catch (e) { showErr(null, e); }
}

/** The shown entries as a table in the UI language (a header row, ISO times for sorting);
 * Rust writes it as CSV with the same cell rules as every export. */
export function toRows(list = filtered()) {
  const head = ["log_time", "log_profile", "log_action", "log_what", "log_amount", "log_order", "log_outcome"];
  const rows = list.map((e) => [e.time, e.profile, e.action, sentence(e), amountOf(e), e.order_ids.join(" "),
    t("oc_" + outcomeOf(e))]);
  return [head.map(t), ...rows].map((r) => r.map((c) => String(c ?? "")));
}

on("relabel", () => { if (!$("#tab-log").hidden) renderLog(); });

export function wireActivity() {
  $("#log").addEventListener("click", async (e) => {
    const order = e.target.dataset.order;
    if (order) { // an order waiting for payment can be paid or cancelled from its tracker
      emit("open-order", order);
      return;
    }
    const id = e.target.dataset.reconcile; if (!id) return;
    await busy(e.target, async () => {
      try {
        const r = await api.reconcile(id);
        toast(outcomeText(r));
        loadPending();
      } catch (x) { showErr(null, x); }
      await loadLog();
    });
  });
  for (const id of ["#log-action", "#log-outcome"]) $(id).addEventListener("change", renderLog);
  $("#log-export").addEventListener("click", (ev) => busy(ev.target, async () => {
    try {
      const path = await api.saveExport("activity", toRows());
      if (path) toast(t("exported", { path }), "ok");
    } catch (x) { showErr(null, x); }
  }));
}
