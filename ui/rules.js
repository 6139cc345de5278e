// The same input rules as flexus_core::validate, for instant feedback. Rust
// checks again before anything is sent.
const SPECIALS = "!@%-_=+[]:./?";
const cjk = (c) => /[\u3400-\u4dbf\u4e00-\u9fff]/.test(c);

export function instanceName(site, n) {
  if (!n || [...n].length > 128) return false;
  const first = n[0];
  if (!(/[A-Za-z]/.test(first) || (site === "cn" && cjk(first)))) return false;
  return [...n].every((c) => /[A-Za-z0-9_-]/.test(c) || (site === "cn" && cjk(c)));
}

export function passwordChecks(pw, again) {
  const lower = pw.toLowerCase();
  const special = [...pw].some((c) => SPECIALS.includes(c)) ? 1 : 0;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((r) => r.test(pw)).length + special;
  const admin = "administrator";
  let triple = false;
  for (let i = 0; i + 3 <= admin.length; i++) if (lower.includes(admin.slice(i, i + 3))) triple = true;
  const words = ["root", "toor", "administrator", "rotartsinimda"].some((w) => lower.includes(w)) || triple;
  return {
    len: [...pw].length >= 8 && [...pw].length <= 26,
    classes: classes >= 3,
    chars: pw.length > 0 && [...pw].every((c) => /[A-Za-z0-9]/.test(c) || SPECIALS.includes(c)),
    words: pw.length > 0 && !words,
    same: pw.length > 0 && pw === again,
  };
}

export function hostname(h) {
  if (!h || h.length > 64 || !/^[A-Za-z0-9.-]+$/.test(h)) return false;
  if (/^[.-]|[.-]$/.test(h)) return false;
  return !["..", "--", ".-", "-."].some((s) => h.includes(s));
}

export function serverName(n) {
  return !!n && [...n].length <= 64 && [...n].every((c) => /[A-Za-z0-9_.-]/.test(c) || cjk(c));
}

export function intIn(v, lo, hi) {
  const n = Number(v);
  return Number.isInteger(n) && n >= lo && n <= hi;
}

export function tagLines(text) {
  const tags = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf("=");
    if (i < 1) return null;
    const key = line.slice(0, i).trim();
    if (!/^[A-Za-z\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff-]{0,31}$/.test(key)) return null;
    tags.push({ key, value: line.slice(i + 1).trim() });
  }
  return tags;
}
