// The traffic guard in the UI (issue #15): the dashboard's "traffic used" cell, the
// forecast sentence and the detail's guard section. Rust computes the figures
// (FleetView.traffic); this file only words them in the UI language.
import { html } from "../lib/dom.js";
import { t } from "../i18n.js";
import { S } from "../state.js";
import { fmtDateTime, fmtNum, locale } from "../lib/format.js";

export const trafficOf = (i) => S.traffic?.[i.id] || null;

/** "12 Dec" / "12月12日": the run-out day in the UI language (UTC, like the cycle). */
const fmtDay = (v) => new Date(v).toLocaleDateString(locale(), { month: "short", day: "numeric", timeZone: "UTC" });

export function forecastText(tv) {
  const f = tv?.forecast;
  if (!f) return "";
  if (f.kind === "runs_out") return t("tg_runs_out", { date: fmtDay(f.at) });
  if (f.kind === "lasts") return t("tg_lasts", { pct: fmtNum(f.percent_at_end) });
  if (f.kind === "exhausted") return t("tg_exhausted");
  return t("tg_no_data");
}

/** The table cell: a meter of the share used, the percent, the forecast as a tooltip. */
export function trafficCell(i) {
  const tv = trafficOf(i);
  if (!tv) return html`<td class="traffic">—</td>`;
  const pct = tv.percent_used;
  const badge = tv.stopped_by_guard_at
    ? html` <span class="badge warn guard-stopped">${t("tg_stopped_badge")}</span>` : "";
  return html`<td class="traffic" title="${forecastText(tv)}"><meter min="0" max="100" low="70" high="90"
    optimum="0" value="${pct.toFixed(1)}" aria-label="${t("col_traffic_used")}"></meter>
    <span class="pct">${t("tg_used", { pct: fmtNum(pct) })}</span>${badge}</td>`;
}

/** Sort key: the share used (instances without a package last). */
export const trafficSort = (i) => trafficOf(i)?.percent_used ?? -1;

/** The detail's guard section: percent, forecast, the stop's state and its button. */
export function guardSection(i) {
  const tv = trafficOf(i);
  if (!tv) return "";
  const why = tv.stopped_by_guard_at
    ? html`<p class="note warn" id="guard-why" role="status">${t("tg_stopped_why",
      { time: fmtDateTime(tv.stopped_by_guard_at), pct: tv.auto_stop_at ?? "" })}</p>` : "";
  const on = tv.auto_stop_at != null;
  return html`<section class="guard" aria-labelledby="guard-title"><h3 id="guard-title">${t("tg_title")}</h3>
    <p><meter min="0" max="100" low="70" high="90" optimum="0" value="${tv.percent_used.toFixed(1)}"
      aria-hidden="true"></meter> <b id="guard-pct">${t("tg_used", { pct: fmtNum(tv.percent_used) })}</b>
      · <span id="guard-forecast">${forecastText(tv)}</span></p>${why}
    <p><span id="guard-auto">${on ? t("tg_auto_on", { pct: tv.auto_stop_at }) : t("tg_auto_off")}</span>
      <button type="button" class="btn small" data-act="${on ? "autostop-off" : "autostop-on"}">
      ${on ? t("tg_turn_off") : t("tg_turn_on")}</button></p></section>`;
}
