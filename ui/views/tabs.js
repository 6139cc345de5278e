// The tab strip: which tab shows, and what each loads when it opens.
import { $, $$ } from "../lib/dom.js";
import { loadLog } from "./activity.js";
import { loadCalendar } from "./calendar.js";
import { fillSettings } from "./settings.js";

export function showTab(b, focus = false) {
  $$(".tabs button").forEach((x) => {
    const on = x === b;
    x.classList.toggle("active", on);
    x.setAttribute("aria-selected", String(on));
    x.tabIndex = on ? 0 : -1;
  });
  $$(".tab").forEach((s) => (s.hidden = s.id !== `tab-${b.dataset.tab}`));
  if (focus) b.focus();
  if (b.dataset.tab === "log") loadLog();
  if (b.dataset.tab === "calendar") loadCalendar();
  if (b.dataset.tab === "settings") fillSettings();
}

// Tabs follow the WAI-ARIA pattern: one tab stop, arrow keys (and Home/End) move and select.
export function wireTabs() {
  const tabs = $$(".tabs button");
  tabs.forEach((b) => b.addEventListener("click", () => showTab(b)));
  $(".tabs").addEventListener("keydown", (e) => {
    const i = tabs.indexOf(e.target);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    showTab(tabs[(to + tabs.length) % tabs.length], true);
  });
}
