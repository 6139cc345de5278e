// The Settings tab: preferences saved as they change, accounts, the demo clock.
import { $, $$, html, render, busy } from "../lib/dom.js";
import { showErr } from "../lib/toast.js";
import { openDialog } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import * as rules from "../rules.js";
import { S } from "../state.js";
import { on, refreshFleet as refresh } from "../lib/bus.js";
import { loadProfiles, switchProfile } from "./header.js";
import { applyTheme, applyLang } from "../theme.js";
import { fmtDateTime, siteName } from "../lib/format.js";
import { fillAlerts, wireAlerts } from "./alerts.js";

// The key and the cloud's account name are codes and names, not words of the UI.
const profileInfo = (p) => (p.demo ? t("demo_badge") : html`${siteName(p.site)} · <span translate="no">${
  p.masked_ak}${p.account_name ? " · " + p.account_name : ""}</span>`);

function profileItem(p) {
  const use = p.active ? html`<span class="badge">${t("active")}</span>`
    : html`<button type="button" class="btn small" data-use="${p.name}"
      aria-label="${t("use_named", { name: p.name })}">${t("use")}</button>`;
  const remove = p.demo ? "" : html`<button type="button" class="btn small" data-remove="${p.name}"
    aria-label="${t("remove_named", { name: p.name })}">${t("remove")}</button>`;
  return html`<li data-profile="${p.name}"><b translate="no">${p.name}</b> <span class="muted">${profileInfo(p)}</span>
    ${use}
    ${remove}</li>`;
}

export function renderProfileList() {
  render($("#profile-list"), html`${S.profiles.map(profileItem)}`);
}

function watchLine(w) {
  if (!w.last_run) return t("watch_never");
  const failed = w.failed_profiles.length ? " " + t("watch_failed", { names: w.failed_profiles.join(", ") }) : "";
  const locked = (w.locked_profiles || []).length
    ? " " + t("watch_locked", { names: w.locked_profiles.join(", ") }) : "";
  const waiting = (w.pending_reminders || []).length
    ? " " + t("watch_waiting", { n: w.pending_reminders.length, titles: w.pending_reminders.join("; ") }) : "";
  return t("watch_last", { time: fmtDateTime(w.last_run) }) + failed + locked + waiting;
}

export function renderWatch() {
  api.appInfo().then(({ watch }) => { $("#watch-status").textContent = watchLine(watch); }).catch(() => {});
}

function fillProxy() {
  const f = $("#proxy-form"), p = S.settings.proxy;
  f.url.value = p ? p.url : ""; f.username.value = (p && p.username) || ""; f.password.value = "";
  f.password.placeholder = p && p.has_password ? t("proxy_password_kept") : "";
}

async function saveProxy(ev) {
  ev.preventDefault();
  const f = $("#proxy-form"), err = $("#proxy-error");
  err.textContent = "";
  try {
    S.settings = await api.setProxy(f.url.value, f.username.value || null, f.password.value || null);
    fillProxy();
  } catch (e) { showErr(err, e); }
}

export function fillSettings() {
  const f = $("#settings-form"), s = S.settings;
  f.language.value = s.language; f.theme.value = s.theme; f.thresholds.value = s.thresholds.join(", ");
  f.traffic_reminders.value = s.traffic_reminders.join(", ");
  f.refresh_hours.value = s.refresh_hours; f.notifications_paused.checked = s.notifications_paused;
  f.autostart.checked = s.autostart;
  fillProxy();
  fillAlerts();
  renderWatch();
}

// Returns the patch for the changed field, or null after marking it invalid.
function patchFor(el, f, err) {
  const fail = (msg) => { el.classList.add("invalid"); err.textContent = msg; return null; };
  if (el.name === "thresholds") {
    const days = f.thresholds.value.split(/[,\s，]+/).filter(Boolean).map(Number);
    if (!days.length || days.some((d) => !rules.intIn(d, 0, 365))) return fail(`${t("thresholds")}: 0–365`);
    return { thresholds: days };
  }
  if (el.name === "traffic_reminders") {
    const pct = f.traffic_reminders.value.split(/[,\s，]+/).filter(Boolean).map(Number);
    if (pct.length > 5 || pct.some((p) => !rules.intIn(p, 1, 100))) return fail(`${t("tg_reminders")}: 1–100`);
    return { traffic_reminders: pct };
  }
  if (el.name === "refresh_hours") {
    if (!rules.intIn(el.value, 1, 168)) return fail(`${t("refresh_hours")}: 1–168`);
    return { refresh_hours: Number(el.value) };
  }
  return { [el.name]: el.type === "checkbox" ? el.checked : el.value };
}

async function saveSetting(ev) {
  const f = $("#settings-form"), el = ev.target, err = $("#settings-error");
  err.textContent = ""; el.classList.remove("invalid");
  try {
    if (el.name === "autostart") { S.settings = await api.setAutostart(el.checked); return; }
    const patch = patchFor(el, f, err);
    if (!patch) return;
    S.settings = await api.updateSettings(patch);
    applyTheme(); applyLang(); await loadProfiles();
  } catch (e) { showErr(err, e); }
}

function confirmRemove(n) {
  const d = openDialog("#dlg-confirm", html`<p>${t("remove_confirm", { name: n })}</p><div class="actions">
    <button type="button" class="btn" data-close>${t("cancel")}</button>
    <button type="button" class="btn danger" id="rm-yes">${t("remove")}</button>
    </div>`);
  $("#rm-yes", d).onclick = async () => {
    try { await api.deleteProfile(n); d.close(); await switchProfile("Demo"); } catch (x) { showErr(null, x); }
  };
}

on("profiles", renderProfileList);
on("relabel", () => { renderProfileList(); if (!$("#tab-settings").hidden) renderWatch(); });

export function wireSettings() {
  $("#settings-form").addEventListener("change", saveSetting);
  $("#proxy-form").addEventListener("submit", saveProxy);
  wireAlerts();
  $("#profile-list").addEventListener("click", async (e) => {
    if (e.target.dataset.use) await switchProfile(e.target.dataset.use).catch((x) => showErr(null, x));
    if (e.target.dataset.remove) confirmRemove(e.target.dataset.remove);
  });
  $$("[data-advance]").forEach((b) => b.addEventListener("click", () => busy(b, async () => {
    try {
      const r = await api.demoAdvance(Number(b.dataset.advance));
      $("#demo-now").textContent = t("demo_now", { now: fmtDateTime(r.now) });
      await refresh();
    } catch (e) { showErr(null, e); }
  })));
}
