// First run: the welcome dialog (demo or own account), connecting an account,
// and the one-time offer to start at login.
import { $, $$, html, busy } from "../lib/dom.js";
import { showErr } from "../lib/toast.js";
import { openDialog } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S } from "../state.js";
import { refreshFleet as refresh } from "../lib/bus.js";
import { loadCatalog } from "./buy.js";
import { loadProfiles } from "./header.js";
import { fillSettings } from "./settings.js";

const FIELD_LABEL = { name: "profile_name", access_key: "ak", secret_key: "sk" };

function readConnectForm(f) {
  return {
    name: f.name.value.trim(), site: f.site.value, access_key: f.access_key.value.trim(),
    secret_key: f.secret_key.value.trim(), security_token: f.security_token.value.trim() || null,
  };
}

const CHECKS = {
  name: (v) => v.name.length > 0 && v.name.length <= 32 && v.name !== "Demo",
  access_key: (v) => /^[A-Za-z0-9]{1,128}$/.test(v.access_key),
  secret_key: (v) => /^\S{1,256}$/.test(v.secret_key),
};

function badFields(f, v) {
  const bad = Object.keys(CHECKS).filter((k) => !CHECKS[k](v));
  for (const k of Object.keys(CHECKS)) f[k].classList.toggle("invalid", bad.includes(k));
  return bad;
}

const requiredLine = (bad) => `${t("err_required")}: ${bad.map((b) => t(FIELD_LABEL[b])).join(", ")}`;

// While the user types, a field marked invalid is checked again, so the red "Required"
// goes away as soon as it is filled (and the line lists only what is still missing).
function recheck(e) {
  const f = $("#connect-form"), err = $(".error", f);
  if (!CHECKS[e.target.name] || !$(".invalid", f)) return;
  const v = readConnectForm(f);
  const bad = Object.keys(CHECKS).filter((k) => f[k].classList.contains("invalid") && !CHECKS[k](v));
  for (const k of Object.keys(CHECKS)) if (!bad.includes(k)) f[k].classList.remove("invalid");
  err.textContent = bad.length ? requiredLine(bad) : "";
}

/** Cancel: nothing is saved, the typed keys are wiped. */
function cancelConnect() {
  const f = $("#connect-form");
  f.secret_key.value = ""; f.security_token.value = ""; f.access_key.value = "";
  $$(".invalid", f).forEach((el) => el.classList.remove("invalid"));
  $(".error", f).textContent = ""; $(".ok", f).textContent = "";
  $("#dlg-connect").close();
}

async function connect(ev) {
  ev.preventDefault();
  const f = $("#connect-form"), err = $(".error", f), ok = $(".ok", f);
  err.textContent = ""; ok.textContent = "";
  const v = readConnectForm(f);
  const bad = badFields(f, v);
  if (bad.length) { err.textContent = requiredLine(bad); return; }
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
  const d = openDialog("#dlg-confirm", html`<p>${t("autostart_offer")}</p><div class="actions">
    <button type="button" class="btn" id="as-no">${t("no")}</button>
    <button type="button" class="btn primary" id="as-yes">${t("yes")}</button></div>`);
  $("#as-yes", d).onclick = async () => {
    try { S.settings = await api.setAutostart(true); fillSettings(); } catch (e) { showErr(null, e); }
    d.close();
  };
  $("#as-no", d).onclick = async () => {
    try { S.settings = await api.updateSettings({ autostart_offered: true }); } catch (_) { /* shown next time */ }
    d.close();
  };
}

async function afterOnboard() {
  S.settings = await api.settings();
  $("#dlg-welcome").open && $("#dlg-welcome").close();
  await loadProfiles();
  await refresh();
  await loadCatalog();
}

/** Opens the connect dialog; an untouched default name follows the UI language. */
function openConnect() {
  const name = $("#connect-form").name;
  if (!name.value || name.dataset.default === name.value) {
    name.value = t("default_profile_name");
    name.dataset.default = name.value;
  }
  $("#dlg-connect").showModal();
}

export function wireOnboarding() {
  $("#choose-demo").addEventListener("click", async () => {
    try { await api.useProfile("Demo"); await afterOnboard(); } catch (e) { showErr(null, e); }
  });
  $("#choose-connect").addEventListener("click", openConnect);
  $("#add-account").addEventListener("click", openConnect);
  $("#connect-form").addEventListener("submit", connect);
  $("#connect-form").addEventListener("input", recheck);
  $("#connect-cancel").addEventListener("click", cancelConnect);
  // Escape on the connect dialog is Cancel too (the keys are wiped).
  $("#dlg-connect").addEventListener("cancel", (e) => { e.preventDefault(); cancelConnect(); });
  // The welcome dialog is the only way in on first run: Escape must not leave an empty window.
  $("#dlg-welcome").addEventListener("cancel", (e) => e.preventDefault());
}
