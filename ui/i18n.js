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
/**
 * Text that follows a language switch: the element keeps its key (and values) in
 * data-i18n / data-i18n-vars, so translatePage() can say it again in the new language.
 */
export function setLive(el, key, vars = {}) {
  el.dataset.i18n = key;
  el.dataset.i18nVars = JSON.stringify(vars);
  el.textContent = t(key, vars);
}

/** Fills every element with data-i18n (text), data-i18n-ph (placeholder) or data-i18n-aria (aria-label). */
export function translatePage(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {});
  });
  root.querySelectorAll("[data-i18n-ph]").forEach((el) => { el.placeholder = t(el.dataset.i18nPh); });
  root.querySelectorAll("[data-i18n-aria]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.i18nAria)));
}
