// Purchase review: what will be ordered, then one confirmed purchase per intent.
import { $, html, busy } from "../lib/dom.js";
import { showErr } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { readBuyForm, specLine } from "../views/buy.js";
import { track, trackUnknown } from "../views/order.js";

function reviewTable(r) {
  const q = r.request, s = r.spec;
  const row = (k, v) => html`<tr><td>${k}</td><td>${v}</td></tr>`;
  const img = q.image_ref.image_id ? `${t("kind_private")} ${q.image_ref.image_id}`
    : `${q.image_ref.image_name} ${q.image_ref.image_version}`;
  const extras = (q.extra_resources || []).map((e) => e.type + (e.size ? ` ${e.size} GiB` : "")).join(", ");
  const tags = (q.tags || []).map((x) => `${x.key}=${x.value}`).join(", ");
  return html`<table class="review">
    ${row(t("region"), `${r.region_name} (${q.region})`)}${row(t("image"), img)}
    ${row(t("spec"), `${s.code} — ${specLine(s)}`)}
    ${row(t("inst_name"), q.instance_name)}${row(t("inst_desc"), q.description || "—")}
    ${row(t("period"), `${q.period_num} ${t(q.period_type === "year" ? "years" : "months")}`)}
    ${row(t("quantity"), q.purchase_quantity)}${row(t("extras"), extras || "—")}${row(t("tags"), tags || "—")}
    ${row(t("auto_renew_label"), q.is_auto_renew ? t("on") : t("off"))}
    ${row(t("auto_pay"), q.is_auto_pay ? t("on") : t("off"))}</table>`;
}

export async function review(ev) {
  ev.preventDefault();
  const { errs, form } = readBuyForm();
  $("#buy-error").textContent = errs.join("\n");
  if (errs.length) return;
  try {
    const r = await api.purchaseReview(form);
    const markup = html`<h2>${t("review_title")}</h2>${reviewTable(r)}
      <p class="error" role="alert"></p>
      <div class="actions">${closeBtn()}
        <button class="btn primary" id="buy-confirm">${t("confirm_buy")}</button></div>`;
    const d = openDialog("#dlg-review", markup);
    // One purchase intent = one Client-Request-Id, so a double click cannot buy twice.
    d.dataset.crid = crypto.randomUUID();
    d.dataset.form = JSON.stringify(form);
  } catch (e) { showErr($("#buy-error"), e); }
}

async function confirmBuy(d) {
  const form = JSON.parse(d.dataset.form);
  await busy($("#buy-confirm", d), async () => {
    try {
      const r = await api.purchase(form, d.dataset.crid);
      d.close();
      track(r.order_id);
    } catch (e) {
      if (e.kind === "outcome_unknown") { d.close(); trackUnknown(e); } else showErr($(".error", d), e);
    }
  });
}

export function wirePurchase() {
  const d = $("#dlg-review");
  d.addEventListener("click", (e) => { if (e.target.id === "buy-confirm") confirmBuy(d); });
}
