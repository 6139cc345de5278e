// Flexus Desk UI. All data comes from Rust commands through api.js; nothing here
// sees credentials. Rendering uses escaped strings only.
import { api } from "./api.js";
import { t, setLang, getLang, translatePage } from "./i18n.js";
import * as rules from "./rules.js";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const S = { settings: null, profiles: [], fleet: null, site: "intl", demo: true, rows: [], selected: new Set(), sort: { key: "days", asc: true }, catalog: null, specs: [], refreshing: false };
window.__flexus = S; // read-only handle for end-to-end tests (no secrets live here)

// ---------- feedback ----------
function toast(msg, kind = "info") {
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = msg;
  el.dataset.test = "toast";
  $("#toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 9000 : 4500);
}
const errText = (e) => (e && e.message) || String(e);
function showErr(target, e) { if (target) target.textContent = errText(e); else toast(errText(e), "error"); }

async function busy(btn, fn) {
  if (btn) btn.disabled = true;
  try { return await fn(); } finally { if (btn) btn.disabled = false; }
}

// ---------- theme & language ----------
function applyTheme() {
  const th = S.settings?.theme || "system";
  const dark = th === "dark" || (th === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}
function applyLang() {
  setLang(S.settings?.language || "en");
  translatePage();
  $("#name-rule").textContent = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
  renderTable();
}

// ---------- header & profiles ----------
async function loadProfiles() {
  S.profiles = await api.profiles();
  const sel = $("#profile-select");
  sel.innerHTML = S.profiles.map((p) => `<option value="${esc(p.name)}" ${p.active ? "selected" : ""}>${esc(p.name)}${p.demo ? "" : " · " + esc(p.masked_ak)}</option>`).join("");
  const active = S.profiles.find((p) => p.active) || S.profiles[0];
  S.site = active.site;
  S.demo = active.demo;
  $("#demo-badge").hidden = !S.demo;
  $("#demo-clock").hidden = !S.demo;
  $("#site-badge").textContent = active.site === "cn" ? t("site_cn") : t("site_intl");
  $("#profile-list").innerHTML = S.profiles.map((p) => `<li data-profile="${esc(p.name)}"><b>${esc(p.name)}</b> <span class="muted">${esc(p.demo ? t("demo_badge") : (p.site === "cn" ? t("site_cn") : t("site_intl")) + " · " + p.masked_ak + (p.account_name ? " · " + p.account_name : ""))}</span>
    ${p.active ? `<span class="badge">${t("active")}</span>` : `<button class="btn small" data-use="${esc(p.name)}">${t("use")}</button>`}
    ${p.demo ? "" : `<button class="btn small" data-remove="${esc(p.name)}">${t("remove")}</button>`}</li>`).join("");
  $("#name-rule").textContent = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
}

async function switchProfile(name) {
  await api.useProfile(name);
  S.fleet = null; S.rows = []; S.selected.clear(); S.catalog = null;
  await loadProfiles();
  renderTable();
  await refresh(30000);
  await loadCatalog();
}

// ---------- dashboard ----------
// maxAgeMs > 0 accepts a refresh that started that recently (start-up, switching
// account: the watcher has usually just refreshed); the button always refreshes.
async function refresh(maxAgeMs = 0) {
  if (S.refreshing) return;
  S.refreshing = true;
  const btn = $("#refresh-btn");
  btn.disabled = true; $(".spinner", btn).hidden = false;
  const t0 = performance.now();
  try {
    const v = await api.refresh(maxAgeMs);
    S.fleet = v.fleet; S.now = v.now; S.site = v.site; S.demo = v.demo;
    $("#balance").textContent = v.fleet.balance != null ? `${t("balance")}: ${v.fleet.balance.toFixed(2)} ${v.fleet.currency || ""}` : "";
    $("#refreshed-at").textContent = t("last_refreshed", { time: new Date().toLocaleTimeString() });
    const probs = v.fleet.problems || [];
    $("#problems").hidden = !probs.length;
    $("#problems").textContent = probs.map((p) => `${p.part}: ${p.message}`).join("\n");
    if (S.demo) $("#demo-now").textContent = t("demo_now", { now: v.now });
    fillFilters();
    renderTable();
    document.body.dataset.rendered = String(Math.round(performance.now() - t0));
  } catch (e) {
    showErr(null, e);
  } finally {
    S.refreshing = false; btn.disabled = false; $(".spinner", btn).hidden = true;
  }
}

function fillFilters() {
  const regions = [...new Set((S.fleet?.instances || []).map((i) => i.region))].sort();
  const rs = $("#filter-region"), cur = rs.value;
  rs.innerHTML = `<option value="">${t("all_regions")}</option>` + regions.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join("");
  rs.value = regions.includes(cur) ? cur : "";
  const ss = $("#filter-status"), cs = ss.value;
  ss.innerHTML = `<option value="">${t("all_status")}</option>` + ["ACTIVE", "SHUTOFF", "FROZEN", "soon", "expired"].map((s) => `<option value="${s}">${s === "soon" ? t("filter_soon") : s === "expired" ? t("filter_expired") : t("st_" + s)}</option>`).join("");
  ss.value = cs;
}

const statusOf = (i) => (i.frozen ? "FROZEN" : i.status);
function expiryText(i) {
  if (i.stage === "grace") return t("grace", { date: (i.freeze_at || "").slice(0, 10) });
  if (i.stage === "retention") return t("retention", { date: (i.delete_at || "").slice(0, 10) });
  if (i.stage === "deleted") return t("deleted");
  if (i.days_left == null) return "—";
  return `${(i.expire_time || "").slice(0, 10)} · ${i.days_left === 0 ? t("today") : t("days_left", { n: i.days_left })}`;
}
const specText = (i) => (i.spec ? `${i.spec.vcpus} vCPU · ${i.spec.memory_gib} GiB · ${i.spec.disk_gib} GiB · ${i.spec.bandwidth_mbps} Mbit/s` : i.spec_code || "—");
const specShort = (i) => (i.spec ? `${i.spec.vcpus} vCPU · ${i.spec.memory_gib} GiB` : i.spec_code || "—");

function visibleRows() {
  const q = $("#search").value.trim().toLowerCase();
  const reg = $("#filter-region").value, st = $("#filter-status").value;
  let rows = (S.fleet?.instances || []).filter((i) => {
    if (reg && i.region !== reg) return false;
    if (st === "soon" && !(i.stage === "active" && i.days_left <= 7)) return false;
    if (st === "expired" && !(i.stage === "grace" || i.stage === "retention")) return false;
    if (st && !["soon", "expired"].includes(st) && statusOf(i) !== st) return false;
    if (q && !`${i.name} ${i.public_ip || ""} ${i.id} ${i.region}`.toLowerCase().includes(q)) return false;
    return true;
  });
  const k = S.sort.key, dir = S.sort.asc ? 1 : -1;
  const val = (i) => ({ name: i.name, region: i.region, status: statusOf(i), spec: i.spec?.memory_gib ?? 0, image: i.image || "", days: i.days_left ?? 1e9, traffic: i.traffic_total_gb ? i.traffic_left_gb / i.traffic_total_gb : 2 })[k];
  rows.sort((a, b) => { const x = val(a), y = val(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
  return rows;
}

function rowHtml(i) {
  const soon = i.stage === "active" && i.days_left != null && i.days_left <= 7;
  const expired = i.stage === "grace" || i.stage === "retention" || i.stage === "deleted";
  const pct = i.traffic_total_gb ? Math.max(0, i.traffic_left_gb / i.traffic_total_gb) : null;
  const st = statusOf(i);
  return `<tr data-id="${esc(i.id)}" class="${soon ? "soon" : ""} ${expired ? "expired" : ""}">
    <td><input type="checkbox" class="sel" ${S.selected.has(i.id) ? "checked" : ""} aria-label="select"></td>
    <td class="name">${esc(i.name)}</td><td>${esc(i.region_name)}</td>
    <td><span class="status"><span class="dot ${esc(st)}"></span>${esc(t("st_" + st))}</span></td>
    <td>${i.public_ip ? `${esc(i.public_ip)} <button class="btn small copy" data-ip="${esc(i.public_ip)}">${t("copy")}</button>` : "—"}</td>
    <td title="${esc(i.spec_code || "")}">${esc(specShort(i))}</td><td>${esc(i.image || "—")}</td>
    <td class="expiry">${esc(expiryText(i))}</td>
    <td class="auto">${i.auto_renew == null ? "—" : i.auto_renew ? t("on") : t("off")}</td>
    <td${pct == null ? "" : ` title="${Math.round(i.traffic_left_gb)} / ${Math.round(i.traffic_total_gb)} GB"`}>${pct == null ? "—" : `<meter min="0" max="1" low="0.2" high="0.5" optimum="1" value="${pct.toFixed(3)}"></meter> ${Math.round(i.traffic_left_gb)} GB`}</td></tr>`;
}

function renderTable() {
  S.rows = visibleRows();
  S.win = null;
  paintRows();
  const total = S.fleet?.instances?.length || 0;
  $("#empty").hidden = S.rows.length > 0 || !S.fleet;
  $("#empty").textContent = total ? t("no_match") : t("empty");
  $("#sel-count").textContent = S.selected.size ? t("selected", { n: S.selected.size }) : "";
  $$("th[data-sort]").forEach((th) => { th.classList.toggle("sorted", th.dataset.sort === S.sort.key); th.classList.toggle("asc", S.sort.asc); });
}

// Large fleets keep only the rows in view (and a margin) in the DOM, with spacer
// rows holding the scroll height: 1,000 rows cost what 60 do, in memory and time.
const WINDOW_FROM = 200, OVERSCAN = 20;
function paintRows() {
  const rows = S.rows, body = $("#instances tbody");
  if (rows.length <= WINDOW_FROM) { body.innerHTML = rows.map(rowHtml).join(""); return; }
  const wrap = $(".table-wrap"), h = S.rowH || 36;
  const first = Math.max(0, Math.floor(wrap.scrollTop / h) - OVERSCAN);
  const last = Math.min(rows.length, first + Math.ceil(wrap.clientHeight / h) + 2 * OVERSCAN);
  if (S.win && S.win[0] === first && S.win[1] === last) return;
  S.win = [first, last];
  const spacer = `<tr class="spacer" aria-hidden="true"><td colspan="10"></td></tr>`;
  body.innerHTML = spacer + rows.slice(first, last).map(rowHtml).join("") + spacer;
  // Heights through the CSSOM: the CSP refuses inline style attributes.
  body.firstElementChild.firstElementChild.style.height = `${first * h}px`;
  body.lastElementChild.firstElementChild.style.height = `${(rows.length - last) * h}px`;
  const tr = body.querySelector("tr[data-id]");
  if (!S.rowH && tr) { S.rowH = tr.getBoundingClientRect().height || 36; S.win = null; paintRows(); }
}

const byId = (id) => (S.fleet?.instances || []).find((i) => i.id === id);

// ---------- dialogs ----------
function openDialog(id, html) {
  const d = $(id);
  if (html !== undefined) $(".body", d).innerHTML = html;
  if (!d.open) d.showModal();
  return d;
}
const closeBtn = () => `<button class="btn" data-close>${t("close")}</button>`;

function showDetail(i) {
  const f = (k, v) => `<dt>${t(k)}</dt><dd>${esc(v ?? "—")}</dd>`;
  const html = `<h2>${esc(t("detail_title", { name: i.name }))}</h2>
    <dl class="fields">${f("col_status", t("st_" + statusOf(i)))}${f("col_region", i.region_name)}${f("f_id", i.id)}${f("f_server", i.server_id)}
    ${f("col_ip", i.public_ip)}${f("f_private_ip", i.private_ip)}${f("f_hostname", i.hostname)}${f("col_spec", specText(i))}${f("col_image", i.image)}
    ${f("f_order", i.order_id)}${f("f_expire", i.expire_time)}${f("f_freeze", i.freeze_at)}${f("f_delete", i.delete_at)}
    ${f("col_traffic", i.traffic_total_gb ? `${Math.round(i.traffic_left_gb)} / ${Math.round(i.traffic_total_gb)} GB` : null)}${f("f_traffic_cycle", i.traffic_cycle_end)}${f("f_desc", i.description)}</dl>
    <label class="row"><input type="checkbox" id="auto-toggle" ${i.auto_renew ? "checked" : ""}> ${t("auto_renew_label")} <small class="muted">${t("auto_renew_note")}</small></label>
    <div class="detail-actions">
      <button class="btn" data-act="start">${t("start")}</button>
      <button class="btn" data-act="stop">${t("stop_soft")}</button>
      <button class="btn" data-act="stop-hard">${t("stop_hard")}</button>
      <button class="btn" data-act="reboot">${t("reboot")}</button>
      <button class="btn" data-act="password">${t("reset_pw")}</button>
      <button class="btn" data-act="edit">${t("edit")}</button>
      <button class="btn primary" data-act="renew">${t("renew")}</button>
      <button class="btn danger" data-act="unsub">${t("unsubscribe")}</button>
    </div><p class="error" role="alert"></p><p class="ok" id="job-line"></p><div class="actions">${closeBtn()}</div>`;
  const d = openDialog("#dlg-detail", html);
  d.dataset.id = i.id;
}

async function runAction(ids, action, hard, line) {
  const what = t(action === "stop" ? "stop" : action);
  try {
    const jobs = await api.serverAction(ids, action, hard);
    if (line) line.textContent = t("job_running", { what });
    for (const j of jobs) {
      for (let n = 0; n < 300; n++) {
        const s = await api.jobStatus(j.region, j.job_id);
        if (s.status === "SUCCESS") break;
        if (s.status === "FAIL") throw { message: t("job_failed", { what, why: s.failure || "" }) };
        await new Promise((r) => setTimeout(r, 700));
      }
    }
    toast(t("job_done", { what }), "ok");
    await refresh();
    return t("job_done", { what });
  } catch (e) { showErr(line ? line.previousElementSibling : null, e); if (line) line.textContent = ""; }
}

// Renewal
async function showRenew(ids) {
  const items = ids.map(byId).filter(Boolean);
  const names = items.map((i) => i.name).join(", ");
  const html = `<h2>${esc(t("renew_title", { name: names }))}</h2>
    <div class="row"><span>${t("period")}</span><input id="rn-num" type="number" class="num" min="1" max="11" value="1"><select id="rn-type"><option value="month">${t("months")}</option><option value="year">${t("years")}</option></select></div>
    <div id="rn-quote" class="card"><span class="spinner"></span></div>
    <label class="row"><input type="checkbox" id="rn-autopay"> ${t("auto_pay")}</label><small class="muted">${t("auto_pay_note")}</small>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}<button class="btn primary" id="rn-confirm" disabled></button></div>`;
  const d = openDialog("#dlg-renew", html);
  d.dataset.ids = JSON.stringify(ids);
  await quote(d);
}

let quoteSeq = 0;
async function quote(d) {
  const seq = ++quoteSeq; // only the latest quote may enable the button
  const ids = JSON.parse(d.dataset.ids), num = Number($("#rn-num", d).value), type = $("#rn-type", d).value;
  const err = $(".error", d), btn = $("#rn-confirm", d);
  btn.disabled = true; err.textContent = "";
  const max = type === "year" ? 3 : 11;
  $("#rn-num", d).max = max;
  if (!rules.intIn(num, 1, max)) { $("#rn-num", d).classList.add("invalid"); err.textContent = t("err_number") + ` (1–${max})`; return; }
  $("#rn-num", d).classList.remove("invalid");
  try {
    const q = await api.renewQuote(ids, type, num);
    if (seq !== quoteSeq) return;
    const cur = q.currency || "";
    $("#rn-quote", d).innerHTML = `<table class="review"><tr><th></th><th>${t("price")}</th><th>${t("now_expiry")}</th><th>${t("new_expiry")}</th></tr>${q.items.map((i) => `<tr><td>${esc(i.name)}</td><td>${esc(i.amount.toFixed(2))} ${esc(cur)}</td><td>${esc((i.expire_now || "").slice(0, 10))}</td><td><b class="new-expiry">${esc((i.expire_new || "").slice(0, 10))}</b></td></tr>`).join("")}</table>
      <p><b>${t("price")}: <span id="rn-price">${esc(q.total.toFixed(2))} ${esc(cur)}</span></b></p>
      <p class="${q.enough_balance === false ? "warnbox" : "muted"}">${q.balance == null ? "" : esc(t(q.enough_balance ? "balance_ok" : "balance_low", { bal: `${q.balance.toFixed(2)} ${cur}` }))}</p>`;
    btn.textContent = t("confirm_renew", { price: `${q.total.toFixed(2)} ${cur}` });
    btn.disabled = false;
  } catch (e) { if (seq === quoteSeq) showErr(err, e); }
}

async function confirmRenew(d) {
  const ids = JSON.parse(d.dataset.ids);
  await busy($("#rn-confirm", d), async () => {
    try {
      const r = await api.renew(ids, $("#rn-type", d).value, Number($("#rn-num", d).value), $("#rn-autopay", d).checked);
      toast(t("renewed", { orders: r.order_ids.join(", ") }), "ok");
      d.close();
      await refresh();
    } catch (e) { showErr($(".error", d), e); }
  });
}

// Unsubscribe
function showUnsub(i) {
  const html = `<h2>${esc(t("unsub_title", { name: i.name }))}</h2>
    <label class="row"><input type="radio" name="ut" value="1" checked> <b>${t("unsub_t1")}</b></label><p class="explain">${t("unsub_t1_text")}</p>
    <label class="row"><input type="radio" name="ut" value="2"> <b>${t("unsub_t2")}</b></label><p class="explain">${t("unsub_t2_text")}</p>
    <label>${t("reason")} <select id="us-reason">${[1, 2, 3, 4, 5].map((n) => `<option value="${n}">${t("reason_" + n)}</option>`).join("")}</select></label>
    <input id="us-reason-text" maxlength="1000" placeholder="…">
    <label>${esc(t("type_name", { name: i.name }))}<input id="us-name" autocomplete="off"></label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}<button class="btn danger" id="us-confirm" disabled>${t("confirm_unsub")}</button></div>`;
  const d = openDialog("#dlg-unsub", html);
  d.dataset.id = i.id; d.dataset.name = i.name;
}

async function confirmUnsub(d) {
  const type = Number($("input[name=ut]:checked", d).value);
  await busy($("#us-confirm", d), async () => {
    try {
      const r = await api.unsubscribe([d.dataset.id], type, Number($("#us-reason", d).value), $("#us-reason-text", d).value || null, [$("#us-name", d).value]);
      toast(t("unsubscribed", { orders: r.order_ids.join(", ") }), "ok");
      d.close(); $("#dlg-detail").open && $("#dlg-detail").close();
      await refresh();
    } catch (e) { showErr($(".error", d), e); }
  });
}

// Password
function showPassword(ids) {
  const names = ids.map(byId).filter(Boolean).map((i) => i.name).join(", ");
  const html = `<h2>${esc(t("pw_title", { name: names }))}</h2>
    <label>${t("pw_new")}<input id="pw1" type="password" autocomplete="new-password"></label>
    <label>${t("pw_again")}<input id="pw2" type="password" autocomplete="new-password"></label>
    <ul class="rules">${["len", "classes", "chars", "words", "same"].map((k) => `<li data-rule="${k}">${t("pw_rule_" + k)}</li>`).join("")}</ul>
    <p class="muted">${t("pw_note")}</p>
    <label class="row"><input type="checkbox" id="pw-restart" checked> ${t("pw_restart")}</label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}<button class="btn primary" id="pw-confirm" disabled>${t("reset_pw")}</button></div>`;
  const d = openDialog("#dlg-password", html);
  d.dataset.ids = JSON.stringify(ids);
}

function checkPassword(d) {
  const c = rules.passwordChecks($("#pw1", d).value, $("#pw2", d).value);
  Object.entries(c).forEach(([k, ok]) => $(`li[data-rule=${k}]`, d).classList.toggle("pass", ok));
  $("#pw-confirm", d).disabled = !Object.values(c).every(Boolean);
}

async function confirmPassword(d) {
  const ids = JSON.parse(d.dataset.ids);
  await busy($("#pw-confirm", d), async () => {
    try {
      const jobs = await api.resetPassword(ids, $("#pw1", d).value, $("#pw-restart", d).checked);
      $("#pw1", d).value = ""; $("#pw2", d).value = "";
      toast(t("pw_done"), "ok");
      d.close();
      if (jobs.length) await refresh();
    } catch (e) { showErr($(".error", d), e); }
  });
}

// Edit
function showEdit(i) {
  const html = `<h2>${esc(t("edit_title", { name: i.name }))}</h2>
    <label>${t("server_name")}<input id="ed-name" value="${esc(i.server_name || "")}" maxlength="64"></label>
    <label>${t("f_desc")}<input id="ed-desc" value="${esc(i.description || "")}" maxlength="85"></label>
    <label>${t("hostname")}<input id="ed-host" value="${esc(i.hostname || "")}" maxlength="64"><small class="muted">${t("hostname_note")}</small></label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}<button class="btn primary" id="ed-save">${t("save")}</button></div>`;
  const d = openDialog("#dlg-edit", html);
  d.dataset.id = i.id;
  d.dataset.orig = JSON.stringify({ name: i.server_name || "", description: i.description || "", hostname: i.hostname || "" });
}

async function saveEdit(d) {
  const orig = JSON.parse(d.dataset.orig);
  const v = { name: $("#ed-name", d).value.trim(), description: $("#ed-desc", d).value, hostname: $("#ed-host", d).value.trim() };
  const err = $(".error", d);
  if (!rules.serverName(v.name)) { $("#ed-name", d).classList.add("invalid"); err.textContent = t("err_name"); return; }
  if (!rules.hostname(v.hostname)) { $("#ed-host", d).classList.add("invalid"); err.textContent = t("hostname") + ": " + t("err_name"); return; }
  if (/[<>]/.test(v.description)) { $("#ed-desc", d).classList.add("invalid"); err.textContent = t("f_desc") + ": < >"; return; }
  const changed = {};
  for (const k of Object.keys(v)) if (v[k] !== orig[k]) changed[k] = v[k];
  if (!Object.keys(changed).length) { d.close(); return; }
  await busy($("#ed-save", d), async () => {
    try { await api.updateServer(d.dataset.id, changed); toast(t("saved"), "ok"); d.close(); await refresh(); } catch (e) { showErr(err, e); }
  });
}

// ---------- purchase ----------
async function loadCatalog(region) {
  const form = $("#buy-form");
  S.catalog = await api.catalog(region || form.region.value || null);
  const rs = form.region;
  rs.innerHTML = S.catalog.regions.map((r) => `<option value="${esc(r.id)}">${esc(getLang() === "zh" ? r.name_zh : r.name_en)} (${esc(r.id)})</option>`).join("");
  rs.value = region || S.catalog.regions[0].id;
  fillImages();
}

function fillImages() {
  const form = $("#buy-form");
  const kind = form.kind.value;
  $$(".public-only", form).forEach((e) => (e.hidden = kind === "private"));
  $$(".private-only", form).forEach((e) => (e.hidden = kind !== "private"));
  const imgs = S.catalog.images.filter((i) => i.kind === kind);
  const cur = form.image.value;
  form.image.innerHTML = imgs.map((i) => `<option value="${esc(i.name)}">${esc(i.name)}</option>`).join("");
  if (imgs.some((i) => i.name === cur)) form.image.value = cur;
  fillVersions();
}

function fillVersions() {
  const form = $("#buy-form");
  const img = S.catalog.images.find((i) => i.name === form.image.value);
  form.version.innerHTML = (img?.versions || []).map((v) => `<option>${esc(v)}</option>`).join("");
  fillSpecs();
}

function imageChoice() {
  const form = $("#buy-form");
  if (form.kind.value === "private") return { type: "private", image_id: form.image_id.value.trim() || "placeholder", windows: form.windows.checked };
  return { type: "public", name: form.image.value, version: form.version.value };
}

async function fillSpecs() {
  const form = $("#buy-form");
  try {
    S.specs = await api.specs(form.region.value, imageChoice());
    const cur = form.plan_spec.value;
    form.plan_spec.innerHTML = S.specs.map((s) => `<option value="${esc(s.code)}">${esc(s.code)}</option>`).join("");
    if (S.specs.some((s) => s.code === cur)) form.plan_spec.value = cur;
    await specDetail();
  } catch (e) { showErr($("#buy-error"), e); }
}

async function specDetail() {
  const form = $("#buy-form");
  let s = S.specs.find((x) => x.code === form.plan_spec.value);
  if (form.spec_mode.value === "auto") {
    try { s = await api.autoMatch(form.region.value, imageChoice(), Number(form.cpu.value), Number(form.memory.value)); form.plan_spec.value = s.code; $("#buy-error").textContent = ""; }
    catch (e) { s = null; showErr($("#buy-error"), e); }
  }
  $("#spec-detail").textContent = s ? t("spec_detail", { cpu: s.vcpus, mem: s.memory_gib, disk: s.disk_gib, bw: s.bandwidth_mbps, traffic: s.traffic_gb }) : "";
}

function readBuyForm() {
  const form = $("#buy-form");
  const errs = [];
  const mark = (el, ok, msg) => { el.classList.toggle("invalid", !ok); if (!ok) errs.push(msg); };
  const name = form.name.value.trim();
  mark(form.name, rules.instanceName(S.site, name), `${t("inst_name")}: ${t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl")}`);
  const pmax = form.period_type.value === "year" ? 3 : 9;
  mark(form.period_num, rules.intIn(form.period_num.value, 1, pmax), `${t("period")}: 1–${pmax}`);
  mark(form.quantity, rules.intIn(form.quantity.value, 1, 200), `${t("quantity")}: 1–200`);
  const opt = (el) => (el.value === "" ? null : Number(el.value));
  for (const el of [form.evs, form.cbr]) mark(el, el.value === "" || rules.intIn(el.value, 10, 2048), `${el === form.evs ? t("evs") : t("cbr")}`);
  const tags = rules.tagLines(form.tags.value);
  mark(form.tags, tags !== null, t("tags"));
  if (form.kind.value === "private") mark(form.image_id, /^[A-Za-z0-9_-]{1,64}$/.test(form.image_id.value.trim()), t("image_id"));
  const auto = form.spec_mode.value === "auto";
  return {
    errs,
    form: {
      region: form.region.value, image: imageChoice(), plan_spec: auto ? null : form.plan_spec.value,
      cpu: auto ? Number(form.cpu.value) : null, memory: auto ? Number(form.memory.value) : null,
      name, description: form.description.value, period_type: form.period_type.value, period_num: Number(form.period_num.value),
      quantity: Number(form.quantity.value), evs: opt(form.evs), cbr: opt(form.cbr), hss: form.hss.checked, tags: tags || [],
      auto_renew: form.auto_renew.checked, auto_pay: form.auto_pay.checked,
    },
  };
}

async function review(ev) {
  ev.preventDefault();
  const { errs, form } = readBuyForm();
  $("#buy-error").textContent = errs.join("\n");
  if (errs.length) return;
  try {
    const r = await api.purchaseReview(form);
    const q = r.request, s = r.spec;
    const row = (k, v) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`;
    const img = q.image_ref.image_id ? `${t("kind_private")} ${q.image_ref.image_id}` : `${q.image_ref.image_name} ${q.image_ref.image_version}`;
    const html = `<h2>${t("review_title")}</h2><table class="review">
      ${row(t("region"), `${r.region_name} (${q.region})`)}${row(t("image"), img)}
      ${row(t("spec"), `${s.code} — ${t("spec_detail", { cpu: s.vcpus, mem: s.memory_gib, disk: s.disk_gib, bw: s.bandwidth_mbps, traffic: s.traffic_gb })}`)}
      ${row(t("inst_name"), q.instance_name)}${row(t("inst_desc"), q.description || "—")}
      ${row(t("period"), `${q.period_num} ${t(q.period_type === "year" ? "years" : "months")}`)}${row(t("quantity"), q.purchase_quantity)}
      ${row(t("extras"), (q.extra_resources || []).map((e) => e.type + (e.size ? ` ${e.size} GiB` : "")).join(", ") || "—")}
      ${row(t("tags"), (q.tags || []).map((x) => `${x.key}=${x.value}`).join(", ") || "—")}
      ${row(t("auto_renew_label"), q.is_auto_renew ? t("on") : t("off"))}${row(t("auto_pay"), q.is_auto_pay ? t("on") : t("off"))}</table>
      <p class="error" role="alert"></p>
      <div class="actions">${closeBtn()}<button class="btn primary" id="buy-confirm">${t("confirm_buy")}</button></div>`;
    const d = openDialog("#dlg-review", html);
    // One purchase intent = one Client-Request-Id, so a double click cannot buy twice.
    d.dataset.crid = crypto.randomUUID();
    d.dataset.form = JSON.stringify(form);
  } catch (e) { showErr($("#buy-error"), e); }
}

async function confirmBuy(d) {
  const form = JSON.parse(d.dataset.form);
  await busy($("#buy-confirm", d), async () => {
    try {
      const r = await api.purchase(form, d.dataset.crid);
      d.close();
      track(r.order_id);
    } catch (e) {
      if (e.kind === "outcome_unknown") { d.close(); trackUnknown(e); } else showErr($(".error", d), e);
    }
  });
}

async function track(orderId, keep = false) {
  const box = $("#order-tracker");
  box.hidden = false;
  const html = `<h3>${esc(t("order_title", { id: orderId }))}</h3><p id="order-state"><span class="spinner"></span> ${t("order_processing")}</p>`;
  if (keep) box.insertAdjacentHTML("beforeend", html); else box.innerHTML = html;
  box.scrollIntoView({ block: "nearest" });
  for (let n = 0; n < 400; n++) {
    let s;
    try { s = await api.orderStatus(orderId); } catch (e) { $("#order-state").textContent = errText(e); return; }
    const el = $("#order-state");
    if (s.status === 5) { el.textContent = `${s.text} — ${t("order_done")}`; el.dataset.status = "5"; await refresh(); return; }
    if (s.status === 4) { el.textContent = t("order_cancelled"); return; }
    if (s.status === 6) {
      el.dataset.status = "6";
      el.innerHTML = `<b>${t("order_pending")}</b> <button class="btn primary" id="pay-btn">${esc(t("pay", { amount: `${(s.amount || 0).toFixed(2)} ${s.currency || ""}` }))}</button> <span class="error"></span>`;
      $("#pay-btn").onclick = (ev) => busy(ev.target, async () => { try { await api.payOrder(orderId); track(orderId, keep); } catch (e) { showErr($("#order-state .error"), e); } });
      return;
    }
    el.innerHTML = `<span class="spinner"></span> ${esc(s.text)}`;
    await new Promise((r) => setTimeout(r, 1200));
  }
}

async function trackUnknown(e) {
  const box = $("#order-tracker");
  box.hidden = false;
  const jid = (/\[([0-9a-f-]{36})\]/.exec(e.message) || [])[1];
  box.innerHTML = `<h3 id="unknown-state">${t("unknown_checking")}</h3><p class="muted">${esc(e.message)}</p>`;
  box.scrollIntoView({ block: "nearest" });
  if (!jid) return;
  for (let n = 0; n < 10; n++) {
    try {
      const r = await api.reconcile(jid);
      if (r.result === "found") { $("#unknown-state").textContent = t("unknown_found", { id: r.order_id }); track(r.order_id, true); return; }
      if (r.result === "not_found" && n >= 2) { $("#unknown-state").textContent = t("unknown_none"); return; }
    } catch (_) { /* retry the read */ }
    await new Promise((res) => setTimeout(res, 1500));
  }
}

// ---------- activity ----------
async function loadLog() {
  try {
    const entries = await api.activity();
    $("#log tbody").innerHTML = entries.map((e) => `<tr data-entry="${esc(e.id)}"><td>${esc(e.time)}</td><td>${esc(e.profile)}</td><td>${esc(e.action)}</td>
      <td class="params">${esc(JSON.stringify(e.params).slice(0, 160))}${e.order_ids.length ? " · " + esc(e.order_ids.join(", ")) : ""}</td>
      <td>${esc(t("oc_" + e.outcome))}${e.message ? `<br><small class="muted">${esc(e.message)}</small>` : ""}</td>
      <td>${e.outcome === "unknown" || e.outcome === "sending" ? `<button class="btn small" data-reconcile="${esc(e.id)}">${t("check")}</button>` : ""}</td></tr>`).join("");
  } catch (e) { showErr(null, e); }
}

// ---------- settings ----------
function fillSettings() {
  const f = $("#settings-form"), s = S.settings;
  f.language.value = s.language; f.theme.value = s.theme; f.thresholds.value = s.thresholds.join(", ");
  f.refresh_hours.value = s.refresh_hours; f.notifications_paused.checked = s.notifications_paused; f.autostart.checked = s.autostart;
  api.appInfo().then(({ watch: w }) => {
    $("#watch-status").textContent = !w.last_run ? t("watch_never")
      : t("watch_last", { time: new Date(w.last_run).toLocaleString() }) + (w.failed_profiles.length ? " " + t("watch_failed", { names: w.failed_profiles.join(", ") }) : "");
  }).catch(() => {});
}

async function saveSetting(ev) {
  const f = $("#settings-form"), el = ev.target, err = $("#settings-error");
  err.textContent = ""; el.classList.remove("invalid");
  try {
    if (el.name === "autostart") { S.settings = await api.setAutostart(el.checked); return; }
    const patch = {};
    if (el.name === "thresholds") {
      const days = f.thresholds.value.split(/[,\s，]+/).filter(Boolean).map(Number);
      if (!days.length || days.some((d) => !rules.intIn(d, 0, 365))) { el.classList.add("invalid"); err.textContent = `${t("thresholds")}: 0–365`; return; }
      patch.thresholds = days;
    } else if (el.name === "refresh_hours") {
      if (!rules.intIn(el.value, 1, 168)) { el.classList.add("invalid"); err.textContent = `${t("refresh_hours")}: 1–168`; return; }
      patch.refresh_hours = Number(el.value);
    } else if (el.type === "checkbox") patch[el.name] = el.checked;
    else patch[el.name] = el.value;
    S.settings = await api.updateSettings(patch);
    applyTheme(); applyLang(); await loadProfiles();
  } catch (e) { showErr(err, e); }
}

// ---------- connect ----------
async function connect(ev) {
  ev.preventDefault();
  const f = $("#connect-form"), err = $(".error", f), ok = $(".ok", f);
  err.textContent = ""; ok.textContent = "";
  const v = { name: f.name.value.trim(), site: f.site.value, access_key: f.access_key.value.trim(), secret_key: f.secret_key.value.trim(), security_token: f.security_token.value.trim() || null };
  const bad = [];
  for (const [k, test] of [["name", v.name.length > 0 && v.name.length <= 32 && v.name !== "Demo"], ["access_key", /^[A-Za-z0-9]{1,128}$/.test(v.access_key)], ["secret_key", /^\S{1,256}$/.test(v.secret_key)]]) {
    f[k].classList.toggle("invalid", !test); if (!test) bad.push(k);
  }
  if (bad.length) { err.textContent = `${t("err_required")}: ${bad.map((b) => t(b === "name" ? "profile_name" : b === "access_key" ? "ak" : "sk")).join(", ")}`; return; }
  await busy($("#connect-save"), async () => {
    try {
      await api.saveCredentials(v);
      // The keys never stay in the page once handed to Rust.
      f.secret_key.value = ""; f.security_token.value = ""; f.access_key.value = "";
      const who = await api.verifyProfile(v.name);
      ok.textContent = t("verified", { name: who.account_name });
      await afterOnboard();
      setTimeout(() => $("#dlg-connect").close(), 800);
      if (!S.settings.autostart_offered) offerAutostart();
    } catch (e) { showErr(err, e); await loadProfiles(); }
  });
}

function offerAutostart() {
  const html = `<p>${t("autostart_offer")}</p><div class="actions"><button class="btn" id="as-no">${t("no")}</button><button class="btn primary" id="as-yes">${t("yes")}</button></div>`;
  const d = openDialog("#dlg-confirm", html);
  $("#as-yes", d).onclick = async () => { try { S.settings = await api.setAutostart(true); fillSettings(); } catch (e) { showErr(null, e); } d.close(); };
  $("#as-no", d).onclick = async () => { try { S.settings = await api.updateSettings({ autostart_offered: true }); } catch (_) { /* shown next time */ } d.close(); };
}

async function afterOnboard() {
  S.settings = await api.settings();
  $("#dlg-welcome").open && $("#dlg-welcome").close();
  await loadProfiles();
  await refresh();
  await loadCatalog();
}

// ---------- wiring ----------
function wire() {
  $$(".tabs button").forEach((b) => b.addEventListener("click", () => {
    $$(".tabs button").forEach((x) => x.classList.toggle("active", x === b));
    $$(".tab").forEach((s) => (s.hidden = s.id !== `tab-${b.dataset.tab}`));
    if (b.dataset.tab === "log") loadLog();
    if (b.dataset.tab === "settings") fillSettings();
  }));
  $("#refresh-btn").addEventListener("click", () => refresh());
  $("#profile-select").addEventListener("change", (e) => switchProfile(e.target.value).catch((x) => showErr(null, x)));
  for (const id of ["#search", "#filter-region", "#filter-status"]) for (const ev of ["input", "change"]) $(id).addEventListener(ev, renderTable);
  $$("th[data-sort]").forEach((th) => th.addEventListener("click", () => {
    S.sort = { key: th.dataset.sort, asc: S.sort.key === th.dataset.sort ? !S.sort.asc : true };
    renderTable();
  }));
  $(".table-wrap").addEventListener("scroll", () => {
    if (!S.win || S.paintQueued) return;
    S.paintQueued = true;
    requestAnimationFrame(() => { S.paintQueued = false; paintRows(); });
  }, { passive: true });
  $("#instances tbody").addEventListener("click", (e) => {
    const tr = e.target.closest("tr"); if (!tr) return;
    const id = tr.dataset.id;
    if (e.target.classList.contains("sel")) { e.target.checked ? S.selected.add(id) : S.selected.delete(id); $("#sel-count").textContent = S.selected.size ? t("selected", { n: S.selected.size }) : ""; return; }
    if (e.target.classList.contains("copy")) { navigator.clipboard?.writeText(e.target.dataset.ip).catch(() => {}); toast(t("copied", { ip: e.target.dataset.ip }), "ok"); return; }
    const i = byId(id); if (i) showDetail(i);
  });
  $("#select-all").addEventListener("change", (e) => { S.rows.forEach((r) => (e.target.checked ? S.selected.add(r.id) : S.selected.delete(r.id))); renderTable(); });
  $$("[data-batch]").forEach((b) => b.addEventListener("click", () => {
    const ids = [...S.selected]; if (!ids.length) return;
    if (b.dataset.batch === "renew") showRenew(ids.slice(0, 10)); else runAction(ids, b.dataset.batch, false, null);
  }));
  document.addEventListener("click", (e) => { if (e.target.matches("[data-close]")) e.target.closest("dialog").close(); });
  $("#dlg-detail").addEventListener("click", async (e) => {
    const act = e.target.dataset.act; if (!act) return;
    const d = $("#dlg-detail"), i = byId(d.dataset.id); if (!i) return;
    const line = $("#job-line", d); $(".error", d).textContent = "";
    if (act === "renew") return showRenew([i.id]);
    if (act === "unsub") return showUnsub(i);
    if (act === "password") return showPassword([i.id]);
    if (act === "edit") return showEdit(i);
    const done = await busy(e.target, () => runAction([i.id], act === "stop-hard" ? "stop" : act, act === "stop-hard", line));
    const fresh = byId(i.id);
    if (fresh && d.open) { showDetail(fresh); if (done) $("#job-line", d).textContent = done; }
  });
  $("#dlg-detail").addEventListener("change", async (e) => {
    if (e.target.id !== "auto-toggle") return;
    const d = $("#dlg-detail");
    try { await api.setAutoRenew(d.dataset.id, e.target.checked); await refresh(); } catch (x) { e.target.checked = !e.target.checked; showErr($(".error", d), x); }
  });
  $("#dlg-renew").addEventListener("input", (e) => { if (e.target.id === "rn-num" || e.target.id === "rn-type") quote($("#dlg-renew")); });
  $("#dlg-renew").addEventListener("click", (e) => { if (e.target.id === "rn-confirm") confirmRenew($("#dlg-renew")); });
  $("#dlg-unsub").addEventListener("input", () => { const d = $("#dlg-unsub"); $("#us-confirm", d).disabled = $("#us-name", d).value !== d.dataset.name; });
  $("#dlg-unsub").addEventListener("click", (e) => { if (e.target.id === "us-confirm") confirmUnsub($("#dlg-unsub")); });
  $("#dlg-password").addEventListener("input", () => checkPassword($("#dlg-password")));
  $("#dlg-password").addEventListener("click", (e) => { if (e.target.id === "pw-confirm") confirmPassword($("#dlg-password")); });
  $("#dlg-edit").addEventListener("click", (e) => { if (e.target.id === "ed-save") saveEdit($("#dlg-edit")); });
  $("#dlg-review").addEventListener("click", (e) => { if (e.target.id === "buy-confirm") confirmBuy($("#dlg-review")); });
  const bf = $("#buy-form");
  bf.addEventListener("submit", review);
  bf.region.addEventListener("change", () => loadCatalog(bf.region.value));
  $$("input[name=kind]", bf).forEach((r) => r.addEventListener("change", fillImages));
  bf.image.addEventListener("change", fillVersions);
  bf.version.addEventListener("change", fillSpecs);
  bf.windows.addEventListener("change", fillSpecs);
  bf.plan_spec.addEventListener("change", specDetail);
  for (const el of [bf.cpu, bf.memory, ...$$("input[name=spec_mode]", bf)]) el.addEventListener("change", specDetail);
  bf.name.addEventListener("input", () => bf.name.classList.toggle("invalid", !!bf.name.value && !rules.instanceName(S.site, bf.name.value.trim())));
  $("#settings-form").addEventListener("change", saveSetting);
  $("#profile-list").addEventListener("click", async (e) => {
    if (e.target.dataset.use) await switchProfile(e.target.dataset.use).catch((x) => showErr(null, x));
    if (e.target.dataset.remove) {
      const n = e.target.dataset.remove;
      const d = openDialog("#dlg-confirm", `<p>${esc(t("remove_confirm", { name: n }))}</p><div class="actions"><button class="btn" data-close>${t("cancel")}</button><button class="btn danger" id="rm-yes">${t("remove")}</button></div>`);
      $("#rm-yes", d).onclick = async () => { try { await api.deleteProfile(n); d.close(); await switchProfile("Demo"); } catch (x) { showErr(null, x); } };
    }
  });
  $("#add-account").addEventListener("click", () => $("#dlg-connect").showModal());
  $$("[data-advance]").forEach((b) => b.addEventListener("click", () => busy(b, async () => {
    try { const r = await api.demoAdvance(Number(b.dataset.advance)); $("#demo-now").textContent = t("demo_now", { now: r.now }); await refresh(); } catch (e) { showErr(null, e); }
  })));
  $("#log").addEventListener("click", async (e) => {
    const id = e.target.dataset.reconcile; if (!id) return;
    await busy(e.target, async () => { try { const r = await api.reconcile(id); toast(r.result === "found" ? t("unknown_found", { id: r.order_id }) : t("unknown_none")); } catch (x) { showErr(null, x); } await loadLog(); });
  });
  $("#choose-demo").addEventListener("click", async () => { try { await api.useProfile("Demo"); await afterOnboard(); } catch (e) { showErr(null, e); } });
  $("#choose-connect").addEventListener("click", () => $("#dlg-connect").showModal());
  $("#connect-form").addEventListener("submit", connect);
  $("#connect-save").addEventListener("click", connect);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
  // From the tray's expiry items and from clicks on desktop notifications.
  const openFromRust = (open) => async (ev) => {
    const { profile, id } = ev.payload || {};
    if (profile && !S.profiles.find((p) => p.active && p.name === profile)) await switchProfile(profile);
    if (!byId(id)) await refresh();
    if (byId(id)) open(id);
  };
  api.listen("open-renewal", openFromRust((id) => showRenew([id])));
  api.listen("open-instance", openFromRust((id) => showDetail(byId(id))));
}

async function start() {
  wire();
  try {
    const [info, settings] = await Promise.all([api.appInfo(), api.settings()]);
    document.body.dataset.startupJsMs = String(info.uptime_ms); // the page's script is running
    S.settings = settings;
    applyTheme();
    await loadProfiles();
    applyLang();
    if (info.notes.length) { $("#notes").hidden = false; $("#notes").textContent = info.notes.join("\n"); }
    if (!info.onboarded) { $("#dlg-welcome").showModal(); return; }
    await refresh(30000);
    // Start-up figure for the benchmark: process start → dashboard painted.
    requestAnimationFrame(async () => { document.body.dataset.startupMs = String((await api.appInfo()).uptime_ms); });
    await loadCatalog();
  } catch (e) { showErr(null, e); }
}

start();
