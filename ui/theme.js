// Theme and language from the settings, applied to the whole page at once: a language
// switch re-renders every view that holds text (header, tabs, table, forms, lists).
import { $ } from "./lib/dom.js";
import { setLang, t, translatePage } from "./i18n.js";
import { S } from "./state.js";
import { siteName } from "./lib/format.js";
import { renderTable, renderHeader, fillFilters } from "./views/dashboard.js";
import { renderProfileList, renderWatch } from "./views/settings.js";
import { renderRegions, specDetail } from "./views/buy.js";
import { renderLog } from "./views/activity.js";
import { renderUnpaid, loadPending } from "./views/pending.js";

export function applyTheme() {
  const th = S.settings?.theme || "system";
  const dark = th === "dark" || (th === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function applyLang() {
  setLang(S.settings?.language || "en");
  translatePage();
  $("#name-rule").textContent = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
  const active = S.profiles.find((p) => p.active);
  if (active) $("#site-badge").textContent = siteName(active.site);
  renderHeader();
  if (S.fleet) fillFilters();
  renderTable();
  renderProfileList();
  renderRegions();
  if (S.specs.length) specDetail();
  renderUnpaid();
  loadPending(); // the unresolved-actions banner, said again in the new language
  if (!$("#tab-log").hidden) renderLog();
  if (!$("#tab-settings").hidden) renderWatch();
}
