// First run: the welcome dialog (demo or own account), connecting an account,
// and the one-time offer to start at login.
import { $, html, busy } from "../lib/dom.js";
import { showErr } from "../lib/toast.js";
import { openDialog } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S } from "../state.js";
import { refresh } from "./dashboard.js";
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

function badFields(f, v) {
  const checks = [["name", v.name.length > 0 && v.name.length <= 32 && v.name !== "Demo"],
    ["access_key", /^[A-Za-z0-9]{1,128}$/.test(v.access_key)], ["secret_key", /^\S{1,256}$/.test(v.secret_key)]];
  const bad = [];
  for (const [k, ok] of checks) { f[k].classList.toggle("invalid", !ok); if (!ok) bad.push(k); }
  return bad;
}

async function connect(ev) {
  ev.preventDefault();
  const f = $("#connect-form"), err = $(".error", f), ok = $(".ok", f);
  err.textContent = ""; ok.textContent = "";
  const v = readConnectForm(f);
  const bad = badFields(f, v);
  if (bad.length) {
    err.textContent = `${t("err_required")}: ${bad.map((b) => t(FIELD_LABEL[b])).join(", ")}`;
    return;
  }
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
    <button class="btn" id="as-no">${t("no")}</button>
    <button class="btn primary" id="as-yes">${t("yes")}</button></div>`);
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

export function wireOnboarding() {
  $("#choose-demo").addEventListener("click", async () => {
    try { await api.useProfile("Demo"); await afterOnboard(); } catch (e) { showErr(null, e); }
  });
  $("#choose-connect").addEventListener("click", () => $("#dlg-connect").showModal());
  $("#connect-form").addEventListener("submit", connect);
  $("#connect-save").addEventListener("click", connect);
}
