// Theme and language from the settings, applied to the whole page.
import { $ } from "./lib/dom.js";
import { setLang, t, translatePage } from "./i18n.js";
import { S } from "./state.js";
import { renderTable } from "./views/dashboard.js";

export function applyTheme() {
  const th = S.settings?.theme || "system";
  const dark = th === "dark" || (th === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function applyLang() {
  setLang(S.settings?.language || "en");
  translatePage();
  $("#name-rule").textContent = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
  renderTable();
}
