//! Paid actions on instances: `renewal`, `unsubscribe`, `auto-renew`, and
//! `check-pending`, which settles the ones whose outcome is unknown.

use std::time::Duration;

use serde_json::{json, Value};

use super::args::{Confirm, Global};
use super::shared::{client, confirm, journal, out, Fail};
use flexus_core::actions::{quote, Actor, PaidAction, Reconciled};
use flexus_core::client::bss::PeriodType;

pub async fn renewal(
    g: &Global,
    resource_ids: Vec<String>,
    period_num: i64,
    period_type: String,
    auto_pay: bool,
    c: Confirm,
) -> Result<(), Fail> {
    let pt = PeriodType::parse(&period_type)
        .ok_or_else(|| Fail(2, "period type must be month or year".into()))?;
    flexus_core::validate::renew_period(&period_type, period_num)
        .map_err(|e| Fail(2, e.to_string()))?;
    flexus_core::validate::resource_ids(&resource_ids, 10).map_err(|e| Fail(2, e.to_string()))?;
    let (cl, profile) = client(g)?;
    let q = quote::renewal(&cl, &resource_ids, pt, period_num).await?;
    let currency = q.currency.clone().unwrap_or_default();
    let plan = json!({"resource_ids": resource_ids, "period_type": pt.bss_code(), "period_num": period_num, "is_auto_pay": auto_pay as i64, "price": q.total, "currency": currency, "items": q.items});
    let lines: Vec<String> = q
        .items
        .iter()
        .map(|i| {
            format!(
                "  {}: {:.2} {currency}, expires {} → {}",
                i.id,
                i.amount,
                i.expire_now.as_deref().unwrap_or("?"),
                i.expire_new.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let summary = format!(
        "Renew {} instance(s) for {period_num} {period_type}(s). Price: {:.2} {currency}. Auto-pay: {}.\n{}",
        resource_ids.len(),
        q.total,
        if auto_pay { "yes, from the balance" } else { "no, the order waits for payment" },
        lines.join("\n")
    );
    if confirm(&c, g, &plan, &summary)? {
        let j = journal()?;
        let d = Actor::new(&cl, &j, &profile)
            .perform_priced(
                PaidAction::renew(&resource_ids, pt, period_num, auto_pay),
                // The journal keeps the price shown and confirmed, as the app does.
                Some(q.quoted()),
            )
            .await?;
        out(g, json!(d), || {
            format!("Renewal ordered: {}", d.result.order_ids.join(", "))
        });
    }
    Ok(())
}

pub async fn unsubscribe(
    g: &Global,
    resource_ids: Vec<String>,
    kind: i64,
    reason: Option<String>,
    reason_type: Option<i64>,
    c: Confirm,
) -> Result<(), Fail> {
    flexus_core::validate::unsubscribe_type(kind).map_err(|e| Fail(2, e.to_string()))?;
    flexus_core::validate::resource_ids(&resource_ids, 10).map_err(|e| Fail(2, e.to_string()))?;
    let (cl, profile) = client(g)?;
    let plan = json!({"resource_ids": resource_ids, "unsubscribe_type": kind, "unsubscribe_reason_type": reason_type, "unsubscribe_reason": reason});
    let what = if kind == 1 {
        "the instances AND everything attached (disks, backups, host security, public IP) are released now; data cannot be recovered"
    } else {
        "only renewed periods that have not started are cancelled; the instances keep running until their current expiry"
    };
    if confirm(
        &c,
        g,
        &plan,
        &format!(
            "Unsubscribe {} instance(s), type {kind}: {what}.",
            resource_ids.len()
        ),
    )? {
        let j = journal()?;
        let d = Actor::new(&cl, &j, &profile)
            .perform(PaidAction::unsubscribe(
                &resource_ids,
                kind,
                reason_type,
                reason.as_deref(),
            ))
            .await?;
        out(g, json!(d), || {
            format!("Unsubscribed: {}", d.result.order_ids.join(", "))
        });
    }
    Ok(())
}

pub async fn auto_renew(
    g: &Global,
    resource_ids: Vec<String>,
    on: bool,
    off: bool,
) -> Result<(), Fail> {
    if on == off {
        return Err(Fail(2, "give --on or --off".into()));
    }
    let (cl, profile) = client(g)?;
    let j = journal()?;
    let actor = Actor::new(&cl, &j, &profile);
    for id in &resource_ids {
        actor
            .perform(PaidAction::AutoRenew {
                resource_id: id.clone(),
                on,
            })
            .await?;
    }
    out(g, json!({"ok": true, "auto_renew": on}), || {
        format!(
            "Auto-renew {} for {} instance(s).",
            if on { "on" } else { "off" },
            resource_ids.len()
        )
    });
    Ok(())
}

/// Exit 0 when nothing is left unresolved, 4 when something still is.
pub async fn check_pending(g: &Global, wait_secs: u64, settle_minutes: i64) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let j = journal()?;
    let actor =
        Actor::new(&cl, &j, &profile).with_settle(time::Duration::minutes(settle_minutes.max(0)));
    let mut results = Vec::new();
    for e in j.unresolved().map_err(|e| Fail(1, e.to_string()))? {
        if e.profile != profile {
            continue;
        }
        let r = actor
            .reconcile_until(&e.id, Duration::from_secs(wait_secs))
            .await?;
        results.push((e, r));
    }
    let open = results.iter().filter(|(_, r)| !r.resolved()).count();
    let v: Vec<Value> = results
        .iter()
        .map(|(e, r)| json!({"journal_id": e.id, "action": e.action, "what": e.describe(), "outcome": r}))
        .collect();
    out(g, json!(v), || {
        if results.is_empty() {
            return "Nothing is pending.".into();
        }
        results
            .iter()
            .map(|(e, r)| {
                let what = e.describe();
                match r {
                    Reconciled::Found {
                        order_id, evidence, ..
                    } => format!(
                        "{what}: went through{} ({evidence})",
                        order_id
                            .as_deref()
                            .map(|o| format!(", order {o}"))
                            .unwrap_or_default()
                    ),
                    Reconciled::NotFound { evidence } => {
                        format!("{what}: not processed ({evidence})")
                    }
                    Reconciled::Pending { message } => format!("{what}: still unknown ({message})"),
                    Reconciled::Unsupported => format!("{what}: nothing to check"),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    if open > 0 {
        return Err(Fail(
            4,
            format!("{open} action(s) still have no known outcome; nothing was sent again"),
        ));
    }
    Ok(())
}
