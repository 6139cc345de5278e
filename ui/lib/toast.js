// Feedback: short-lived toasts and inline error lines.
import { $ } from "./dom.js";

export function toast(msg, kind = "info") {
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = msg;
  el.dataset.test = "toast";
  $("#toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 9000 : 4500);
}

export const errText = (e) => (e && e.message) || String(e);

/** Shows an error in `target` (an inline error line) or, without one, as a toast. */
export function showErr(target, e) {
  if (target) target.textContent = errText(e);
  else toast(errText(e), "error");
}
