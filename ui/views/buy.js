// The Buy tab's form: region, image, spec choice and the local checks before review.
import { $, $$, html, render } from "../lib/dom.js";
import { showErr } from "../lib/toast.js";
import { api } from "../api.js";
import { t, getLang } from "../i18n.js";
import * as rules from "../rules.js";
import { S } from "../state.js";
import { fillFilters, renderTable } from "./dashboard.js";
import { emit, on } from "../lib/bus.js";

const form = () => $("#buy-form");

export async function loadCatalog(region) {
  const f = form();
  S.catalog = await api.catalog(region || f.region.value || null);
  renderRegions();
  f.region.value = region || S.catalog.regions[0].id;
  fillImages();
  if (S.fleet) { fillFilters(); renderTable(); } // region names in the UI language come with the catalog
}

/** The region picker in the UI language (also after a language switch). */
export function renderRegions() {
  const f = form(), cur = f.region.value;
  if (!S.catalog) return;
  const name = (r) => (getLang() === "zh" ? r.name_zh : r.name_en);
  render(f.region, html`${S.catalog.regions.map((r) => html`<option value="${r.id}">${name(r)} (${r.id})</option>`)}`);
  if (cur) f.region.value = cur;
}

function fillImages() {
  const f = form(), kind = f.kind.value;
  $$(".public-only", f).forEach((e) => (e.hidden = kind === "private"));
  $$(".private-only", f).forEach((e) => (e.hidden = kind !== "private"));
  const imgs = S.catalog.images.filter((i) => i.kind === kind);
  const cur = f.image.value;
  render(f.image, html`${imgs.map((i) => html`<option value="${i.name}">${i.name}</option>`)}`);
  if (imgs.some((i) => i.name === cur)) f.image.value = cur;
  fillVersions();
}

function fillVersions() {
  const f = form();
  const img = S.catalog.images.find((i) => i.name === f.image.value);
  render(f.version, html`${(img?.versions || []).map((v) => html`<option>${v}</option>`)}`);
  fillSpecs();
}

export function imageChoice() {
  const f = form();
  if (f.kind.value === "private") {
    return { type: "private", image_id: f.image_id.value.trim() || "placeholder", windows: f.windows.checked };
  }
  return { type: "public", name: f.image.value, version: f.version.value };
}

async function fillSpecs() {
  const f = form();
  try {
    S.specs = await api.specs(f.region.value, imageChoice());
    const cur = f.plan_spec.value;
    render(f.plan_spec, html`${S.specs.map((s) => html`<option value="${s.code}">${s.code}</option>`)}`);
    if (S.specs.some((s) => s.code === cur)) f.plan_spec.value = cur;
    await specDetail();
  } catch (e) { showErr($("#buy-error"), e); }
}

export const specLine = (s) =>
  t("spec_detail", { cpu: s.vcpus, mem: s.memory_gib, disk: s.disk_gib, bw: s.bandwidth_mbps, traffic: s.traffic_gb });

export async function specDetail() {
  const f = form();
  let s = S.specs.find((x) => x.code === f.plan_spec.value);
  if (f.spec_mode.value === "auto") {
    try {
      s = await api.autoMatch(f.region.value, imageChoice(), Number(f.cpu.value), Number(f.memory.value));
      f.plan_spec.value = s.code; $("#buy-error").textContent = "";
    } catch (e) { s = null; showErr($("#buy-error"), e); }
  }
  $("#spec-detail").textContent = s ? specLine(s) : "";
}

export function readBuyForm() {
  const f = form();
  const errs = [];
  const mark = (el, ok, msg) => { el.classList.toggle("invalid", !ok); if (!ok) errs.push(msg); };
  const name = f.name.value.trim();
  const rule = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
  mark(f.name, rules.instanceName(S.site, name), `${t("inst_name")}: ${rule}`);
  const pmax = f.period_type.value === "year" ? 3 : 9;
  mark(f.period_num, rules.intIn(f.period_num.value, 1, pmax), `${t("period")}: 1–${pmax}`);
  mark(f.quantity, rules.intIn(f.quantity.value, 1, 200), `${t("quantity")}: 1–200`);
  const opt = (el) => (el.value === "" ? null : Number(el.value));
  for (const el of [f.evs, f.cbr]) {
    mark(el, el.value === "" || rules.intIn(el.value, 10, 2048), `${el === f.evs ? t("evs") : t("cbr")}`);
  }
  const tags = rules.tagLines(f.tags.value);
  mark(f.tags, tags !== null, t("tags"));
  if (f.kind.value === "private") {
    mark(f.image_id, /^[A-Za-z0-9_-]{1,64}$/.test(f.image_id.value.trim()), t("image_id"));
  }
  const auto = f.spec_mode.value === "auto";
  return {
    errs,
    form: {
      region: f.region.value, image: imageChoice(), plan_spec: auto ? null : f.plan_spec.value,
      cpu: auto ? Number(f.cpu.value) : null, memory: auto ? Number(f.memory.value) : null,
      name, description: f.description.value, period_type: f.period_type.value, period_num: Number(f.period_num.value),
      quantity: Number(f.quantity.value), evs: opt(f.evs), cbr: opt(f.cbr), hss: f.hss.checked, tags: tags || [],
      auto_renew: f.auto_renew.checked, auto_pay: f.auto_pay.checked,
    },
  };
}

on("relabel", () => { renderRegions(); if (S.specs.length) specDetail(); });

export function wireBuy() {
  const f = form();
  f.addEventListener("submit", (e) => { e.preventDefault(); emit("review-purchase"); });
  f.region.addEventListener("change", () => loadCatalog(f.region.value));
  $$("input[name=kind]", f).forEach((r) => r.addEventListener("change", fillImages));
  f.image.addEventListener("change", fillVersions);
  f.version.addEventListener("change", fillSpecs);
  f.windows.addEventListener("change", fillSpecs);
  f.plan_spec.addEventListener("change", specDetail);
  for (const el of [f.cpu, f.memory, ...$$("input[name=spec_mode]", f)]) el.addEventListener("change", specDetail);
  f.name.addEventListener("input", () =>
    f.name.classList.toggle("invalid", !!f.name.value && !rules.instanceName(S.site, f.name.value.trim())));
}
