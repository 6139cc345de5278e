// The dashboard's CPU sparklines (issue #15): asked for only for the rows painted
// (the table paints just the rows in view for large fleets), in one batch, and kept
// in S.sparks; Rust caches them too. A row without data shows a dash.
import { $, html, render } from "../lib/dom.js";
import { lineChart } from "../lib/chart.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S } from "../state.js";

const cellMarkup = (i) => {
  const v = S.sparks?.[i.id];
  if (!v) return "";
  if (!v.length) return "—";
  const avg = v.reduce((a, b) => a + b, 0) / v.length;
  const label = t("spark_label", { name: i.name, avg: Math.round(avg), max: Math.round(Math.max(...v)) });
  return lineChart(v.map((y, k) => ({ t: k, v: y })), { w: 80, h: 20, label, max: 100 });
};

export const sparkCell = (i) => html`<td class="spark">${cellMarkup(i)}</td>`;

let timer = null;
/** After a paint: fetch the painted rows' sparklines not known yet, then fill their cells. */
export function loadSparks() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    S.sparks = S.sparks || {};
    const ids = [...document.querySelectorAll("#instances tbody tr[data-id]")].map((r) => r.dataset.id)
      .filter((id) => !(id in S.sparks)).slice(0, 200);
    if (!ids.length) return;
    try {
      Object.assign(S.sparks, await api.sparklines(ids));
    } catch (_) {
      ids.forEach((id) => { S.sparks[id] = []; }); // Cloud Eye unreachable: a dash, nothing else
    }
    for (const id of ids) {
      const td = $(`#instances tbody tr[data-id="${CSS.escape(id)}"] td.spark`);
      const i = (S.fleet?.instances || []).find((x) => x.id === id);
      if (td && i) render(td, html`${cellMarkup(i)}`);
    }
  }, 150);
}
