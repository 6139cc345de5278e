// The instances tab: refresh, header figures, filters, table, selection and batch actions.
import { $, $$, html, render } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { confirmStep } from "../lib/dialog.js";
import { fmtMoney, fmtTime, fmtDateTime, regionName } from "../lib/format.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S, byId } from "../state.js";
import { visibleRows, paintRows } from "./rows.js";
import { showDetail, runAction } from "./detail.js";
import { showRenew, RENEW_MAX } from "../dialogs/renew.js";
import { loadUnpaid, redrawPending } from "./pending.js";
import { on } from "../lib/bus.js";

// maxAgeMs > 0 accepts a refresh that started that recently (start-up, switching
// account: the watcher has usually just refreshed); the button always refreshes.
export async function refresh(maxAgeMs = 0) {
  // Asked again while one runs (a watcher event, a finished action): one more after
  // it, so the table never keeps figures read before the reason to refresh.
  if (S.refreshing) { S.refreshAgain = true; return; }
  S.refreshing = true;
  const btn = $("#refresh-btn");
  btn.disabled = true; $(".spinner", btn).hidden = false;
  const t0 = performance.now();
  try {
    const v = await api.refresh(maxAgeMs);
    S.fleet = v.fleet; S.now = v.now; S.site = v.site; S.demo = v.demo; S.refreshedAt = new Date();
    S.traffic = v.traffic; // the traffic guard's figures, by instance id
    S.sparks = {}; // asked again for the rows painted (Rust keeps them five minutes)
    for (const i of v.fleet.instances) { S.names[i.id] = i.name; if (i.server_id) S.names[i.server_id] = i.name; }
    renderHeader();
    fillFilters();
    renderTable();
    loadUnpaid(); // orders waiting for payment, with their deadline
    redrawPending(); // its sentences name instances by the names just read
    document.body.dataset.rendered = String(Math.round(performance.now() - t0));
  } catch (e) {
    showErr(null, e);
  } finally {
    S.refreshing = false; btn.disabled = false; $(".spinner", btn).hidden = true;
    if (S.refreshAgain) { S.refreshAgain = false; refresh(); }
  }
}

/** Balance, "Updated …", problems and the simulated time, in the current language. */
export function renderHeader() {
  const f = S.fleet;
  $("#balance").textContent = f && f.balance != null ? `${t("balance")}: ${fmtMoney(f.balance, f.currency)}` : "";
  $("#refreshed-at").textContent = S.refreshedAt ? t("last_refreshed", { time: fmtTime(S.refreshedAt) }) : "";
  const probs = f?.problems || [];
  $("#problems").hidden = !probs.length;
  render($("#problems"), html`${probs.map((p) => html`<div>${problemText(p)}</div>`)}${probs.length
    ? html`<details><summary>${t("details")}</summary><code>${probs.map((p) => `${p.part}: ${p.message}\n`)}</code>
      </details>` : ""}`);
  if (S.demo && S.now) $("#demo-now").textContent = t("demo_now", { now: fmtDateTime(S.now) });
}

/** A part of the fleet that could not be read, said in the UI language (the raw error goes to Details). */
function problemText(p) {
  const [service, what] = p.part.split(":");
  const part = service === "ecs" ? t("problem_ecs", { region: regionName(what) })
    : ["expiry", "traffic", "balance"].includes(what) ? t(`problem_${what}`) : t("problem_other");
  const hint = { network: "hint_network", timeout: "hint_network", throttled: "hint_throttled", auth: "hint_auth",
    forbidden: "hint_forbidden" }[p.kind] || "hint_other";
  return `${part} ${t(hint)}`;
}

const STATUS_FILTERS = ["ACTIVE", "SHUTOFF", "FROZEN", "soon", "expired"];
const statusLabel = (s) => (s === "soon" ? t("filter_soon") : s === "expired" ? t("filter_expired") : t("st_" + s));

export function fillFilters() {
  const regions = [...new Set((S.fleet?.instances || []).map((i) => i.region))].sort();
  const rs = $("#filter-region"), cur = rs.value;
  render(rs, html`<option value="">${t("all_regions")}</option>${regions.map((r) =>
    html`<option value="${r}">${regionName(r)}</option>`)}`);
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
    const on = th.dataset.sort === S.sort.key;
    if (on) th.setAttribute("aria-sort", S.sort.asc ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
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

function onRowKey(e) {
  const tr = e.target.closest("tr[data-id]");
  if (!tr) return;
  if ((e.key === "Enter" || e.key === " ") && e.target === tr) {
    e.preventDefault();
    const i = byId(tr.dataset.id); if (i) showDetail(i);
  } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    const next = e.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling;
    if (next && next.dataset.id) { e.preventDefault(); next.focus(); }
  }
}

const names = (ids) => ids.map(byId).filter(Boolean).map((i) => i.name).join(", ");

async function batch(kind) {
  const ids = [...S.selected]; if (!ids.length) { toast(t("select_first")); return; }
  if (kind === "renew") {
    // The renewal API takes at most RENEW_MAX instances per order: say so, keep the rest selected.
    const now = ids.slice(0, RENEW_MAX);
    const rest = ids.length - RENEW_MAX;
    if (rest > 0) toast(t("renew_limit", { max: RENEW_MAX, n: ids.length, rest }));
    return showRenew(now);
  }
  const what = t(kind);
  const ok = await confirmStep(t("confirm_batch", { what, n: ids.length, names: names(ids) }), what, kind !== "start");
  if (ok) runAction(ids, kind, false, null);
}

function sortBy(key) {
  S.sort = { key, asc: S.sort.key === key ? !S.sort.asc : true };
  renderTable();
}

// Asked for by dialogs and other views (lib/bus.js), and said again in a new language.
on("refresh", refresh);
on("relabel", () => { renderHeader(); if (S.fleet) fillFilters(); renderTable(); });

export function wireDashboard() {
  $("#refresh-btn").addEventListener("click", () => refresh());
  for (const id of ["#search", "#filter-region", "#filter-status"]) {
    for (const ev of ["input", "change"]) $(id).addEventListener(ev, renderTable);
  }
  $$("th[data-sort]").forEach((th) => th.addEventListener("click", () => sortBy(th.dataset.sort)));
  $(".table-wrap").addEventListener("scroll", () => {
    if (!S.win || S.paintQueued) return;
    S.paintQueued = true;
    requestAnimationFrame(() => { S.paintQueued = false; paintRows(); });
  }, { passive: true });
  $("#instances tbody").addEventListener("click", onRowClick);
  $("#instances tbody").addEventListener("keydown", onRowKey);
  $("#select-all").addEventListener("change", (e) => {
    S.rows.forEach((r) => (e.target.checked ? S.selected.add(r.id) : S.selected.delete(r.id)));
    renderTable();
  });
  $$("[data-batch]").forEach((b) => b.addEventListener("click", () => batch(b.dataset.batch)));
}
