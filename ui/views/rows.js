// The instance table's rows: filtering, sorting, one row's markup, and the
// windowed painting that keeps large fleets cheap.
import { $, html, render } from "../lib/dom.js";
import { t } from "../i18n.js";
import { S, statusOf } from "../state.js";

export function expiryText(i) {
  if (i.stage === "grace") return t("grace", { date: (i.freeze_at || "").slice(0, 10) });
  if (i.stage === "retention") return t("retention", { date: (i.delete_at || "").slice(0, 10) });
  if (i.stage === "deleted") return t("deleted");
  if (i.days_left == null) return "—";
  const left = i.days_left === 0 ? t("today") : t("days_left", { n: i.days_left });
  return `${(i.expire_time || "").slice(0, 10)} · ${left}`;
}

export const specText = (i) => (i.spec
  ? `${i.spec.vcpus} vCPU · ${i.spec.memory_gib} GiB · ${i.spec.disk_gib} GiB · ${i.spec.bandwidth_mbps} Mbit/s`
  : i.spec_code || "—");
const specShort = (i) => (i.spec ? `${i.spec.vcpus} vCPU · ${i.spec.memory_gib} GiB` : i.spec_code || "—");

function matches(i, q, reg, st) {
  if (reg && i.region !== reg) return false;
  if (st === "soon" && !(i.stage === "active" && i.days_left <= 7)) return false;
  if (st === "expired" && !(i.stage === "grace" || i.stage === "retention")) return false;
  if (st && !["soon", "expired"].includes(st) && statusOf(i) !== st) return false;
  if (q && !`${i.name} ${i.public_ip || ""} ${i.id} ${i.region}`.toLowerCase().includes(q)) return false;
  return true;
}

const SORT_VALUE = {
  name: (i) => i.name, region: (i) => i.region, status: statusOf, spec: (i) => i.spec?.memory_gib ?? 0,
  image: (i) => i.image || "", days: (i) => i.days_left ?? 1e9,
  traffic: (i) => (i.traffic_total_gb ? i.traffic_left_gb / i.traffic_total_gb : 2),
};

export function visibleRows() {
  const q = $("#search").value.trim().toLowerCase();
  const reg = $("#filter-region").value, st = $("#filter-status").value;
  const rows = (S.fleet?.instances || []).filter((i) => matches(i, q, reg, st));
  const val = SORT_VALUE[S.sort.key], dir = S.sort.asc ? 1 : -1;
  rows.sort((a, b) => { const x = val(a), y = val(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
  return rows;
}

function trafficCell(i) {
  if (!i.traffic_total_gb) return html`<td>—</td>`;
  const pct = Math.max(0, i.traffic_left_gb / i.traffic_total_gb);
  const left = Math.round(i.traffic_left_gb);
  return html`<td title="${left} / ${Math.round(i.traffic_total_gb)} GB"><meter min="0" max="1" low="0.2"
    high="0.5" optimum="1" value="${pct.toFixed(3)}"></meter> ${left} GB</td>`;
}

export function rowHtml(i) {
  const soon = i.stage === "active" && i.days_left != null && i.days_left <= 7;
  const expired = i.stage === "grace" || i.stage === "retention" || i.stage === "deleted";
  const st = statusOf(i);
  const ip = i.public_ip
    ? html`${i.public_ip} <button class="btn small copy" data-ip="${i.public_ip}">${t("copy")}</button>` : "—";
  return html`<tr data-id="${i.id}" class="${soon ? "soon" : ""} ${expired ? "expired" : ""}">
    <td><input type="checkbox" class="sel" ${S.selected.has(i.id) ? "checked" : ""} aria-label="select"></td>
    <td class="name">${i.name}</td><td>${i.region_name}</td>
    <td><span class="status"><span class="dot ${st}"></span>${t("st_" + st)}</span></td>
    <td>${ip}</td>
    <td title="${i.spec_code || ""}">${specShort(i)}</td><td>${i.image || "—"}</td>
    <td class="expiry">${expiryText(i)}</td>
    <td class="auto">${i.auto_renew == null ? "—" : i.auto_renew ? t("on") : t("off")}</td>
    ${trafficCell(i)}</tr>`;
}

// Large fleets keep only the rows in view (and a margin) in the DOM, with spacer
// rows holding the scroll height: 1,000 rows cost what 60 do, in memory and time.
const WINDOW_FROM = 200, OVERSCAN = 20;
export function paintRows() {
  const rows = S.rows, body = $("#instances tbody");
  if (rows.length <= WINDOW_FROM) { render(body, html`${rows.map(rowHtml)}`); return; }
  const wrap = $(".table-wrap"), h = S.rowH || 36;
  const first = Math.max(0, Math.floor(wrap.scrollTop / h) - OVERSCAN);
  const last = Math.min(rows.length, first + Math.ceil(wrap.clientHeight / h) + 2 * OVERSCAN);
  if (S.win && S.win[0] === first && S.win[1] === last) return;
  S.win = [first, last];
  const spacer = html`<tr class="spacer" aria-hidden="true"><td colspan="10"></td></tr>`;
  render(body, html`${spacer}${rows.slice(first, last).map(rowHtml)}${spacer}`);
  // Heights through the CSSOM: the CSP refuses inline style attributes.
  body.firstElementChild.firstElementChild.style.height = `${first * h}px`;
  body.lastElementChild.firstElementChild.style.height = `${(rows.length - last) * h}px`;
  const tr = body.querySelector("tr[data-id]");
  if (!S.rowH && tr) { S.rowH = tr.getBoundingClientRect().height || 36; S.win = null; paintRows(); }
}
