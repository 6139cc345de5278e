// A journal entry (a paid or power action) told as a sentence in the UI language:
// "Renewed web-shop for 2 months". Activity and the pending banner both use it.
import { regionName } from "./format.js";
import { t } from "../i18n.js";
import { S } from "../state.js";

/** Instance names for the ids an entry names (resource or server ids); unknown ids shortened. */
function names(p) {
  const one = (id) => S.names[id] || `${String(id).slice(0, 8)}…`;
  const ids = p.resource_ids || p.server_ids || (p.resource_id ? [p.resource_id] : []);
  return ids.map(one).join(", ");
}

const period = (type, n) => t(`${type === "year" ? "p_year" : "p_month"}_${n === 1 ? "1" : "n"}`, { n });

/** One entry as a sentence in the UI language. */
export function sentence(e) {
  const p = e.params || {};
  switch (e.action) {
    case "purchase": return t("act_purchase", {
      n: p.purchase_quantity || 1, name: p.instance_name, spec: p.plan_spec,
      region: regionName(p.region), period: period(p.period_type, p.period_num),
    });
    case "renew": return t("act_renew", { names: names(p), period: period(p.period_type, p.period_num) });
    case "unsubscribe": return t(p.unsubscribe_type === 2 ? "act_unsub_renewals" : "act_unsub", { names: names(p) });
    case "pay": return t("act_pay", { order: p.order_id });
    case "cancel_order": return t("act_cancel_order", { order: p.order_id });
    case "stop": return t(p.hard ? "act_stop_hard" : "act_stop", { names: names(p) });
    case "auto_renew": return t(p.on ? "act_auto_renew_on" : "act_auto_renew_off", { names: names(p) });
    case "start": case "reboot": case "reset_password": case "auto_renew_on": case "auto_renew_off":
      return t(`act_${e.action}`, { names: names(p) });
    default: return t("act_other", { action: e.action });
  }
}
