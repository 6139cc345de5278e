"""Closing the window hands the tray over to the tray agent, a small process without
WebKit: the window process and its WebKit processes exit, the X11 window is destroyed,
and the agent keeps the tray and the reminders. Opening the window again starts a new
window process, which takes over from the agent, and its page shows the view the
person left (tab, search, open dialog)."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


def window_pid():
    found = pids(WINDOW_PROCESS)
    # A child the window process is starting (WebKit's, between fork and exec) still
    # shows the parent's command line for a moment: it is not a second window process.
    found = [p for p in found if parent(p) not in found]
    assert len(found) == 1, f"one window process expected: {found}"
    return found[0]


def parent(pid):
    try:
        return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def webkit_children(parent):
    """The WebKit processes (web and network) of process `parent`, by pid."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        head, tail = stat.rsplit(")", 1)
        name = head.split("(", 1)[1]
        if tail.split()[1] == str(parent) and name.startswith("WebKit"):
            found[int(pid)] = name
    return found


def alive(pid):
    """Running: a process that exited but was not reaped yet (a zombie) is gone."""
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def any_window(title):
    """Every X11 window with this title, mapped or not (xdotool without --onlyvisible)."""
    p = subprocess.run(["xdotool", "search", "--name", f"^{title}$"], capture_output=True, text=True)
    return p.stdout.split()


def pss_kb(pid):
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def close_and_hand_over():
    """Closes the window; waits until the window process and its WebKit processes are
    gone and the agent holds the tray. Returns the processes that went."""
    win = window_pid()
    before = webkit_children(win)
    assert any("WebProc" in n for n in before.values()), before
    wins = x11.visible_windows("Flexus Desk")
    assert wins, "the window is not on screen"
    for w in wins:
        x11.close(w)
    wait_for(lambda: not any_window("Flexus Desk"), "the X11 window destroyed")
    gone = [win, *before]
    try:
        wait_for(lambda: not any(alive(p) for p in gone), "the window process and its WebKit processes exited",
                 timeout=30)
    except AssertionError:
        left = {p: open(f"/proc/{p}/cmdline").read().replace("\0", " ") for p in gone if alive(p)}
        raise AssertionError(f"still running after the window closed: {left}") from None
    wait_for(agent_running, "the tray agent running")
    agent = pids(AGENT_PROCESS)
    assert len(agent) == 1, agent
    maps = open(f"/proc/{agent[0]}/maps").read()
    assert "libwebkit2gtk" not in maps and "libjavascriptcoregtk" not in maps, "the agent loaded WebKit"
    print(f"    tray agent: {pss_kb(agent[0]) // 1024} MB PSS (debug build)")
    return gone, agent[0]


def reopen_and_attach(gone, agent):
    """Opens the window with a second launch: a new window process takes over from the
    agent (which exits), and WebDriver attaches to its web view."""
    second_launch()
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "window shown by the second launch", timeout=30)
    wait_for(lambda: not alive(agent), "the agent handed over and exited")
    win = window_pid()
    assert win not in gone, "a new window process"
    assert webkit_children(win), "new WebKit processes"
    attach_new_window()


@test
def closing_to_tray_hands_over_to_the_agent_and_reopening_restores_the_view():
    # The Activity tab is left open.
    S.click(".tabs [data-tab=log]")
    S.wait("!document.querySelector('#tab-log').hidden")
    reopen_and_attach(*close_and_hand_over())
    S.wait("!document.querySelector('#tab-log').hidden && "
           "document.querySelector('.tabs [data-tab=log]').getAttribute('aria-selected') === 'true'",
           what="Activity restored")
    shot("tray-window-1-activity-restored")

    # The dashboard searched for "web" with web-shop's details open, after the demo
    # clock moved: the demo's world goes with each hand-over (agent and back).
    S.click(".tabs [data-tab=dash]")
    r = invoke("demo_advance", {"days": 2})
    assert r[0] == "ok", r
    S.js("const s=document.querySelector('#search'); s.value='web'; s.dispatchEvent(new Event('input'))")
    open_detail("web-shop")
    wait_for(lambda: invoke("view_state")[1].get("dialog"), "the view saved in Rust")
    before = demo_world()
    reopen_and_attach(*close_and_hand_over())
    S.wait("document.querySelector('#search').value === 'web'", what="search restored")
    names = [r["name"] for r in rows()]
    assert names and all("web" in n for n in names), names
    S.wait("document.querySelector('#dlg-detail').open && "
           "document.querySelector('#dlg-detail h2').textContent.includes('web-shop')", what="details restored")
    shot("tray-window-2-search-and-details-restored")
    close_dialogs()
    after = demo_world()
    assert after["now"] >= before["now"], (before["now"], after["now"])
    for k in ("instances", "orders", "accounts"):
        assert after[k] == before[k], f"the demo's {k} changed in the hand-over"


@test
def the_agents_tray_menu_reminds_refreshes_and_opens_a_renewal():
    """In the tray, with no window process at all: the agent's menu names what expires,
    "Refresh now" runs a check against the moved demo clock (a new day's reminder), and
    an expiry item opens the window on that instance's renewal."""
    fresh_demo(forget_reminders=True)  # web-shop due in 2 days; the next day's reminder not sent yet
    close_to_tray()
    addr = agent_menu_address()

    def web_shop():
        return next((label for label in tray_menu(addr)[1] if label.startswith("web-shop")), None)
    # The agent's first check (5 s after start) puts the expiries into the menu.
    wait_for(web_shop, "web-shop's expiry in the tray menu after the agent's first check", timeout=30)
    _, items = tray_menu(addr)
    assert {"Open dashboard", "打开控制台"} & set(items), items
    assert {"Refresh now", "立即刷新"} & set(items) and {"Quit Flexus Desk", "退出 Flexus Desk"} & set(items), items
    before = web_shop()

    # The demo clock moves a day while only the agent runs; "Refresh now" checks at once.
    sent = len(notify_titles())
    http("POST", demo_admin() + "/_sim/clock", {"advance_secs": 86400})
    click_tray(addr, items.get("Refresh now") or items["立即刷新"])
    wait_for(lambda: len(notify_titles()) > sent, "a new day's reminder from the agent", timeout=30)
    wait_for(lambda: web_shop() != before, f"the menu redrawn after the check (was {before!r})")
    assert not window_process_running(), "the agent did it alone"

    # An expiry item opens the window on that instance's renewal.
    click_tray(addr, tray_menu(addr)[1][web_shop()])
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "the window opened from the tray menu", timeout=30)
    attach_new_window()
    S.wait("document.querySelector('#dlg-renew').open && "
           "document.querySelector('#dlg-renew h2').textContent.includes('web-shop')", what="web-shop's renewal")
    wait_for(lambda: not agent_running(), "the agent handed over")
    close_dialogs()


@test
def a_start_at_login_goes_straight_to_the_tray_agent():
    """The session's autostart runs `flexus-desk --minimized`: no window is built, and the
    window process hands the tray to the agent at once; a launch later opens the window."""
    stop_app()
    launch_window_process("--minimized")
    wait_for(lambda: agent_running() and not window_process_running()
             and os.path.exists(os.path.join(DATA, "agent.sock")), "the agent holding the tray", timeout=30)
    assert not any_window("Flexus Desk"), "a start at login builds no window"
    second_launch()
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "the window from a launch", timeout=30)
    wait_for(lambda: not agent_running(), "the agent handed over")
    attach_new_window()
    assert S.js("return 1") == 1
