"""Paid journeys: renew, lost answers, auto-renew, unsubscribe, purchase, unpaid orders."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def renew_shows_price_and_new_expiry():
    funded()
    days_before = instance("web-shop")["days_left"]
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=renew]")
    S.wait("document.querySelector('#rn-price')", what="renewal price")
    price = S.text("#rn-price")
    new_exp = S.text(".new-expiry")
    assert "USD" in price and new_exp, (price, new_exp)
    S.type("#rn-num", "12")
    S.wait("document.querySelector('#dlg-renew .error').textContent.length > 0", what="bad period message")
    assert S.js("return document.querySelector('#rn-confirm').disabled")
    S.type("#rn-num", "2")
    S.wait("!document.querySelector('#rn-confirm').disabled")
    # Auto-pay is part of what is quoted and confirmed: ticking it asks for a new quote.
    S.click("#rn-autopay")
    S.wait("document.querySelector('#rn-autopay').checked && document.querySelector('#dlg-renew').dataset.cid && !document.querySelector('#rn-confirm').disabled", what="quote with auto-pay")
    shot("06-renew")
    before = count("subscriptions/resources/renew")
    S.click("#rn-confirm")
    S.wait("!document.querySelector('#dlg-renew').open", timeout=20)
    assert count("subscriptions/resources/renew") == before + 1
    # Two months more (59 to 62 days, by the months crossed).
    S.wait(f"window.__flexus.fleet.instances.find(i => i.name === 'web-shop').days_left >= {days_before + 59}", timeout=15)
    close_dialogs()


@test
def lost_renewal_answer_sends_nothing_on_a_second_click_or_reopen():
    funded()
    admin = demo_admin()
    http("POST", admin + "/_sim/faults", {"service": "bss", "method": "POST", "path_contains": "subscriptions/resources/renew", "kind": "reset_after", "times": 1})
    # The orders cannot be read for now, so no check (the watcher's included) can settle
    # the outcome before the reopen below has been refused.
    http("POST", admin + "/_sim/faults", {"service": "bss", "method": "GET", "path_contains": "customer-orders", "kind": "server_error", "times": 1000})
    renew_orders = lambda: sum(1 for o in http("GET", admin + "/_sim/state")["orders"] if o["order_type"] == 2)
    orders_before = renew_orders()
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=renew]")
    S.wait("!document.querySelector('#rn-confirm').disabled", what="quote")
    S.click("#rn-autopay")
    S.wait("document.querySelector('#rn-autopay').checked && !document.querySelector('#rn-confirm').disabled && document.querySelector('#dlg-renew').dataset.cid", what="quote with auto-pay")
    cid = S.js("return document.querySelector('#dlg-renew').dataset.cid")
    before = count("subscriptions/resources/renew")
    S.click("#rn-confirm")
    S.wait("document.querySelector('#dlg-renew .error').textContent.includes('answer was lost')", timeout=20, what="unknown outcome")
    assert S.js("return document.querySelector('#rn-confirm').disabled"), "the button stays off"
    S.js("document.querySelector('#rn-confirm').disabled = false; document.querySelector('#rn-confirm').click()")
    r = invoke("renew", {"confirm_id": cid})
    assert r[0] == "err" and r[1]["kind"] == "not_confirmed", r
    S.wait("!document.querySelector('#pending-banner').hidden", what="banner")
    shot("06b-renew-unknown")
    # Reopening the dialog: refused in Rust, with "Check now".
    close_dialogs()
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=renew]")
    S.wait("document.querySelector('#dlg-renew .error [data-check]')", timeout=20, what="pending refusal")
    assert S.js("return document.querySelector('#rn-confirm').disabled")
    assert count("subscriptions/resources/renew") == before + 1, "sent exactly once"
    shot("06c-renew-blocked")
    http("DELETE", admin + "/_sim/faults")  # the orders readable again: the evidence is there
    S.click("#dlg-renew .error [data-check]")
    S.wait("document.querySelector('#pending-banner').hidden", timeout=30, what="resolved from evidence")
    assert count("subscriptions/resources/renew") == before + 1, "checking sent nothing"
    assert renew_orders() == orders_before + 1, "exactly one renewal order"
    close_dialogs()


@test
def unpaid_renewal_is_cancelled_later_from_activity():
    open_detail("blog")
    S.click("#dlg-detail [data-act=renew]")
    S.wait("!document.querySelector('#rn-confirm').disabled && !document.querySelector('#rn-autopay').checked", what="quote without auto-pay")
    S.click("#rn-confirm")
    S.wait("!document.querySelector('#dlg-renew').open", timeout=20)
    close_dialogs()
    S.click(".tabs [data-tab=log]")
    S.wait("!!document.querySelector('#log [data-order]')", what="open order in Activity")
    S.click("#log [data-order]")
    S.wait("document.querySelector('#cancel-order-btn')", timeout=20, what="pending renewal order")
    assert "USD" in S.text("#order-amount")
    S.click("#cancel-order-btn")
    S.wait("document.querySelector('#order-state').dataset.status === '4'", timeout=20, what="renewal order cancelled")


@test
def auto_renew_toggle():
    was = instance("staging")["auto_renew"]
    open_detail("staging")
    S.click("#auto-toggle")
    S.wait(f"window.__flexus.fleet.instances.find(i => i.name === 'staging').auto_renew === {json.dumps(not was)}",
           timeout=15)
    close_dialogs()
    assert ("Off" if was else "On") in row_of("staging")["text"]


@test
def unsubscribe_both_types_with_type_to_confirm():
    # An instance of its own, bought for a month and renewed for one more.
    name = "unsub-e2e"
    buy_for_a_month(name)
    renew_by_ipc(name)
    # Type 2: only the renewed month goes.
    open_detail(name)
    S.click("#dlg-detail [data-act=unsub]")
    S.wait("document.querySelector('#dlg-unsub').open")
    S.js("document.querySelector('#dlg-unsub input[value=\"2\"]').checked = true")
    S.type("#us-name", name[:-1])
    assert S.js("return document.querySelector('#us-confirm').disabled")
    r = invoke("unsubscribe_review", {"ids": [row_of(name)["id"]], "unsubscribe_type": 2, "reason_type": 5, "reason": None, "confirm_names": ["wrong"]})
    assert r[0] == "err" and r[1]["kind"] == "not_confirmed", r
    S.type("#us-name", name)
    shot("07-unsubscribe")
    S.click("#us-confirm")
    S.wait("!document.querySelector('#dlg-unsub').open", timeout=20)
    S.wait(f"window.__flexus.fleet.instances.find(i => i.name === {json.dumps(name)}).days_left <= 31", timeout=15)
    # Type 1: released.
    open_detail(name)
    S.click("#dlg-detail [data-act=unsub]")
    S.wait("document.querySelector('#dlg-unsub').open")
    S.type("#us-name", name)
    S.click("#us-confirm")
    S.wait(f"!window.__flexus.fleet.instances.some(i => i.name === {json.dumps(name)})", timeout=20)
    close_dialogs()


@test
def purchase_with_review_and_tracker():
    funded()
    S.click(".tabs [data-tab=buy]")
    S.wait("document.querySelector('#buy-form select[name=plan_spec]').options.length > 0", what="specs")
    before = count("light-instances")
    S.type("#buy-form input[name=name]", "1-bad name")
    S.click("#review-btn")
    S.wait("document.querySelector('#buy-error').textContent.length > 0")
    S.type("#buy-form input[name=name]", "shop-e2e")
    S.type("#buy-form input[name=period_num]", "10")
    S.click("#review-btn")
    S.wait("document.querySelector('#buy-error').textContent.includes('1–9')")
    S.type("#buy-form input[name=period_num]", "1")
    S.type("#buy-form input[name=evs]", "5")
    S.click("#review-btn")
    S.wait("document.querySelector('#buy-form input[name=evs]').classList.contains('invalid')")
    S.type("#buy-form input[name=evs]", "20")
    S.js("document.querySelector('#buy-form input[name=auto_pay]').checked = true")
    shot("08-buy-form")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open", what="review")
    assert "shop-e2e" in S.text("#dlg-review")
    shot("09-review")
    assert count("light-instances") == before, "nothing sent before confirming"
    r = invoke("purchase", {"confirm_id": uuid.uuid4().hex})
    assert r[0] == "err" and r[1]["kind"] == "not_confirmed", r
    assert "Demo" in S.text("#review-payer"), "the review names the paying account"
    S.click("#buy-confirm")
    S.wait("document.querySelector('#order-state') && document.querySelector('#order-state').dataset.status === '5'", timeout=40, what="order completes")
    shot("10-order-done")
    assert count("light-instances") == before + 1
    S.click(".tabs [data-tab=dash]")
    S.wait("window.__flexus.fleet.instances.some(i => i.name === 'shop-e2e')", timeout=15)


@test
def purchase_with_a_lost_answer_is_unknown_then_reconciled_once():
    funded()
    S.click(".tabs [data-tab=buy]")
    http("POST", demo_admin() + "/_sim/faults", {"service": "hcss", "kind": "reset_after", "times": 1})
    orders_before = len(http("GET", demo_admin() + "/_sim/state")["orders"])
    sent_before = count("light-instances")
    S.type("#buy-form input[name=name]", "shop-lost")
    S.type("#buy-form input[name=evs]", "")
    # Set here, not left over from an earlier journey: paid at once, so "went through".
    S.js("document.querySelector('#buy-form input[name=auto_pay]').checked = true")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open")
    S.click("#buy-confirm")
    S.wait("document.querySelector('#unknown-state')", timeout=20, what="unknown state")
    shot("11-unknown-checking")
    S.wait("document.querySelector('#unknown-state').textContent.includes('went through')", timeout=30, what="reconciled")
    # One friendly sentence; the journal id and the network error only behind "Details".
    said = S.text("#order-tracker p.muted")
    assert "[" not in said and "error" not in said.lower(), said
    assert S.js("return /\\[[0-9a-f-]{36}\\]/.test(document.querySelector('#order-tracker details code').textContent)")
    assert count("light-instances") == sent_before + 1, "sent exactly once"
    assert len(http("GET", demo_admin() + "/_sim/state")["orders"]) == orders_before + 1, "exactly one order"
    S.click(".tabs [data-tab=log]")
    S.wait("document.querySelectorAll('#log li').length >= 1")
    logged = S.js("return [...document.querySelectorAll('#log li')].map(li => li.dataset.action)")
    assert "purchase" in logged, logged
    shot("12-activity")


@test
def unpaid_purchase_shows_the_price_then_cancel_leaves_nothing():
    admin = demo_admin()
    balance = lambda: next(a["balance"] for a in http("GET", admin + "/_sim/state")["accounts"] if a["site"] == "intl")
    S.click(".tabs [data-tab=buy]")
    S.wait("document.querySelector('#buy-form select[name=plan_spec]').options.length > 0", what="specs")
    S.type("#buy-form input[name=name]", "shop-unpaid")
    S.type("#buy-form input[name=evs]", "")
    S.js("document.querySelector('#buy-form input[name=auto_pay]').checked = false")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open && document.querySelector('#review-price-note')", what="review says nothing is paid yet")
    before = balance()
    S.click("#buy-confirm")
    S.wait("document.querySelector('#order-amount')", timeout=30, what="the price before paying")
    assert "USD" in S.text("#order-amount"), S.text("#order-amount")
    assert balance() == before, "nothing charged yet"
    shot("12b-unpaid-order-price")
    # The dashboard lists it with its payment deadline until it is paid or cancelled.
    S.click(".tabs [data-tab=dash]")
    refresh_dashboard()
    S.wait("!document.querySelector('#unpaid-orders').hidden && document.querySelector('#unpaid-orders').textContent.includes('pay by')", timeout=20, what="unpaid order on the dashboard")
    S.click("#unpaid-orders [data-unpaid]")
    S.wait("document.querySelector('#cancel-order-btn')", timeout=20, what="tracker from the dashboard")
    S.click("#cancel-order-btn")
    S.wait("document.querySelector('#order-state').dataset.status === '4'", timeout=20, what="cancelled")
    assert balance() == before, "cancelling charged nothing"
    S.click(".tabs [data-tab=dash]")
    refresh_dashboard()
    S.wait("!document.querySelector('#unpaid-orders').textContent.includes('shop-unpaid') && document.querySelectorAll('#unpaid-orders [data-unpaid]').length === 0", timeout=20, what="strip cleared")
    assert not any(i["name"] == "shop-unpaid" for i in http("GET", admin + "/_sim/state")["instances"]), "no instance"
    log = invoke("activity_log")[1]
    assert any(e["action"] == "cancel_order" and e["outcome"] == "succeeded" for e in log), log


@test
def unpaid_purchase_paid_after_its_own_review_creates_the_instance_once():
    funded()
    admin = demo_admin()
    balance = lambda: next(a["balance"] for a in http("GET", admin + "/_sim/state")["accounts"] if a["site"] == "intl")
    S.click(".tabs [data-tab=buy]")
    S.type("#buy-form input[name=name]", "shop-paid")
    S.js("document.querySelector('#buy-form input[name=auto_pay]').checked = false")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open", what="review")
    S.click("#buy-confirm")
    S.wait("document.querySelector('#pay-btn')", timeout=30, what="pending payment")
    before, pays = balance(), count("customer-orders/pay")
    S.click("#pay-btn")
    S.wait("document.querySelector('#pay-confirm')", timeout=20, what="pay review")
    assert "Demo" in S.text("#order-state"), S.text("#order-state")
    shot("12c-pay-review")
    S.click("#pay-confirm")
    S.wait("document.querySelector('#order-state').dataset.status === '5'", timeout=40, what="paid order completes")
    assert count("customer-orders/pay") == pays + 1, "paid once"
    assert balance() < before, "charged"
    S.click(".tabs [data-tab=dash]")
    S.wait("window.__flexus.fleet.instances.some(i => i.name === 'shop-paid')", timeout=15)
    # The completed order taught its plan's rating codes: the next review of the
    # same plan carries BSS's estimate, marked as one.
    S.click(".tabs [data-tab=buy]")
    S.type("#buy-form input[name=name]", "shop-next")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open && document.querySelector('#review-estimate')", timeout=20, what="estimate on the review")
    est = S.text("#review-estimate")
    assert "Estimate" in est and "USD" in est, est
    shot("12d-review-estimate")
    S.js("document.querySelector('#dlg-review').close()")
