// Unsubscribe: both types explained, the name typed to confirm.
import { $, html, busy } from "../lib/dom.js";
import { toast } from "../lib/toast.js";
import { openDialog, closeBtn } from "../lib/dialog.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { refreshFleet as refresh } from "../lib/bus.js";
import { showMoneyErr } from "../views/pending.js";

export function showUnsub(i) {
  const markup = html`<h2>${t("unsub_title", { name: i.name })}</h2>
    <label class="row"><input type="radio" name="ut" value="1" checked> <b>${t("unsub_t1")}</b></label>
    <p class="explain">${t("unsub_t1_text")}</p>
    <label class="row"><input type="radio" name="ut" value="2"> <b>${t("unsub_t2")}</b></label>
    <p class="explain">${t("unsub_t2_text")}</p>
    <label>${t("reason")} <select id="us-reason">${[1, 2, 3, 4, 5].map((n) =>
      html`<option value="${n}">${t("reason_" + n)}</option>`)}</select></label>
    <input id="us-reason-text" maxlength="1000" placeholder="…" aria-label="${t("reason_text")}">
    <label>${t("type_name", { name: i.name })}<input id="us-name" autocomplete="off" translate="no"></label>
    <p class="error" role="alert"></p>
    <div class="actions">${closeBtn()}
      <button type="button" class="btn danger" id="us-confirm" disabled>${t("confirm_unsub")}</button>
    </div>`;
  const d = openDialog("#dlg-unsub", markup);
  d.dataset.id = i.id; d.dataset.name = i.name;
}

async function confirmUnsub(d) {
  const type = Number($("input[name=ut]:checked", d).value);
  await busy($("#us-confirm", d), async () => {
    try {
      const reason = Number($("#us-reason", d).value), text = $("#us-reason-text", d).value || null;
      // The typed name is the review; its confirmation is sent straight away, once.
      const rv = await api.unsubscribeReview([d.dataset.id], type, reason, text, [$("#us-name", d).value]);
      const r = await api.unsubscribe(rv.confirm_id);
      toast(t("unsubscribed", { orders: r.order_ids.join(", ") }), "ok");
      d.close(); $("#dlg-detail").open && $("#dlg-detail").close();
      await refresh();
    } catch (e) { showMoneyErr($(".error", d), e); }
  });
}

export function wireUnsub() {
  const d = $("#dlg-unsub");
  d.addEventListener("input", () => { $("#us-confirm", d).disabled = $("#us-name", d).value !== d.dataset.name; });
  d.addEventListener("click", (e) => { if (e.target.id === "us-confirm") confirmUnsub(d); });
}
