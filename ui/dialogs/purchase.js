// Purchase review: what will be ordered and which account pays; confirming sends
// only the review's single-use confirmation id (bound in Rust to that account and
// exactly this request), so a double click or a profile switch cannot buy twice
// or on another account.
import { $, html, busy } from "../lib/dom.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { fmtMoney, regionName, siteName } from "../lib/format.js";
import { readBuyForm, specLine } from "../views/buy.js";
import { track, trackUnknown } from "../views/order.js";
import { showMoneyErr } from "../views/pending.js";
import { on } from "../lib/bus.js";

function reviewTable(r) {
  const q = r.request, s = r.spec;
  const row = (k, v) => html`<tr><td>${k}</td><td>${v}</td></tr>`;
  const img = q.image_ref.image_id ? `${t("kind_private")} ${q.image_ref.image_id}`
    : `${q.image_ref.image_name} ${q.image_ref.image_version}`;
  const extras = (q.extra_resources || []).map((e) => e.type + (e.size ? ` ${e.size} GiB` : "")).join(", ");
  const tags = (q.tags || []).map((x) => `${x.key}=${x.value}`).join(", ");
  return html`<table class="review">
    ${row(t("region"), `${regionName(q.region, r.region_name)} (${q.region})`)}${row(t("image"), img)}
    ${row(t("spec"), `${s.code} — ${specLine(s)}`)}
    ${row(t("inst_name"), q.instance_name)}${row(t("inst_desc"), q.description || "—")}
    ${row(t("period"), `${q.period_num} ${t(q.period_type === "year" ? "years" : "months")}`)}
    ${row(t("quantity"), q.purchase_quantity)}${row(t("extras"), extras || "—")}${row(t("tags"), tags || "—")}
    ${row(t("auto_renew_label"), q.is_auto_renew ? t("on") : t("off"))}
    ${row(t("auto_pay"), q.is_auto_pay ? t("on") : t("off"))}
    ${row(t("payer"), html`<b id="review-payer">${r.payer.profile}</b> (${siteName(r.payer.site)})`)}</table>`;
}

// Asked for by the Buy form's submit (lib/bus.js): the form sits below this dialog.
async function review() {
  const { errs, form } = readBuyForm();
  $("#buy-error").textContent = errs.join("\n");
  if (errs.length) return;
  try {
    const r = await api.purchaseReview(form);
    const est = r.estimate && t("review_estimate", { amount: fmtMoney(r.estimate.amount, r.estimate.currency) });
    const markup = html`<h2>${t("review_title")}</h2>${reviewTable(r)}
      ${est ? html`<p id="review-estimate"><b>${est}</b></p>`
        : r.request.is_auto_pay ? "" : html`<p class="muted" id="review-no-estimate">${t("review_no_estimate")}</p>`}
      ${r.request.is_auto_pay ? "" : html`<p class="muted" id="review-price-note">${t("review_price_note")}</p>`}
      <p class="error" role="alert"></p>
      <div class="actions">${closeBtn()}
        <button type="button" class="btn primary" id="buy-confirm">${t("confirm_buy")}</button></div>`;
    const d = openDialog("#dlg-review", markup);
    d.dataset.cid = r.confirm_id;
  } catch (e) { showMoneyErr($("#buy-error"), e); }
}

async function confirmBuy(d) {
  const cid = d.dataset.cid;
  if (!cid) return;
  delete d.dataset.cid; // used once, whatever happens
  const btn = $("#buy-confirm", d);
  await busy(btn, async () => {
    try {
      const r = await api.purchase(cid);
      d.close();
      track(r.order_id);
    } catch (e) {
      if (e.kind === "outcome_unknown") { d.close(); trackUnknown(e); } else showMoneyErr($(".error", d), e);
    }
  });
  btn.disabled = true;
}

export function wirePurchase() {
  on("review-purchase", review);
  const d = $("#dlg-review");
  d.addEventListener("click", (e) => { if (e.target.id === "buy-confirm") confirmBuy(d); });
}
