"""Notifications on the desktop bus and the tray reminders."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def notifications_reach_the_desktop_bus_once():
    # A start with the seeded demo and no reminder sent yet: its first check sends them.
    mark = len(notify_titles())
    fresh_demo(forget_reminders=True)
    S.click(".tabs [data-tab=settings]")
    S.wait("!document.querySelector('#demo-clock').hidden")
    firsts = ["web-shop expires in 2 days", "old-crm has expired (grace period)",
              "frozen-lab is frozen (retention period)", "erp renews automatically in 6 days",
              "Auto-renew of erp will likely fail"]
    wait_for(lambda: set(firsts) <= set(notify_titles()[mark:]), "the first reminders on the bus", timeout=30)
    assert "member=Notify" in bus_log(), "no Notify call on the session bus"
    # Counted once a whole check has passed (another account, if one is connected, has
    # instances of the same names); re-sends by a process taking over are not counted.
    settled()
    grace = "old-crm has expired (grace period)"
    first = notify_titles().count(grace)
    # The clock moves one day: the grace notice repeats once for the new day.
    S.click("[data-advance='1']")
    wait_for(lambda: notify_titles().count(grace) >= first + 1, "next day's grace notice", timeout=20)
    S.click(".tabs [data-tab=dash]")
    refresh_dashboard()
    settled()
    assert notify_titles().count(grace) == first + 1, "one notice for the new day, none again on refresh"


def settled():
    """Waits for a whole watcher check that starts after this call: the first wake may
    end a check already under way; the checks run one after another, so the second
    starts after it."""
    for _ in range(2):
        runs = watch()["runs"]
        assert invoke("check_now")[0] == "ok"
        wait_for(lambda: watch()["runs"] > runs, "a whole check", timeout=30)


@test
def clicking_a_notification_opens_its_renewal():
    # A start that sends web-shop's expiry notice anew, the only one dunst shows
    # (tests/e2e/dunstrc): earlier ones are closed first, their sender is gone.
    subprocess.run(["dunstctl", "close-all"], check=False)
    fresh_demo(forget_reminders=True)
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
    """The app reminds at every threshold as the demo clock moves day by day (an instance
    bought here for one month, auto-renew off): 29 days with the window open, the last
    ones in the tray, where the agent alone checks (Refresh now in its menu) — nothing
    repeated across the hand-overs; then a restart repeats nothing."""
    name = "remind-e2e"
    set_setting("language", "en")
    buy_for_a_month(name)
    try:
        for _ in range(29):
            r = invoke("demo_advance", {"days": 1})
            assert r[0] == "ok", r
            now = r[1]["now"]
            wait_for(lambda: watch()["checked_at"].get("Demo", "") >= now, f"watcher run at {now}")
        close_to_tray()
        demo_world()  # the agent's demo cloud is up (its first check starts it)
        addr = agent_menu_address()
        refresh = lambda: click_tray(addr, tray_menu(addr)[1]["Refresh now"])  # noqa: E731
        for title in (f"{name} expires today", f"{name} has expired (grace period)"):
            http("POST", demo_admin() + "/_sim/clock", {"advance_secs": 86400})
            refresh()
            wait_for(lambda: title in notify_titles(), f"{title!r} from the tray agent", timeout=30)
        assert not window_process_running(), "the agent reminded alone"
    finally:
        if not x11.visible_windows("Flexus Desk"):
            second_launch()
            wait_for(lambda: x11.visible_windows("Flexus Desk"), "the window back", timeout=30)
            attach_new_window()
    got = [t for t in notify_titles() if t.startswith(name) and "expires" in t]
    assert len(got) == 6 and re.match(rf"{name} expires in (28|29|30) days$", got[0]), got
    assert got[1:] == [f"{name} expires in 15 days", f"{name} expires in 7 days", f"{name} expires in 3 days",
                       f"{name} expires in 1 day", f"{name} expires today"], got
    assert notify_titles().count(f"{name} has expired (grace period)") == 1, "one grace reminder for one day"
    # Restart: the demo cloud starts again from today, so everything due now was
    # already sent; nothing may be sent twice.
    stop_app()
    sent = len(notify_titles())
    start_app()
    wait_for(lambda: watch()["runs"] >= 1, "first watcher run after the restart", timeout=30)
    settled()
    assert len(notify_titles()) == sent, notify_titles()[sent:]
    S.click(".tabs [data-tab=settings]")
    S.wait("document.querySelector('#watch-status').textContent.includes('last checked')", what="watch status in Settings")
