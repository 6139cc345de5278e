// Password reset: Huawei's rules checked as the user types.
import { $, html, busy } from "../lib/dom.js";
import { toast, showErr } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import * as rules from "../rules.js";
import { byId } from "../state.js";
import { refreshFleet as refresh } from "../lib/bus.js";

const RULES = ["len", "classes", "chars", "words", "same"];

export function showPassword(ids) {
  const names = ids.map(byId).filter(Boolean).map((i) => i.name).join(", ");
  const markup = html`<h2>${t("pw_title", { name: names })}</h2>
    <label>${t("pw_new")}<input id="pw1" type="password" autocomplete="new-password"></label>
    <label>${t("pw_again")}<input id="pw2" type="password" autocomplete="new-password"></label>
    <ul class="rules">${RULES.map((k) => html`<li data-rule="${k}">${t("pw_rule_" + k)}</li>`)}</ul>
    <p class="muted">${t("pw_note")}</p>
    <label class="row"><input type="checkbox" id="pw-restart" checked> ${t("pw_restart")}</label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}
      <button type="button" class="btn primary" id="pw-confirm" disabled>${t("reset_pw")}</button>
    </div>`;
  const d = openDialog("#dlg-password", markup);
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

export function wirePassword() {
  const d = $("#dlg-password");
  d.addEventListener("input", () => checkPassword(d));
  d.addEventListener("click", (e) => { if (e.target.id === "pw-confirm") confirmPassword(d); });
}
