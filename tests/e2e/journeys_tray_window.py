"""The window's web view is freed when the window closes to the tray and built again
when it opens: the app's WebKit processes exit, the X11 window is destroyed, and the
new page shows the view the person left (tab, search, open dialog) from Rust."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


def app_pid():
    out = subprocess.run(["pgrep", "-f", "-x", APP], capture_output=True, text=True).stdout.split()
    assert len(out) == 1, f"one app process expected: {out}"
    return int(out[0])


def webkit_children():
    """The app's WebKit processes (web and network), by pid."""
    me = str(app_pid())
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        head, tail = stat.rsplit(")", 1)
        name = head.split("(", 1)[1]
        if tail.split()[1] == me and name.startswith("WebKit"):
            found[int(pid)] = name
    return found


def any_window(title):
    """Every X11 window with this title, mapped or not (xdotool without --onlyvisible)."""
    p = subprocess.run(["xdotool", "search", "--name", f"^{title}$"], capture_output=True, text=True)
    return p.stdout.split()


def close_and_free():
    """Closes the window; waits until its X11 window and WebKit processes are gone."""
    before = webkit_children()
    assert any("WebProc" in n for n in before.values()), before
    wins = x11.visible_windows("Flexus Desk")
    assert wins, "the window is not on screen"
    for w in wins:
        x11.close(w)
    wait_for(lambda: not any_window("Flexus Desk"), "the X11 window destroyed")
    wait_for(lambda: not webkit_children(), "the WebKit processes exited")
    assert app_running(), "closing the window must not quit the app"
    return before


def reopen_and_attach(before):
    """Opens the window with a second launch; WebDriver attaches to the new web view."""
    second_launch()
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "window shown by the second launch")
    now = webkit_children()
    assert now and not set(now) & set(before), f"new WebKit processes expected: {before} → {now}"
    attach_new_window()


@test
def closing_to_tray_frees_the_web_view_and_reopening_restores_the_view():
    # The Activity tab is left open.
    S.click(".tabs [data-tab=log]")
    S.wait("!document.querySelector('#tab-log').hidden")
    before = close_and_free()
    reopen_and_attach(before)
    S.wait("!document.querySelector('#tab-log').hidden && "
           "document.querySelector('.tabs [data-tab=log]').getAttribute('aria-selected') === 'true'",
           what="Activity restored")
    shot("tray-window-1-activity-restored")

    # The dashboard searched for "web" with web-shop's details open.
    S.click(".tabs [data-tab=dash]")
    S.js("const s=document.querySelector('#search'); s.value='web'; s.dispatchEvent(new Event('input'))")
    open_detail("web-shop")
    wait_for(lambda: invoke("view_state")[1].get("dialog"), "the view saved in Rust")
    before = close_and_free()
    reopen_and_attach(before)
    S.wait("document.querySelector('#search').value === 'web'", what="search restored")
    names = [r["name"] for r in rows()]
    assert names and all("web" in n for n in names), names
    S.wait("document.querySelector('#dlg-detail').open && "
           "document.querySelector('#dlg-detail h2').textContent.includes('web-shop')", what="details restored")
    shot("tray-window-2-search-and-details-restored")
    close_dialogs()
