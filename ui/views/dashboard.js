// The instances tab: refresh, filters, table, selection and batch actions.
import { $, $$, html, render } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S, byId } from "../state.js";
import { visibleRows, paintRows } from "./rows.js";
import { showDetail, runAction } from "./detail.js";
import { showRenew } from "../dialogs/renew.js";
import { loadUnpaid } from "./pending.js";

// maxAgeMs > 0 accepts a refresh that started that recently (start-up, switching
// account: the watcher has usually just refreshed); the button always refreshes.
export async function refresh(maxAgeMs = 0) {
  if (S.refreshing) return;
  S.refreshing = true;
  const btn = $("#refresh-btn");
  btn.disabled = true; $(".spinner", btn).hidden = false;
  const t0 = performance.now();
  try {
    const v = await api.refresh(maxAgeMs);
    S.fleet = v.fleet; S.now = v.now; S.site = v.site; S.demo = v.demo;
    const bal = v.fleet.balance;
    $("#balance").textContent = bal != null ? `${t("balance")}: ${bal.toFixed(2)} ${v.fleet.currency || ""}` : "";
    $("#refreshed-at").textContent = t("last_refreshed", { time: new Date().toLocaleTimeString() });
    const probs = v.fleet.problems || [];
    $("#problems").hidden = !probs.length;
    $("#problems").textContent = probs.map((p) => `${p.part}: ${p.message}`).join("\n");
    if (S.demo) $("#demo-now").textContent = t("demo_now", { now: v.now });
    fillFilters();
    renderTable();
    loadUnpaid(); // orders waiting for payment, with their deadline
    document.body.dataset.rendered = String(Math.round(performance.now() - t0));
  } catch (e) {
    showErr(null, e);
  } finally {
    S.refreshing = false; btn.disabled = false; $(".spinner", btn).hidden = true;
  }
}

const STATUS_FILTERS = ["ACTIVE", "SHUTOFF", "FROZEN", "soon", "expired"];
const statusLabel = (s) => (s === "soon" ? t("filter_soon") : s === "expired" ? t("filter_expired") : t("st_" + s));

function fillFilters() {
  const regions = [...new Set((S.fleet?.instances || []).map((i) => i.region))].sort();
  const rs = $("#filter-region"), cur = rs.value;
  render(rs, html`<option value="">${t("all_regions")}</option>${regions.map((r) =>
    html`<option value="${r}">${r}</option>`)}`);
  rs.value = regions.includes(cur) ? cur : "";
  const ss = $("#filter-status"), cs = ss.value;
  render(ss, html`<option value="">${t("all_status")}</option>${STATUS_FILTERS.map((s) =>
    html`<option value="${s}">${statusLabel(s)}</option>`)}`);
  ss.value = cs;
}

const showSelCount = () => {
  $("#sel-count").textContent = S.selected.size ? t("selected", { n: S.selected.size }) : "";
};

export function renderTable() {
  S.rows = visibleRows();
  S.win = null;
  paintRows();
  const total = S.fleet?.instances?.length || 0;
  $("#empty").hidden = S.rows.length > 0 || !S.fleet;
  $("#empty").textContent = total ? t("no_match") : t("empty");
  showSelCount();
  $$("th[data-sort]").forEach((th) => {
    th.classList.toggle("sorted", th.dataset.sort === S.sort.key);
    th.classList.toggle("asc", S.sort.asc);
  });
}

function onRowClick(e) {
  const tr = e.target.closest("tr"); if (!tr) return;
  const id = tr.dataset.id;
  if (e.target.classList.contains("sel")) {
    if (e.target.checked) S.selected.add(id); else S.selected.delete(id);
    showSelCount();
    return;
  }
  if (e.target.classList.contains("copy")) {
    navigator.clipboard?.writeText(e.target.dataset.ip).catch(() => {});
    toast(t("copied", { ip: e.target.dataset.ip }), "ok");
    return;
  }
  const i = byId(id); if (i) showDetail(i);
}

export function wireDashboard() {
  $("#refresh-btn").addEventListener("click", () => refresh());
  for (const id of ["#search", "#filter-region", "#filter-status"]) {
    for (const ev of ["input", "change"]) $(id).addEventListener(ev, renderTable);
  }
  $$("th[data-sort]").forEach((th) => th.addEventListener("click", () => {
    S.sort = { key: th.dataset.sort, asc: S.sort.key === th.dataset.sort ? !S.sort.asc : true };
    renderTable();
  }));
  $(".table-wrap").addEventListener("scroll", () => {
    if (!S.win || S.paintQueued) return;
    S.paintQueued = true;
    requestAnimationFrame(() => { S.paintQueued = false; paintRows(); });
  }, { passive: true });
  $("#instances tbody").addEventListener("click", onRowClick);
  $("#select-all").addEventListener("change", (e) => {
    S.rows.forEach((r) => (e.target.checked ? S.selected.add(r.id) : S.selected.delete(r.id)));
    renderTable();
  });
  $$("[data-batch]").forEach((b) => b.addEventListener("click", () => {
    const ids = [...S.selected]; if (!ids.length) return;
    if (b.dataset.batch === "renew") showRenew(ids.slice(0, 10)); else runAction(ids, b.dataset.batch, false, null);
  }));
}
