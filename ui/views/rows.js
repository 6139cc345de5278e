// The instance table's rows: filtering, sorting, one row's markup, and the
// windowed painting that keeps large fleets cheap.
import { $, html, render } from "../lib/dom.js";
import { t } from "../i18n.js";
import { S, statusOf } from "../state.js";
import { fmtDate, regionName } from "../lib/format.js";
import { trafficCell, trafficSort } from "./traffic.js";
import { sparkCell, loadSparks } from "./sparks.js";

export function expiryText(i) {
  if (i.stage === "grace") return t("grace", { date: fmtDate(i.freeze_at) });
  if (i.stage === "retention") return t("retention", { date: fmtDate(i.delete_at) });
  if (i.stage === "deleted") return t("deleted");
  if (i.days_left == null) return "—";
  const left = i.days_left === 0 ? t("today") : t("days_left", { n: i.days_left });
  return `${fmtDate(i.expire_time)} · ${left}`;
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
  traffic: trafficSort,
};

export function visibleRows() {
  const q = $("#search").value.trim().toLowerCase();
  const reg = $("#filter-region").value, st = $("#filter-status").value;
  const rows = (S.fleet?.instances || []).filter((i) => matches(i, q, reg, st));
  const val = SORT_VALUE[S.sort.key], dir = S.sort.asc ? 1 : -1;
  rows.sort((a, b) => { const x = val(a), y = val(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
  return rows;
}

export function rowHtml(i) {
  const soon = i.stage === "active" && i.days_left != null && i.days_left <= 7;
  const expired = i.stage === "grace" || i.stage === "retention" || i.stage === "deleted";
  const st = statusOf(i);
  const ip = i.public_ip
    ? html`<span translate="no">${i.public_ip}</span> <button type="button" class="btn small copy"
      data-ip="${i.public_ip}" aria-label="${t("copy_ip", { ip: i.public_ip })}">${t("copy")}</button>` : "—";
  // Enter or Space on a focused row opens it, like a click (wired in dashboard.js).
  return html`<tr data-id="${i.id}" tabindex="0" class="${soon ? "soon" : ""} ${expired ? "expired" : ""}">
    <td><input type="checkbox" class="sel" ${S.selected.has(i.id) ? "checked" : ""}
      aria-label="${t("select_row", { name: i.name })}"></td>
    <td class="name" translate="no">${i.name}</td><td>${regionName(i.region, i.region_name)}</td>
    <td><span class="status"><span class="dot ${st}"></span>${t("st_" + st)}</span></td>
    <td>${ip}</td>
    <td title="${i.spec_code || ""}">${specShort(i)}</td><td translate="no">${i.image || "—"}</td>
    <td class="expiry">${expiryText(i)}</td>
    <td class="auto">${i.auto_renew == null ? "—" : i.auto_renew ? t("on") : t("off")}</td>
    ${trafficCell(i)}${sparkCell(i)}</tr>`;
}

// Large fleets keep only the rows in view (and a margin) in the DOM, with spacer
// rows holding the scroll height: 1,000 rows cost what 60 do, in memory and time.
const WINDOW_FROM = 200, OVERSCAN = 20;
export function paintRows() {
  const rows = S.rows, body = $("#instances tbody");
  if (rows.length <= WINDOW_FROM) { render(body, html`${rows.map(rowHtml)}`); loadSparks(); return; }
  const wrap = $(".table-wrap"), h = S.rowH || 36;
  const first = Math.max(0, Math.floor(wrap.scrollTop / h) - OVERSCAN);
  const last = Math.min(rows.length, first + Math.ceil(wrap.clientHeight / h) + 2 * OVERSCAN);
  if (S.win && S.win[0] === first && S.win[1] === last) return;
  S.win = [first, last];
  const spacer = html`<tr class="spacer" aria-hidden="true"><td colspan="11"></td></tr>`;
  render(body, html`${spacer}${rows.slice(first, last).map(rowHtml)}${spacer}`);
  // Heights through the CSSOM: the CSP refuses inline style attributes.
  body.firstElementChild.firstElementChild.style.height = `${first * h}px`;
  body.lastElementChild.firstElementChild.style.height = `${(rows.length - last) * h}px`;
  loadSparks();
  const tr = body.querySelector("tr[data-id]");
  if (!S.rowH && tr) { S.rowH = tr.getBoundingClientRect().height || 36; S.win = null; paintRows(); }
}
