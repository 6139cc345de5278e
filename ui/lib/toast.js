// Feedback: short-lived toasts and inline error lines. An error shows one friendly
// sentence; the technical part (codes, request id) waits behind "Details".
import { $, html, render } from "./dom.js";
import { t } from "../i18n.js";

export const errText = (e) => (e && e.message) || String(e);

// The technical part of an error, from its fields: the activity-log entry, the
// cloud's code, then the detail (request id, the OS's words).
export const techText = (e) => (e ? [e.journal_id && `[${e.journal_id}]`, e.code, e.detail] : [])
  .filter(Boolean).join(" ");

// The "Details" disclosure of an error (nothing when there is nothing technical).
export const detailsOf = (e) => (techText(e)
  ? html`<details><summary data-i18n="details">${t("details")}</summary><code>${techText(e)}</code></details>` : "");

const errMarkup = (e) => html`<span class="msg">${errText(e)}</span>${detailsOf(e)}`;

export function toast(msg, kind = "info", e = null) {
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.dataset.test = "toast";
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  if (e) render(el, errMarkup(e)); else el.textContent = msg;
  $("#toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 12000 : 4500);
}

/** Shows an error in `target` (an inline error line) or, without one, as a toast. */
export function showErr(target, e) {
  if (target) render(target, errMarkup(e));
  else toast(errText(e), "error", e);
}
