// The window's view lives in Rust: closing the window to the tray frees the web view,
// and the next page puts back the tab, search, filters and dialog the person left.
import { $, $$ } from "../lib/dom.js";
import { api } from "../api.js";
import { S, byId } from "../state.js";
import { showTab } from "./tabs.js";
import { refreshFleet as refresh } from "../lib/bus.js";
import { switchProfile } from "./header.js";
import { showDetail } from "./detail.js";
import { showRenew } from "../dialogs/renew.js";
import { track } from "./order.js";

const FIELDS = { search: "#search", region: "#filter-region", status: "#filter-status" };

function openDialog(tab) {
  const d = $("dialog[open]");
  const profile = S.profiles.find((p) => p.active)?.name || "";
  if (d?.id === "dlg-detail" && d.dataset.id) return { kind: "detail", profile, ids: [d.dataset.id] };
  if (d?.id === "dlg-renew" && d.dataset.ids) return { kind: "renew", profile, ids: JSON.parse(d.dataset.ids) };
  // The order tracker lives on the Buy tab: left behind on another tab, it is not the view.
  const order = tab === "buy" && !$("#order-tracker").hidden && $$("#order-tracker [data-i18n-vars]").pop();
  if (order) return { kind: "order", profile, ids: [JSON.parse(order.dataset.i18nVars).id] };
  return null;
}

function capture() {
  const tab = $(".tabs button.active")?.dataset.tab || "dash";
  const v = { tab, dialog: openDialog(tab) };
  for (const [k, sel] of Object.entries(FIELDS)) v[k] = $(sel).value;
  return v;
}

let timer = 0;
function save(delay = 0) {
  clearTimeout(timer);
  timer = setTimeout(() => api.saveView(capture()).catch((e) => console.warn("view not saved", e)), delay);
}

/** Saves the view on every change of tab, dialog or tracker and of the fields. */
export function keepView() {
  const seen = new MutationObserver(() => save());
  $$(".tab, dialog, #order-tracker").forEach((el) => seen.observe(el, { attributes: true,
    attributeFilter: ["hidden", "open"] }));
  $("#search").addEventListener("input", () => save(100));
  $$("#filter-region, #filter-status").forEach((el) => el.addEventListener("change", () => save()));
}

async function restore(v) {
  const d = v.dialog;
  if (d?.profile && !S.profiles.find((p) => p.active && p.name === d.profile)) await switchProfile(d.profile);
  for (const [k, sel] of Object.entries(FIELDS)) {
    if (v[k]) { $(sel).value = v[k]; $(sel).dispatchEvent(new Event("input")); }
  }
  const tab = $(`.tabs [data-tab="${v.tab}"]`);
  if (tab && !tab.classList.contains("active")) showTab(tab);
  if (!d) return;
  if (d.kind !== "order" && !d.ids.every(byId)) await refresh();
  const ids = d.ids.filter(byId);
  if (d.kind === "detail" && ids.length) showDetail(byId(ids[0]));
  if (d.kind === "renew" && ids.length) await showRenew(ids);
  if (d.kind === "order") track(d.ids[0]);
}

/** Puts back the view kept in Rust, then keeps it up to date. */
export async function restoreView() {
  try {
    await restore(await api.viewState());
  } finally {
    keepView();
  }
}

/** Runs `fn` once the page's current content has been drawn: the callback of the
 *  frame after next comes after the first frame's paint. */
export function afterPaint(fn) {
  requestAnimationFrame(() => requestAnimationFrame(fn));
}
