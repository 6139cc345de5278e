// Dates, times, numbers, money and region names in the UI language (not the OS
// locale): every view formats through here, so switching language changes them all.
import { getLang, t } from "../i18n.js";
import { S } from "../state.js";

export const locale = () => (getLang() === "zh" ? "zh-CN" : "en-US");

const parse = (v) => (v instanceof Date ? v : new Date(v));
const valid = (d) => !Number.isNaN(d.getTime());

/** A calendar date, e.g. "Nov 25, 2026" / "2026年11月25日". Expiry dates are UTC days. */
export function fmtDate(v, utc = true) {
  if (!v) return "—";
  const d = parse(v);
  if (!valid(d)) return String(v);
  const opts = { year: "numeric", month: "short", day: "numeric" };
  return d.toLocaleDateString(locale(), utc ? { ...opts, timeZone: "UTC" } : opts);
}

export function fmtDateTime(v) {
  if (!v) return "—";
  const d = parse(v);
  if (!valid(d)) return String(v);
  return d.toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
}

export function fmtTime(v) {
  const d = parse(v);
  return valid(d) ? d.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
}

export const fmtNum = (n, digits = 0) =>
  Number(n).toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "16.00 USD" / "16.00 美元"-style amounts; an unknown currency code is shown as given. */
export function fmtMoney(amount, currency) {
  if (amount == null) return "—";
  if (!currency) return fmtNum(amount, 2);
  try {
    return Number(amount).toLocaleString(locale(), { style: "currency", currency, currencyDisplay: "code" });
  } catch (_) {
    return `${fmtNum(amount, 2)} ${currency}`;
  }
}

/** A Huawei Cloud site ("cn" / "intl") as the user calls it. */
export const siteName = (site) => t(site === "cn" ? "site_cn" : "site_intl");

/** The region's name in the UI language, from the bundled catalog (the fleet carries English only). */
export function regionName(id, fallback) {
  const r = (S.catalog?.regions || []).find((x) => x.id === id);
  if (!r) return fallback || id;
  return getLang() === "zh" ? r.name_zh : r.name_en;
}
