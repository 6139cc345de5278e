// The detail's health charts (issue #15): CPU, network in/out and disk I/O from
// Cloud Eye for 24 h or 7 days, each with Rust's plain-language summary.
import { $, html, render, busy } from "../lib/dom.js";
import { lineChart } from "../lib/chart.js";
import { api } from "../api.js";
import { t } from "../i18n.js";

const LABEL = { cpu_util: "hc_cpu", network_incoming_bytes_rate_inband: "hc_net_in",
  network_outgoing_bytes_rate_inband: "hc_net_out", disk_read_bytes_rate: "hc_disk_read",
  disk_write_bytes_rate: "hc_disk_write" };

// Shown when asked for (the detail's "Health" button): opening the detail, which every
// action re-renders, costs no Cloud Eye calls and its layout stays as it was.
const sectionHtml = () => html`<section class="health" id="health" aria-labelledby="health-title">
  <h3 id="health-title">${t("hc_title")}</h3>
  <div class="seg" role="group" aria-label="${t("hc_range")}">
    <button type="button" class="btn small" data-hours="24" aria-pressed="true">${t("hc_24h")}</button>
    <button type="button" class="btn small" data-hours="168" aria-pressed="false">${t("hc_7d")}</button></div>
  <div id="health-body" aria-live="polite"><p class="muted">${t("hc_loading")}</p></div></section>`;

export const healthSection = () => html`<div id="health-slot"></div>`;

function chartsHtml(v) {
  const h = v.health;
  if (h.state === "not_permitted") return html`<p class="note warn" id="health-note">${v.note}</p>`;
  if (h.state === "no_data") return html`<p class="muted" id="health-note">${t("hc_no_data")}</p>`;
  // Rust writes one sentence per metric with data, in the series' order.
  return html`${h.series.filter((s) => s.points.length).map((s, k) => {
    const sentence = h.summaries[k] || "";
    const pts = s.points.map((p) => ({ t: p.timestamp, v: p.average }));
    return html`<figure class="metric" data-metric="${s.metric}"><figcaption>${t(LABEL[s.metric] || s.metric)}
      </figcaption>${lineChart(pts, { label: sentence, max: s.unit === "%" ? 100 : undefined })}
      <p class="summary">${sentence}</p></figure>`;
  })}`;
}

export async function loadHealth(i, hours = 24) {
  const body = $("#health-body");
  if (!body) return;
  document.querySelectorAll(".health [data-hours]").forEach((b) =>
    b.setAttribute("aria-pressed", String(Number(b.dataset.hours) === hours)));
  try {
    const v = await api.health(i.id, hours);
    if ($("#health-body") === body) render(body, chartsHtml(v));
  } catch (e) {
    render(body, html`<p class="error">${e.message || String(e)}</p>`);
  }
}

/** Shows the charts under the detail (once) and loads the last 24 hours. */
export function showHealth(d, i) {
  const slot = $("#health-slot", d);
  if (!slot.firstElementChild) {
    render(slot, sectionHtml());
    slot.querySelectorAll("[data-hours]").forEach((b) => {
      b.onclick = () => busy(b, () => loadHealth(i, Number(b.dataset.hours)));
    });
  }
  $("#health-title", d).scrollIntoView({ block: "nearest" });
  return loadHealth(i, 24);
}
