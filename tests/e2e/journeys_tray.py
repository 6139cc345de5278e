"""Notifications on the desktop bus and the tray reminders."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def notifications_reach_the_desktop_bus_once():
    S.click(".tabs [data-tab=settings]")
    S.wait("!document.querySelector('#demo-clock').hidden")
    # Onboarding ran the watcher: the first reminders are already on the bus.
    wait_for(lambda: "web-shop expires in" in bus_log(), "first reminders on the bus", timeout=20)
    log = bus_log()
    assert "member=Notify" in log, "no Notify call on the session bus"
    assert "old-crm has expired (grace period)" in log and "frozen-lab is frozen (retention period)" in log, log[-2000:]
    assert "erp renews automatically" in log and "Auto-renew of erp will likely fail" in log
    first = log.count("old-crm has expired (grace period)")
    # The clock moves one day: the grace notice repeats once for the new day.
    S.click("[data-advance='1']")
    wait_for(lambda: bus_log().count("old-crm has expired (grace period)") >= first + 1, "next day's grace notice", timeout=20)
    assert bus_log().count("old-crm has expired (grace period)") == first + 1
    S.click(".tabs [data-tab=dash]")
    S.click("#refresh-btn")
    time.sleep(2)
    assert bus_log().count("old-crm has expired (grace period)") == first + 1, "no duplicate on refresh"


@test
def clicking_a_notification_opens_its_renewal():
    # Only web-shop's expiry notice is on dunst's screen (tests/e2e/dunstrc).
    wait_for(lambda: subprocess.run(["dunstctl", "count", "displayed"], capture_output=True, text=True).stdout.strip() not in ("", "0"),
             "a notice on screen")
    close_to_tray()
    subprocess.run(["dunstctl", "action", "0"], check=True)
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "window shown by the click")
    attach_new_window()  # the click built a new web view, which opens the renewal itself
    S.wait("document.querySelector('#dlg-renew').open", what="renewal dialog")
    S.wait("document.querySelector('#dlg-renew h2').textContent.includes('web-shop')", what="web-shop's renewal")
    S.wait("!document.querySelector('#rn-confirm').disabled", what="price quoted")
    shot("15b-renewal-from-notification")
    assert "member=ActionInvoked" in bus_log(), "the click went over the bus"


@test
def tray_app_notifies_each_threshold_once_across_a_restart():
    """The app reminds at every threshold as the demo clock moves day by day (shop-e2e,
    bought for one month, auto-renew off), then waits in the tray with its web view
    freed; a restart repeats nothing. The clock is moved from the page, so the window
    stays open while it moves; the reminders come from the watcher in Rust either way."""
    try:
        for _ in range(32):
            r = invoke("demo_advance", {"days": 1})
            assert r[0] == "ok", r
            now = r[1]["now"]
            wait_for(lambda: watch()["checked_at"].get("Demo", "") >= now, f"watcher run at {now}")
        close_to_tray()
        wait_for(lambda: "shop-e2e expires today" in notify_titles(), "last reminder on the bus")
    finally:
        if not x11.visible_windows("Flexus Desk"):
            second_launch()
            attach_new_window()
    got = [t for t in notify_titles() if t.startswith("shop-e2e") and ("expires" in t or "到期" in t)]
    # The 30-day reminder went out right after the purchase, while the UI was in
    # Chinese (language_and_dark_mode): "shop-e2e 将在 29 天后到期".
    assert len(got) == 6 and "29" in got[0], got
    assert got[1:] == ["shop-e2e expires in 15 days", "shop-e2e expires in 7 days", "shop-e2e expires in 3 days",
                       "shop-e2e expires in 1 day", "shop-e2e expires today"], got
    assert notify_titles().count("shop-e2e has expired (grace period)") >= 1, "daily in grace"
    # Restart: the demo cloud starts again from today, so everything due now was
    # already sent; nothing may be sent twice.
    stop_app()
    sent = len(notify_titles())
    start_app()
    wait_for(lambda: watch()["runs"] >= 1, "first watcher run after the restart", timeout=30)
    time.sleep(1)
    assert len(notify_titles()) == sent, notify_titles()[sent:]
    S.click(".tabs [data-tab=settings]")
    S.wait("document.querySelector('#watch-status').textContent.includes('last checked')", what="watch status in Settings")
