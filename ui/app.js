// Flexus Desk UI entry point. All data comes from Rust commands through api.js;
// nothing here sees credentials. Markup is built only with lib/dom.js's `html`.
import { $ } from "./lib/dom.js";
import { showErr } from "./lib/toast.js";
import { wireClose } from "./lib/dialog.js";
import { api } from "./api.js";
import { S, byId } from "./state.js";
import { applyTheme, applyLang } from "./theme.js";
import { refresh, wireDashboard } from "./views/dashboard.js";
import { showDetail, wireDetail } from "./views/detail.js";
import { loadCatalog, wireBuy } from "./views/buy.js";
import { wireActivity } from "./views/activity.js";
import { wireCalendar } from "./views/calendar.js";
import { wireSettings } from "./views/settings.js";
import { wireTabs } from "./views/tabs.js";
import { wireOnboarding } from "./views/onboarding.js";
import { loadProfiles, switchProfile } from "./views/header.js";
import { showRenew, wireRenew } from "./dialogs/renew.js";
import { wireUnsub } from "./dialogs/unsubscribe.js";
import { wirePassword } from "./dialogs/password.js";
import { wireEdit } from "./dialogs/edit.js";
import { wirePurchase } from "./dialogs/purchase.js";
import { wirePending, checkAll, loadPending } from "./views/pending.js";
import { track } from "./views/order.js";
import { afterPaint, keepView, restoreView } from "./views/window.js";
import { on } from "./lib/bus.js";

// From the tray's expiry items and from clicks on desktop notifications.
function wireRustEvents() {
  const openFromRust = (open) => async (ev) => {
    const { profile, id } = ev.payload || {};
    if (profile && !S.profiles.find((p) => p.active && p.name === profile)) await switchProfile(profile);
    if (!byId(id)) await refresh();
    if (byId(id)) open(id);
  };
  api.listen("open-renewal", openFromRust((id) => showRenew([id])));
  api.listen("open-instance", openFromRust((id) => showDetail(byId(id))));
  // The tray's unpaid orders: that order's tracker, to pay or cancel it.
  api.listen("open-order", async (ev) => {
    const { profile, id } = ev.payload || {};
    if (profile && !S.profiles.find((p) => p.active && p.name === profile)) await switchProfile(profile);
    if (id) track(id);
  });
}

// Start-up notes (a damaged file set aside, a newer format): Rust words them in the
// language of the moment, so a language switch asks for them again.
function showNotes(notes) {
  $("#notes").hidden = !notes.length;
  $("#notes").textContent = notes.join("\n");
}

function wire() {
  wireTabs();
  wireClose();
  wireDashboard(); wireDetail(); wireRenew(); wireUnsub(); wirePassword(); wireEdit();
  wireBuy(); wirePurchase(); wireActivity(); wireCalendar(); wireSettings(); wireOnboarding(); wirePending();
  $("#profile-select").addEventListener("change", (e) => switchProfile(e.target.value).catch((x) => showErr(null, x)));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
  wireRustEvents();
}

async function start() {
  wire();
  try {
    const [info, settings] = await Promise.all([api.appInfo(), api.settings()]);
    document.body.dataset.startupJsMs = String(info.uptime_ms); // the page's script is running
    S.settings = settings;
    applyTheme();
    await loadProfiles();
    applyLang();
    showNotes(info.notes);
    // Later switches ask again (registered after the first relabel: start-up has them).
    on("relabel", async () => showNotes((await api.appInfo()).notes));
    // Start-up recovery: the banner shows every unresolved paid action from the
    // journal at once, then each is checked against the cloud until resolved.
    loadPending().then(checkAll);
    if (!info.onboarded) { $("#dlg-welcome").showModal(); keepView(); return; }
    await refresh(30000);
    // Start-up figure for the benchmark: process start → dashboard painted.
    afterPaint(async () => { document.body.dataset.startupMs = String((await api.appInfo()).uptime_ms); api.painted(); });
    await restoreView();
    await loadCatalog();
  } catch (e) { showErr(null, e); }
}

start();
