// Theme and language from the settings, applied to the whole page at once: a language
// switch asks every view that holds text to "relabel" itself (each answers for its own).
import { $ } from "./lib/dom.js";
import { emit } from "./lib/bus.js";
import { setLang, t, translatePage } from "./i18n.js";
import { S } from "./state.js";
import { siteName } from "./lib/format.js";

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
  emit("relabel");
}
