// Modal dialogs: each <dialog> in index.html has a .body filled per use. Focus goes
// back to what opened a dialog when it closes.
import { $, html, render } from "./dom.js";
import { t } from "../i18n.js";

const opener = new WeakMap();

export function openDialog(id, markup) {
  const d = $(id);
  if (markup !== undefined) render($(".body", d), markup);
  if (!d.open) {
    if (document.activeElement && document.activeElement !== document.body) opener.set(d, document.activeElement);
    d.showModal();
  }
  const h = $("h1, h2", d);
  if (h) { if (!h.id) h.id = `${d.id}-title`; d.setAttribute("aria-labelledby", h.id); }
  return d;
}

export const closeBtn = () => html`<button type="button" class="btn" data-close>${t("close")}</button>`;

/** Asks before a step; resolves true only when the user confirms. */
export function confirmStep(text, okLabel, danger = false) {
  return new Promise((resolve) => {
    const d = openDialog("#dlg-confirm", html`<h2>${t("confirm_title")}</h2><p>${text}</p><div class="actions">
      <button type="button" class="btn" data-close>${t("cancel")}</button>
      <button type="button" class="btn ${danger ? "danger" : "primary"}" id="confirm-yes">${okLabel}</button></div>`);
    let ok = false;
    $("#confirm-yes", d).onclick = () => { ok = true; d.close(); };
    d.addEventListener("close", () => resolve(ok), { once: true });
    $("#confirm-yes", d).focus();
  });
}

/** Any [data-close] button closes its dialog; focus returns to the opener. */
export function wireClose() {
  document.addEventListener("click", (e) => {
    if (e.target.matches("[data-close]")) e.target.closest("dialog").close();
  });
  document.querySelectorAll("dialog").forEach((d) => d.addEventListener("close", () => {
    const el = opener.get(d);
    opener.delete(d);
    if (el && el.isConnected && !document.querySelector("dialog[open]")) el.focus();
  }));
}
