// Edit a server's name, description and hostname; only changed fields are sent.
import { $, $$, html, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import * as rules from "../rules.js";
import { refreshFleet as refresh } from "../lib/bus.js";

export function showEdit(i) {
  const markup = html`<h2>${t("edit_title", { name: i.name })}</h2>
    <label>${t("server_name")}<input id="ed-name" value="${i.server_name || ""}" maxlength="64"></label>
    <label>${t("f_desc")}<input id="ed-desc" value="${i.description || ""}" maxlength="85"></label>
    <label>${t("hostname")}<input id="ed-host" value="${i.hostname || ""}" maxlength="64">
      <small class="muted">${t("hostname_note")}</small></label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}
      <button type="button" class="btn primary" id="ed-save">${t("save")}</button></div>`;
  const d = openDialog("#dlg-edit", markup);
  d.dataset.id = i.id;
  const orig = { name: i.server_name || "", description: i.description || "", hostname: i.hostname || "" };
  d.dataset.orig = JSON.stringify(orig);
}

// Only changed fields are checked: a server whose hostname is empty (or otherwise
// not what the rules allow today) can still get a new description.
function invalid(d, v, orig) {
  const err = $(".error", d);
  $$(".invalid", d).forEach((el) => el.classList.remove("invalid"));
  err.textContent = "";
  const bad = (sel, msg) => { $(sel, d).classList.add("invalid"); err.textContent = msg; return true; };
  const changed = (k) => v[k] !== orig[k];
  if (changed("name") && !rules.serverName(v.name)) return bad("#ed-name", `${t("server_name")}: ${t("err_name")}`);
  if (changed("hostname") && !rules.hostname(v.hostname)) {
    return bad("#ed-host", `${t("hostname")}: ${t("err_hostname")}`);
  }
  if (changed("description") && /[<>]/.test(v.description)) return bad("#ed-desc", `${t("f_desc")}: ${t("err_angle")}`);
  return false;
}

async function saveEdit(d) {
  const orig = JSON.parse(d.dataset.orig);
  const v = {
    name: $("#ed-name", d).value.trim(), description: $("#ed-desc", d).value, hostname: $("#ed-host", d).value.trim(),
  };
  if (invalid(d, v, orig)) return;
  const changed = {};
  for (const k of Object.keys(v)) if (v[k] !== orig[k]) changed[k] = v[k];
  if (!Object.keys(changed).length) { d.close(); return; }
  await busy($("#ed-save", d), async () => {
    try {
      await api.updateServer(d.dataset.id, changed);
      toast(t("saved"), "ok"); d.close(); await refresh();
    } catch (e) { showErr($(".error", d), e); }
  });
}

export function wireEdit() {
  const d = $("#dlg-edit");
  d.addEventListener("click", (e) => { if (e.target.id === "ed-save") saveEdit(d); });
}
