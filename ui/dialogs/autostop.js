// The automatic stop's confirmation (issue #15): it says what will happen to the
// server before the user turns it on. A form, so Tab/Enter/Escape work as usual.
import { $, html } from "../lib/dom.js";
import { openDialog } from "../lib/dialog.js";
import { showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S } from "../state.js";

const CHOICES = [80, 90, 95, 100];

/** Resolves true once the automatic stop is on. */
export function showAutoStop(i) {
  return new Promise((resolve) => {
    const d = openDialog("#dlg-autostop", html`<h2>${t("tg_dlg_title", { name: i.name })}</h2>
      <form id="autostop-form" class="form" novalidate>
        <p id="autostop-explain">${t("tg_dlg_explain", { name: i.name })}</p>
        <p>${t("tg_dlg_once")}</p>
        <label><span>${t("tg_dlg_pct")}</span><select name="percent" aria-describedby="autostop-explain">
          ${CHOICES.map((p) => html`<option value="${p}" ${p === 95 ? "selected" : ""}>${p} %</option>`)}
        </select></label>
        <p class="error" role="alert"></p>
        <div class="actions"><button type="button" class="btn" data-close>${t("cancel")}</button>
          <button type="submit" class="btn danger" id="autostop-yes">${t("tg_dlg_yes")}</button></div>
      </form>`);
    let ok = false;
    $("#autostop-form", d).onsubmit = async (e) => {
      e.preventDefault();
      try {
        S.settings = await api.setAutoStop(i.id, Number(e.target.percent.value), true);
        ok = true; d.close();
      } catch (x) { showErr($(".error", d), x); }
    };
    d.addEventListener("close", () => resolve(ok), { once: true });
    $("select", d).focus();
  });
}
