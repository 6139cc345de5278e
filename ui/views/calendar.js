// The Calendar tab: the next 12 months of renewals across accounts, monthly totals,
// how far each balance reaches, and exports (.ics, .csv) that Rust writes to the
// place the user picks in the system's save dialog.
import { $, html, render, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { fmtDate, fmtMoney, locale, regionName } from "../lib/format.js";

const money = (amount, currency) => (amount == null ? t("cal_price_unknown") : fmtMoney(amount, currency));

function monthName(key) {
  const [y, m] = key.split("-").map(Number);
  const opts = { year: "numeric", month: "long", timeZone: "UTC" };
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(locale(), opts);
}

/** How far an account's balance reaches, said in the UI language from the outlook's facts. */
function coverage(c) {
  if (c.balance == null) return t("cal_cover_unknown");
  if (!c.short_from) return t("cal_cover_all", { balance: fmtMoney(c.balance, c.currency) });
  const month = monthName(c.short_from);
  return t(c.short_now ? "cal_cover_short_now" : "cal_cover_until", { month });
}

const dueRow = (d) => html`<tr data-due="${d.instance_id}" class="${d.overdue ? "expired" : ""}">
  <td>${fmtDate(d.expire_time)}</td><td>${d.name}</td><td>${regionName(d.region)}</td><td>${d.account}</td>
  <td class="num">${money(d.amount, d.currency)}</td>
  <td>${d.auto_renew ? t("cal_auto") : t("cal_manual")}${d.overdue ? html` · <b>${t("cal_overdue")}</b>` : ""}</td>
</tr>`;

function monthBlock(m, dues) {
  const rows = dues.filter((d) => d.month === m.month && d.currency === m.currency);
  return html`<tbody class="month" data-month="${m.month}">
    <tr class="month-head"><th colspan="4">${monthName(m.month)}</th>
      <th class="num" data-total="${m.month}">${money(m.total, m.currency)}${m.incomplete ? " +" : ""}</th>
      <th></th></tr>
    ${rows.map(dueRow)}</tbody>`;
}

const table = (o) => html`<div class="table-wrap"><table id="calendar-table" aria-label="${t("cal_title")}">
  <thead><tr><th>${t("cal_date")}</th><th>${t("col_name")}</th><th>${t("col_region")}</th>
    <th>${t("log_profile")}</th><th class="num">${t("cal_amount")}</th><th>${t("cal_how")}</th></tr></thead>
  ${o.months.map((m) => monthBlock(m, o.dues))}</table></div>`;

export async function loadCalendar() {
  const box = $("#calendar-body");
  render(box, html`<p class="muted">${t("cal_loading")}</p>`);
  try {
    const v = await api.renewalOutlook();
    const o = v.outlook;
    const cover = o.coverage.map((c) => html`<li data-coverage="${c.account}">
      <span><b>${c.account}</b>: ${coverage(c)}</span></li>`);
    const problems = v.problems.map((p) => html`<li>${p.account}: ${p.message}</li>`);
    render(box, html`
      <ul class="coverage list">${cover}</ul>
      ${problems.length ? html`<div class="problems"><ul class="list">${problems}</ul></div>` : ""}
      ${o.dues.length ? table(o) : html`<p class="empty">${t("cal_none")}</p>`}`);
  } catch (e) { showErr(null, e); }
}

async function exportWith(btn, fn) {
  await busy(btn, async () => {
    try {
      const path = await fn();
      if (path) toast(t("cal_saved", { path }), "ok");
    } catch (e) { showErr(null, e); }
  });
}

export function wireCalendar() {
  $("#cal-refresh").addEventListener("click", (e) => busy(e.currentTarget, loadCalendar));
  $("#export-ics").addEventListener("click", (e) => exportWith(e.currentTarget, api.exportIcs));
  $("#export-csv").addEventListener("click", (e) => exportWith(e.currentTarget, api.exportCsv));
}
