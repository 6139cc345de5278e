// DOM helpers and the one way markup is built: the `html` tagged template
// escapes every interpolated value unless it is itself `html` output, so no
// string from Rust, the cloud or the user can become markup.
export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ESC[c]);

class Html {
  constructor(s) { this.s = s; }
  toString() { return this.s; }
}

const part = (v) => {
  if (v instanceof Html) return v.s;
  if (Array.isArray(v)) return v.map(part).join("");
  if (v === null || v === undefined || v === false) return "";
  return esc(v);
};

/** `html\`<b>${name}</b>\`` → markup with `name` escaped; arrays and nested `html` compose. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += part(v) + strings[i + 1]; });
  return new Html(out);
}

/** Puts `html` output into an element; a plain string is refused, so it cannot skip escaping. */
export function render(el, markup) {
  if (!(markup instanceof Html)) throw new TypeError("render() takes html`` output only");
  el.innerHTML = markup.s;
  return el;
}

/** Same for insertAdjacentHTML. */
export function append(el, markup, where = "beforeend") {
  if (!(markup instanceof Html)) throw new TypeError("append() takes html`` output only");
  el.insertAdjacentHTML(where, markup.s);
  return el;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Disables `btn` while `fn` runs, so one click is one request. */
export async function busy(btn, fn) {
  if (btn) btn.disabled = true;
  try { return await fn(); } finally { if (btn) btn.disabled = false; }
}
