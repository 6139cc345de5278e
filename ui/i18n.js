// Language: `t(key, vars)` looks a key up in the chosen catalog and fills {name} placeholders.
import en from "./locales/en.js";
import zh from "./locales/zh.js";

const dicts = { en, zh };
let lang = "en";
export function setLang(l) {
  lang = dicts[l] ? l : "en";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}
export function getLang() { return lang; }
export function t(key, vars = {}) {
  const s = (dicts[lang] && dicts[lang][key]) || en[key] || key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] !== undefined ? String(vars[k]) : ""));
}
/** Fills every element with data-i18n (text) or data-i18n-ph (placeholder). */
export function translatePage(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll("[data-i18n-ph]").forEach((el) => { el.placeholder = t(el.dataset.i18nPh); });
}
