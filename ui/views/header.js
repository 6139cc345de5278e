// The header's account picker and site badge, and switching between accounts.
import { $, html, render } from "../lib/dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { S } from "../state.js";
import { siteName } from "../lib/format.js";
import { renderTable } from "./dashboard.js";
import { emit, refreshFleet as refresh } from "../lib/bus.js";
import { loadCatalog } from "./buy.js";

const option = (p) => html`<option value="${p.name}" ${p.active ? "selected" : ""}>${p.name}${
  p.demo ? "" : " · " + p.masked_ak}</option>`;

export async function loadProfiles() {
  S.profiles = await api.profiles();
  render($("#profile-select"), html`${S.profiles.map(option)}`);
  const active = S.profiles.find((p) => p.active) || S.profiles[0];
  S.site = active.site;
  S.demo = active.demo;
  $("#demo-badge").hidden = !S.demo;
  $("#demo-clock").hidden = !S.demo;
  $("#site-badge").textContent = siteName(active.site);
  emit("profiles"); // the Settings list answers
  $("#name-rule").textContent = t(S.site === "cn" ? "name_rule_cn" : "name_rule_intl");
}

export async function switchProfile(name) {
  await api.useProfile(name);
  S.fleet = null; S.rows = []; S.selected.clear(); S.catalog = null;
  await loadProfiles();
  renderTable();
  await refresh(30000);
  await loadCatalog();
}
