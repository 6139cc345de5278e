// The Activity tab: the journal of paid actions and a "check now" for unknown outcomes.
import { $, html, render, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { outcomeText, loadPending } from "./pending.js";
import { track } from "./order.js";

function entryRow(e) {
  const orders = e.order_ids.length ? " · " + e.order_ids.join(", ") : "";
  const check = e.outcome === "unknown" || e.outcome === "sending"
    ? html`<button class="btn small" data-reconcile="${e.id}">${t("check")}</button>`
    : (e.action === "purchase" || e.action === "renew") && e.outcome === "succeeded" && e.order_ids.length
      ? html`<button class="btn small" data-order="${e.order_ids[0]}">${t("open_order")}</button>` : "";
  return html`<tr data-entry="${e.id}"><td>${e.time}</td><td>${e.profile}</td><td>${e.action}</td>
    <td class="params">${JSON.stringify(e.params).slice(0, 160)}${orders}</td>
    <td>${t("oc_" + e.outcome)}${e.message ? html`<br><small class="muted">${e.message}</small>` : ""}</td>
    <td>${check}</td></tr>`;
}

export async function loadLog() {
  try {
    const entries = await api.activity();
    render($("#log tbody"), html`${entries.map(entryRow)}`);
  } catch (e) { showErr(null, e); }
}

export function wireActivity() {
  $("#log").addEventListener("click", async (e) => {
    const order = e.target.dataset.order;
    if (order) { // an order waiting for payment can be paid or cancelled from its tracker
      $(".tabs [data-tab=buy]").click();
      track(order);
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
}
