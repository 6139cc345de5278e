//! Orders: `order` (details), `pay` and `cancel-order` for an order waiting for payment.

use serde_json::json;

use super::args::{Confirm, Global};
use super::shared::{client, confirm, journal, out, Fail};
use flexus_core::actions::{Actor, PaidAction};
use flexus_core::confirm::Quoted;

pub async fn order(g: &Global, order_id: String) -> Result<(), Fail> {
    let (cl, _) = client(g)?;
    let d = cl.order_details(&order_id).await?;
    let o = &d.order_info;
    let st = o.status;
    let amount = o
        .amount_after_discount
        .map(|a| {
            format!(
                ", {:.2} {}",
                a.round_dp(2),
                o.currency.clone().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let deadline = o
        .pending_payment_end_time
        .as_deref()
        .filter(|_| st == 6)
        .map(|t| format!(", pay by {t} (flexus pay / flexus cancel-order)"))
        .unwrap_or_default();
    out(g, json!(d), || {
        format!(
            "Order {order_id}: {} ({st}){amount}{deadline}",
            flexus_core::client::models::order_status_text(st)
        )
    });
    Ok(())
}

pub async fn pay(g: &Global, order_id: String, c: Confirm) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    let d = cl.order_details(&order_id).await?;
    let amount = d.order_info.amount_after_discount.ok_or_else(|| {
        Fail(
            1,
            format!("order {order_id} shows no amount; nothing was paid"),
        )
    })?;
    if confirm(
        &c,
        g,
        &json!({"order_id": order_id, "amount": amount}),
        &format!(
            "Pay order {order_id}: {amount:.2} {} from the balance.",
            d.order_info.currency.clone().unwrap_or_default()
        ),
    )? {
        let j = journal()?;
        Actor::new(&cl, &j, &profile)
            .perform_priced(
                PaidAction::Pay {
                    order_id: order_id.clone(),
                },
                // The journal keeps the amount shown and confirmed, as the app does.
                Some(Quoted::new(
                    amount,
                    &d.order_info.currency.clone().unwrap_or_default(),
                )),
            )
            .await?;
        out(g, json!({"ok": true}), || format!("Order {order_id} paid."));
    }
    Ok(())
}

pub async fn cancel(g: &Global, order_id: String, c: Confirm) -> Result<(), Fail> {
    let (cl, profile) = client(g)?;
    flexus_core::validate::resource_id(&order_id).map_err(|e| Fail(2, e.to_string()))?;
    if confirm(
        &c,
        g,
        &json!({"order_id": order_id}),
        &format!("Cancel order {order_id} (waiting for payment; nothing is charged)."),
    )? {
        let j = journal()?;
        Actor::new(&cl, &j, &profile)
            .perform(PaidAction::CancelOrder {
                order_id: order_id.clone(),
            })
            .await?;
        out(g, json!({"ok": true}), || {
            format!("Order {order_id} cancelled.")
        });
    }
    Ok(())
}
