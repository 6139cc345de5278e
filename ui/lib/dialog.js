// Modal dialogs: each <dialog> in index.html has a .body filled per use.
import { $, html, render } from "./dom.js";
import { t } from "../i18n.js";

export function openDialog(id, markup) {
  const d = $(id);
  if (markup !== undefined) render($(".body", d), markup);
  if (!d.open) d.showModal();
  return d;
}

export const closeBtn = () => html`<button class="btn" data-close>${t("close")}</button>`;

/** Any [data-close] button closes its dialog. */
export function wireClose() {
  document.addEventListener("click", (e) => {
    if (e.target.matches("[data-close]")) e.target.closest("dialog").close();
  });
}
