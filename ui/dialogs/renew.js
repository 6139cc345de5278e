// Renewal: a live quote for the chosen period and auto-pay choice; the quote's
// single-use confirmation id is the only thing the confirm button sends, so a
// second click (or a lost answer) cannot renew twice.
import { $, html, render, busy } from "../lib/dom.js";
import { toast } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import * as rules from "../rules.js";
import { byId } from "../state.js";
import { fmtDate, fmtMoney, siteName } from "../lib/format.js";
import { refreshFleet as refresh } from "../lib/bus.js";
import { showMoneyErr } from "../views/pending.js";

/** Huawei's renewal API takes at most this many instances per order. */
export const RENEW_MAX = 10;

export async function showRenew(ids) {
  const names = ids.map(byId).filter(Boolean).map((i) => i.name).join(", ");
  const markup = html`<h2>${t("renew_title", { name: names })}</h2>
    <div class="row"><span>${t("period")}</span>
      <input id="rn-num" type="number" class="num" min="1" max="11" value="1" aria-label="${t("period")}">
      <select id="rn-type" aria-label="${t("period_unit")}"><option value="month">${t("months")}</option>
        <option value="year">${t("years")}</option>
      </select></div>
    <div id="rn-quote" class="card"><span class="spinner"></span></div>
    <label class="row"><input type="checkbox" id="rn-autopay"> ${t("auto_pay")}</label>
    <small class="muted">${t("auto_pay_note")}</small>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}
      <button type="button" class="btn primary" id="rn-confirm" disabled></button></div>`;
  const d = openDialog("#dlg-renew", markup);
  d.dataset.ids = JSON.stringify(ids);
  await quote(d);
}

function quoteTable(q) {
  const cur = q.currency || "";
  const day = (s) => fmtDate(s);
  const bal = q.balance == null ? ""
    : t(q.enough_balance ? "balance_ok" : "balance_low", { bal: fmtMoney(q.balance, cur) });
  return html`<table class="review"><tr><th></th><th>${t("price")}</th><th>${t("now_expiry")}</th>
    <th>${t("new_expiry")}</th></tr>${q.items.map((i) => html`<tr><td>${i.name}</td>
    <td>${fmtMoney(i.amount, cur)}</td><td>${day(i.expire_now)}</td>
    <td><b class="new-expiry">${day(i.expire_new)}</b></td></tr>`)}</table>
    <p><b>${t("price")}: <span id="rn-price">${fmtMoney(q.total, cur)}</span></b></p>
    <p class="${q.enough_balance === false ? "warnbox" : "muted"}">${bal}</p>
    <p class="muted" id="rn-payer">${t("paid_by", { profile: q.payer.profile, site: siteName(q.payer.site) })}</p>`;
}

let quoteSeq = 0;
async function quote(d) {
  const seq = ++quoteSeq; // only the latest quote may enable the button
  const ids = JSON.parse(d.dataset.ids), num = Number($("#rn-num", d).value), type = $("#rn-type", d).value;
  const err = $(".error", d), btn = $("#rn-confirm", d);
  btn.disabled = true; err.textContent = ""; delete d.dataset.cid;
  const max = type === "year" ? 3 : 11;
  $("#rn-num", d).max = max;
  if (!rules.intIn(num, 1, max)) {
    $("#rn-num", d).classList.add("invalid"); err.textContent = t("err_number") + ` (1–${max})`; return;
  }
  $("#rn-num", d).classList.remove("invalid");
  try {
    const q = await api.renewQuote(ids, type, num, $("#rn-autopay", d).checked);
    if (seq !== quoteSeq) return;
    render($("#rn-quote", d), quoteTable(q));
    d.dataset.cid = q.confirm_id;
    btn.textContent = t("confirm_renew", { price: fmtMoney(q.total, q.currency) });
    btn.disabled = false;
  } catch (e) {
    if (seq === quoteSeq) { render($("#rn-quote", d), html``); showMoneyErr(err, e); }
  }
}

async function confirmRenew(d) {
  const cid = d.dataset.cid;
  if (!cid) return;
  delete d.dataset.cid; // used once, whatever happens
  const btn = $("#rn-confirm", d);
  await busy(btn, async () => {
    try {
      const r = await api.renew(cid);
      toast(t("renewed", { orders: r.order_ids.join(", ") }), "ok");
      d.close();
      await refresh();
    } catch (e) {
      showMoneyErr($(".error", d), e);
      if (e.kind === "price_changed") quote(d);
    }
  });
  btn.disabled = !d.dataset.cid;
}

export function wireRenew() {
  const d = $("#dlg-renew");
  d.addEventListener("input", (e) => { if (["rn-num", "rn-type", "rn-autopay"].includes(e.target.id)) quote(d); });
  d.addEventListener("click", (e) => { if (e.target.id === "rn-confirm") confirmRenew(d); });
}
