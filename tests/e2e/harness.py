"""Shared harness of the end-to-end journeys in the real Flexus Desk window
(WebKitGTK under Xvfb) driven through WebKitWebDriver, against the in-app demo cloud and a
standalone simulator (for "connect an account"), inside dbus-run-session with a
real gnome-keyring. Run by tests/e2e/run.sh; screenshots go to $E2E_ARTIFACTS/screenshots.
"""
import json
import os
import re
import subprocess
import time
import urllib.request
import uuid

import look
import wd
import x11

APP = os.environ["E2E_APP"]
# The tray agent the window process hands over to when its window closes (Linux).
AGENT = os.path.join(os.path.dirname(APP), "flexus-tray")
DATA = os.environ["FLEXUS_DATA_DIR"]
ART = os.environ["E2E_ARTIFACTS"]
SHOTS = os.path.join(ART, "screenshots")
SIM = json.loads(os.environ["E2E_SIM"])  # the standalone simulator's endpoint map
DRIVER = "http://127.0.0.1:%s" % os.environ.get("E2E_PORT", "4444")
os.makedirs(SHOTS, exist_ok=True)

CANARY_AK = "CANARYAK" + uuid.uuid4().hex[:12].upper()
CANARY_SK = "canary-sk-" + uuid.uuid4().hex
CANARY_TOKEN = "canary-token-" + uuid.uuid4().hex
ipc_log = []  # every value a command returned to the page, for the canary scan

results = []
class _CurrentSession:
    """The WebDriver session of the running app; journeys in every module hold this one
    object while start_app() swaps the session behind it."""

    current = None

    def __getattr__(self, name):
        return getattr(_CurrentSession.current, name)

    def quit(self):
        if _CurrentSession.current is not None:
            _CurrentSession.current.quit()


S = _CurrentSession()


def admin_token(url):
    """The token the simulator's admin API wants: the demo's sits in a 0600 file beside
    demo-admin.url; the standalone simulator printed its own."""
    if url.startswith(SIM["admin"]):
        return os.environ["E2E_SIM_ADMIN_TOKEN"]
    path = os.path.join(DATA, "demo-admin.token")
    assert os.stat(path).st_mode & 0o077 == 0, "the demo admin token file is private"
    with open(path) as f:
        return f.read().strip()


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if "/_sim/" in url:
        headers["Authorization"] = "Bearer " + admin_token(url)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def demo_world():
    """The demo cloud's state, from the process that runs it now (demo-admin.url is
    rewritten by each process that starts the demo)."""
    state = {}

    def read():
        try:
            state.update(http("GET", demo_admin() + "/_sim/state"))
            return True
        except OSError:
            return False  # the previous process's address, until the new demo starts
    wait_for(read, "the demo cloud answering")
    return state


def demo_admin():
    with open(os.path.join(DATA, "demo-admin.url")) as f:
        return f.read().strip()


def invoke(cmd, args=None):
    """Calls a command from the page the way the UI does; returns ('ok'|'err', value)."""
    r = S.js_async(
        "const cb = arguments[arguments.length-1];"
        "window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(v => cb(['ok', v])).catch(e => cb(['err', e]));",
        cmd, args or {})
    ipc_log.append(json.dumps(r))
    return r


def shot(name):
    # The X display, as the user sees it (WebKitWebDriver's own snapshot hangs when
    # WebKit's compositing is off, which is the app's default on Linux).
    subprocess.run(["import", "-window", "root", os.path.join(SHOTS, f"{name}.png")], check=True, timeout=30)


# The window process, with or without arguments (the agent opens it with --open ...).
WINDOW_PROCESS = "^" + APP + "( |$)"
AGENT_PROCESS = "^" + AGENT + " "


def pids(pattern):
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def window_process_running():
    return bool(pids(WINDOW_PROCESS))


def agent_running():
    return bool(pids(AGENT_PROCESS))


def app_running():
    """Flexus Desk is running: its window process, or its tray agent."""
    return window_process_running() or agent_running()


def kill_window_process(sig="KILL"):
    subprocess.run(["pkill", f"-{sig}", "-f", WINDOW_PROCESS])


def stop_app():
    """Ends the WebDriver session and the app (window process and tray agent), and waits
    until both are gone (they would otherwise receive the next launch)."""
    S.quit()
    for pattern in (WINDOW_PROCESS, AGENT_PROCESS):
        subprocess.run(["pkill", "-TERM", "-f", pattern])
    end = time.time() + 10
    while app_running() and time.time() < end:
        time.sleep(0.2)
    if app_running():
        for pattern in (WINDOW_PROCESS, AGENT_PROCESS):
            subprocess.run(["pkill", "-KILL", "-f", pattern])
        wait_for(lambda: not app_running(), "the app gone")


def launch_window_process(*args):
    """Starts the window process the way a launcher does, with WebKit's remote inspector
    on E2E_INSPECTOR, where run.sh's WebKitWebDriver (--target) connects each session. A
    tray agent that is running hands over to it (and passes the same environment on
    when it opens the window itself)."""
    env = dict(os.environ, WEBKIT_INSPECTOR_SERVER=os.environ["E2E_INSPECTOR"],
               TAURI_AUTOMATION="true", TAURI_WEBVIEW_AUTOMATION="true")
    log = open(os.path.join(ART, "app.log"), "a")
    subprocess.Popen([APP, *args], env=env, stdout=log, stderr=log, start_new_session=True)


def start_app():
    """Starts the app. The harness starts it itself, so a WebDriver session can end
    without ending the app: the window closes to the tray (the agent takes over), and a
    new session attaches to the next window process."""
    launch_window_process()
    # The first session waits for the window, so the app answers it with the window's
    # web view (window.rs) rather than the default answer that keeps the first one.
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "the window", timeout=30)
    attach_new_window(what="page load")


def attach_new_window(what="the new page"):
    """A new WebDriver session on the window's current web view (after it was built
    again: a second launch, a notification click, a restart). The old session ends
    first (WebKit allows one per app); its web view is already gone."""
    S.quit()
    end = time.time() + 30
    while True:
        try:
            _CurrentSession.current = wd.Session(DRIVER, None)
            break
        except (wd.WebDriverError, OSError):
            if time.time() > end:
                raise
            time.sleep(0.3)  # the app's inspector is not listening yet
    S.wait("document.readyState === 'complete' && window.__flexus", what=what)


def rows():
    return S.js("return [...document.querySelectorAll('#instances tbody tr')].map(r => ({id: r.dataset.id, name: r.querySelector('.name').textContent, text: r.textContent}))")


def row_of(name):
    return next((r for r in rows() if r["name"] == name), None)


def open_detail(name):
    S.wait(f"[...document.querySelectorAll('#instances tbody tr .name')].some(n => n.textContent === {json.dumps(name)})", what=f"row {name}")
    S.js(f"[...document.querySelectorAll('#instances tbody tr')].find(r => r.querySelector('.name').textContent === {json.dumps(name)}).querySelector('.name').click()")
    S.wait("document.querySelector('#dlg-detail').open")


def confirm_step(yes=True):
    """Answers the "Please confirm" dialog that guards power and batch actions."""
    S.wait("document.querySelector('#dlg-confirm').open && !!document.querySelector('#confirm-yes')", what="confirmation")
    S.click("#confirm-yes" if yes else "#dlg-confirm [data-close]")
    S.wait("!document.querySelector('#dlg-confirm').open")


def set_setting(name, value):
    """Changes a setting the way the user does: the Settings tab's select, then 'change'."""
    S.click(".tabs [data-tab=settings]")
    S.js(f"const s=document.querySelector('#settings-form select[name={name}]'); s.value={json.dumps(value)};"
         "s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait(f"window.__flexus.settings.{name} === {json.dumps(value)}")


def refresh_dashboard():
    """Presses Refresh as a person does: once it can be pressed (it is off while a
    refresh runs)."""
    S.wait("!document.querySelector('#refresh-btn').disabled", what="Refresh ready", timeout=30)
    S.click("#refresh-btn")


def close_dialogs():
    S.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())")


def count(needle):
    c = http("GET", demo_admin() + "/_sim/requests")
    return sum(v for k, v in c.items() if needle in k)


def close_to_tray():
    """Clicks the window's close button the way a window manager does. The web view goes
    with the window, and the session with it: attach_new_window() after reopening."""
    wins = x11.visible_windows("Flexus Desk")
    assert wins, "the window is not on screen"
    for w in wins:
        x11.close(w)
    wait_for(lambda: not x11.visible_windows("Flexus Desk"), "window hidden")
    # The window process hands over to the tray agent and exits.
    # The agent opens its door (agent.sock) once it is ready: notices adopted, tray drawn.
    wait_for(lambda: agent_running() and not window_process_running()
             and os.path.exists(os.path.join(DATA, "agent.sock")), "the tray agent took over", timeout=30)
    assert app_running(), "closing the window must not quit the app"


def wait_for(cond, what, timeout=15):
    end = time.time() + timeout
    while not cond():
        if time.time() > end:
            raise AssertionError(f"timed out: {what}")
        time.sleep(0.2)


def second_launch():
    """Launches Flexus Desk again. A running window process shows its window and the
    launch exits; from the tray (the agent), the launch becomes the window process."""
    if not window_process_running():
        launch_window_process()
        return
    p = subprocess.run([APP], capture_output=True, timeout=30, env=dict(os.environ))
    assert p.returncode == 0, p


def bus_log():
    """Every org.freedesktop.Notifications message on the session bus so far (dbus-monitor)."""
    return open(os.path.join(ART, "dbus-notifications.log"), encoding="utf-8", errors="replace").read()


def notify_titles():
    """The summary of every Notify call on the bus, in order (from dbus-monitor)."""
    lines = bus_log().splitlines()
    titles = []
    for i, line in enumerate(lines):
        if "member=Notify" in line and not adopted(lines, i):
            strings = [l.strip()[len('string "'):-1] for l in lines[i + 1:i + 8] if l.strip().startswith('string "')]
            if len(strings) >= 3:
                titles.append(strings[2])  # app name, icon, summary
    return titles


def adopted(lines, i):
    """The Notify call at line i re-sends a notice in its own place: the process taking
    over from the other (window ↔ tray agent) adopts it, so its clicks come there. It
    is not a new notice."""
    for line in lines[i + 1:]:
        if line.startswith(("method call", "signal", "method return", "error")):
            return False
        if 'string "x-flexus-adopted"' in line:
            return True
    return False


def watch():
    r = invoke("app_info")
    assert r[0] == "ok", r
    return r[1]["watch"]


def test(fn):
    results.append(fn)
    return fn


def reset_ui():
    """The page as a view starts: no dialog open (but the welcome), no search, the dashboard."""
    S.js("document.querySelectorAll('dialog[open]').forEach(d => { if (d.id !== 'dlg-welcome') d.close(); });"
         "const s = document.querySelector('#search'); if (s) { s.value = ''; s.dispatchEvent(new Event('input')); }"
         "document.querySelector('.tabs [data-tab=dash]').click();")


def ensure_window():
    """The window on screen with a live WebDriver session: a journey may leave the app in
    the tray (the agent) or stopped."""
    if not window_process_running():
        launch_window_process()  # from the tray, the agent hands over to it
        wait_for(lambda: x11.visible_windows("Flexus Desk"), "the window", timeout=30)
        wait_for(lambda: not agent_running(), "the agent handed over", timeout=30)
        attach_new_window()
        return
    try:
        S.js("return 1")
    except Exception:
        attach_new_window()  # the web view was built again (a notification click, a reload)


def baseline():
    """What every journey may take for granted, whatever ran before it: the window open,
    no dialog, fault or toast left over, the demo account active with its rows shown,
    English, the system theme, the dashboard. A journey that needs more sets it up."""
    ensure_window()
    http("DELETE", SIM["admin"] + "/_sim/faults")
    S.js("document.querySelectorAll('#toasts > *').forEach(t => t.remove());"
         "window.__flexus.selected?.clear();"
         "const f = document.querySelector('#filter-status'); if (f) { f.value = ''; f.dispatchEvent(new Event('input')); }")
    reset_ui()
    if S.js("return document.querySelector('#dlg-welcome').open"):
        S.click("#choose-demo")  # damaged settings were reset: a first start again
    if S.js("return document.querySelector('#profile-select').value") != "Demo":
        S.js("const s = document.querySelector('#profile-select'); s.value = 'Demo';"
             "s.dispatchEvent(new Event('change'))")
    S.wait("document.querySelector('#profile-select').value === 'Demo' && window.__flexus.demo"
           " && window.__flexus.fleet && document.querySelectorAll('#instances tbody tr[data-id]').length > 0",
           what="the demo's rows", timeout=30)
    http("DELETE", demo_admin() + "/_sim/faults")
    if S.js("return window.__flexus.settings.language") != "en":
        set_setting("language", "en")
    if S.js("return window.__flexus.settings.theme") != "system":
        set_setting("theme", "system")
    reset_ui()


def fresh_demo(forget_reminders=False):
    """Quits and starts the app again with the demo cloud from its seed (as after any
    restart: a parked or handed-over demo world is dropped) and, with forget_reminders,
    no record of reminders already sent, so the start sends them anew. For journeys that
    need the seeded instances as they are (web-shop due in 2 days, old-crm in grace)."""
    stop_app()
    gone = ["demo-world.json"] + (["notices.json", "notices-live.json"] if forget_reminders else [])
    for name in gone:
        try:
            os.remove(os.path.join(DATA, name))
        except FileNotFoundError:
            pass
    start_app()
    baseline()


def funded(amount=500):
    """Enough demo balance for what a journey buys or renews (the seed has USD 20)."""
    http("POST", demo_admin() + "/_sim/balance", {"site": "intl", "amount": amount})


def fleet():
    """The dashboard as Rust has it now (a fresh read)."""
    r = invoke("refresh_fleet", {"max_age_ms": 0})
    assert r[0] == "ok", r
    return r[1]


def instance(name):
    """The instance as the app has it now (a fresh read)."""
    return next((i for i in fleet()["fleet"]["instances"] if i["name"] == name), None)


SHOP = "Shop account"  # the real account on the standalone simulator (CANARY keys)


def use_shop_account():
    """The real account active, connected first if no journey did (or damaged settings
    dropped it): keys saved through the write-only command and the page loaded again so
    the header lists it; then chosen in the header, as a person does."""
    if SHOP not in [p["name"] for p in invoke("list_profiles")[1]]:
        http("POST", SIM["admin"] + "/_sim/keys", {"site": "intl", "ak": CANARY_AK, "sk": CANARY_SK,
                                                   "token": CANARY_TOKEN})
        r = invoke("save_credentials", {"name": SHOP, "site": "intl", "access_key": CANARY_AK,
                                        "secret_key": CANARY_SK, "security_token": CANARY_TOKEN})
        assert r[0] == "ok", r
        S.js("location.reload()")
        S.wait("document.readyState === 'complete' && window.__flexus && window.__flexus.fleet"
               f" && [...document.querySelector('#profile-select').options].some(o => o.value === {json.dumps(SHOP)})",
               timeout=30, what="the account in the header")
    S.js(f"const s = document.querySelector('#profile-select'); s.value = {json.dumps(SHOP)};"
         "s.dispatchEvent(new Event('change'))")
    S.wait("!window.__flexus.demo && window.__flexus.fleet && window.__flexus.fleet.instances.length === 6"
           f" && document.querySelector('#profile-select').value === {json.dumps(SHOP)}",
           timeout=30, what="the account's dashboard")


def buy_for_a_month(name):
    """Buys one instance through the purchase form: one month, auto-renew off, paid."""
    funded()
    S.click(".tabs [data-tab=buy]")
    S.wait("document.querySelector('#buy-form select[name=plan_spec]').options.length > 0", what="specs")
    S.type("#buy-form input[name=name]", name)
    S.type("#buy-form input[name=period_num]", "1")
    S.js("document.querySelector('#buy-form input[name=auto_renew]').checked = false;"
         "document.querySelector('#buy-form input[name=auto_pay]').checked = true")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open", what="review")
    S.click("#buy-confirm")
    S.wait("document.querySelector('#order-state') && document.querySelector('#order-state').dataset.status === '5'",
           timeout=40, what="order completes")
    close_dialogs()
    S.click(".tabs [data-tab=dash]")
    S.wait(f"window.__flexus.fleet.instances.some(i => i.name === {json.dumps(name)})", timeout=15)


def renew_by_ipc(name, months=1):
    """Renews an instance through the commands the dialog calls (quote, then confirm), paid
    at once: a set-up step, the dialog itself has its own journey."""
    funded()
    i = instance(name)
    q = invoke("renew_quote", {"ids": [i["id"]], "period_type": "month", "period_num": months, "auto_pay": True})
    assert q[0] == "ok", q
    r = invoke("renew", {"confirm_id": q[1]["confirm_id"]})
    assert r[0] == "ok", r
    wait_for(lambda: instance(name)["days_left"] >= i["days_left"] + 28 * months, f"{name} renewed", timeout=30)


def save_in_native_dialog(title, path, shot_name=None):
    """Types a full path into the system's save dialog (GTK) and presses Enter, as a
    person does; the dialog is a real window of the app, found by its title."""
    wait_for(lambda: x11.visible_windows(title), f"save dialog '{title}'")
    w = x11.visible_windows(title)[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", str(w)], check=True, timeout=10)
    time.sleep(0.5)
    if shot_name:
        shot(shot_name)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+a"], check=True, timeout=10)
    subprocess.run(["xdotool", "type", "--delay", "20", path], check=True, timeout=30)
    subprocess.run(["xdotool", "key", "Return"], check=True, timeout=10)
    wait_for(lambda: not x11.visible_windows(title), "save dialog closed")


# The agent's tray, read and clicked through its D-Bus menu (com.canonical.dbusmenu,
# exported by libappindicator), the way a desktop's tray host shows and clicks it.
MENU_IFACE = "com.canonical.dbusmenu"


def gdbus(dest, path, method, *args, check=True):
    p = subprocess.run(["gdbus", "call", "--session", "--dest", dest, "--object-path", path,
                        "--method", method, *args], capture_output=True, text=True, timeout=20)
    assert p.returncode == 0 or not check, p.stderr
    return p.stdout


def agent_menu_address():
    """(bus name, object path) of the agent's tray menu."""
    agent = str(pids(AGENT_PROCESS)[0])
    bus, obj = "org.freedesktop.DBus", "/org/freedesktop/DBus"
    for name in re.findall(r"'(:1\.\d+)'", gdbus(bus, obj, "org.freedesktop.DBus.ListNames")):
        # (A name may be gone by now: a short-lived client of the bus.)
        if f"uint32 {agent}," not in gdbus(bus, obj, "org.freedesktop.DBus.GetConnectionUnixProcessID", name,
                                          check=False):
            continue
        todo = ["/"]
        while todo:
            path = todo.pop()
            x = subprocess.run(["gdbus", "introspect", "--session", "--dest", name, "--object-path", path],
                               capture_output=True, text=True).stdout
            if f"interface {MENU_IFACE} " in x:
                return name, path
            todo += [path.rstrip("/") + "/" + c for c in re.findall(r"node (\S+) \{", x) if not c.startswith("/")]
    raise AssertionError("the agent exports no tray menu")


def tray_menu(addr):
    """The menu's layout revision and its items: {label: id}."""
    out = gdbus(*addr, f"{MENU_IFACE}.GetLayout", "0", "int32 -1", "[]")
    revision = int(re.match(r"\(uint32 (\d+),", out).group(1))
    items = {}
    for item, props in re.findall(r"\((\d+), \{([^}]*)\}", out):
        label = re.search(r"'label': <'((?:[^'\\]|\\.)*)'>", props)
        if label:
            items[label.group(1)] = int(item)
    return revision, items


def click_tray(addr, item):
    gdbus(*addr, f"{MENU_IFACE}.Event", str(item), "clicked", "<0>", "0")
