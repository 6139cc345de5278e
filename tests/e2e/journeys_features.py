"""Issue #15 in the real window: the traffic guard (column, forecast, automatic stop
with its confirmation, fired by the watcher after the demo clock moves) and phone
alerts (a webhook set write-only, a test message and the stop's alert received by
a local webhook receiver)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)

HOOK_KEY = "E2E-HOOK-SECRET-4711"


class _Receiver(BaseHTTPRequestHandler):
    got = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Receiver.got.append({"path": self.path, "body": json.loads(body or b"{}")})
        out = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *a):
        pass


def start_receiver():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/cgi-bin/webhook/send?key={HOOK_KEY}"


def erp(view):
    return next(i for i in view["fleet"]["instances"] if i["name"] == "erp")


def days(a, b):
    from datetime import datetime
    p = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (p(b) - p(a)).total_seconds() / 86400


def shape_traffic(share_after_days, extra_days):
    """Sets erp's daily rate so that `extra_days` from now it has used `share` of its allowance."""
    v = fleet()
    i = erp(v)
    into = days(i["traffic_cycle_start"], v["now"]) + extra_days
    http("POST", demo_admin() + "/_sim/traffic",
         {"name": "erp", "gb_per_day": share_after_days * i["traffic_total_gb"] / into})


def stops_journaled():
    r = invoke("activity_log")
    assert r[0] == "ok", r
    entries = r[1] if isinstance(r[1], list) else r[1].get("entries", [])
    return [e for e in entries if e.get("action") == "stop"]


@test
def traffic_guard_stops_once_with_reason_and_alerts_the_phone():
    srv, hook = start_receiver()
    try:
        # Phone alerts first: the URL goes in write-only; only its host comes back.
        S.click(".tabs [data-tab=settings]")
        S.js("document.querySelector('#alerts-form select[name=channel]').value = 'we_com'")
        S.type("#alerts-form input[name=url]", hook)
        S.click("#alerts-form button[type=submit]")
        S.wait("document.querySelector('#alerts-state').textContent.includes('Set · 127.0.0.1')", what="hook set")
        assert S.js("return document.querySelector('#alerts-form input[name=url]').value") == ""
        S.click("#alerts-test")
        wait_for(lambda: any("test message" in g["body"].get("text", {}).get("content", "").lower()
                             for g in _Receiver.got), "test message at the receiver")
        assert _Receiver.got[-1]["body"]["msgtype"] == "text", _Receiver.got[-1]
        S.wait("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('Test message sent'))",
               what="test toast")
        shot("40-alerts-settings")

        # The column: percent used and, as its tooltip, the forecast.
        v = fleet()
        if days(v["now"], erp(v)["traffic_cycle_end"]) < 1.5:
            assert invoke("demo_advance", {"days": 2})[0] == "ok"  # a fresh cycle to work in
        shape_traffic(0.5, 0)
        S.click(".tabs [data-tab=dash]")
        refresh_dashboard()
        S.wait("(() => { const r = [...document.querySelectorAll('#instances tbody tr')].find(r =>"
               " r.querySelector('.name').textContent === 'erp'); return r &&"
               " /\\d+ % used/.test(r.querySelector('td.traffic').textContent); })()", what="traffic used column")
        cell = S.js("const r = [...document.querySelectorAll('#instances tbody tr')].find(r =>"
                    " r.querySelector('.name').textContent === 'erp'); return r.querySelector('td.traffic').title")
        assert cell.startswith("at this rate:") or cell.startswith("forecast after"), cell
        shot("41-traffic-column")

        # The detail: turn on the automatic stop; the confirmation explains it.
        open_detail("erp")
        S.wait("document.querySelector('#guard-auto').textContent === 'Automatic stop: off'", what="off by default")
        S.click("#dlg-detail [data-act=autostop-on]")
        S.wait("document.querySelector('#dlg-autostop').open", what="confirmation")
        text = S.js("return document.querySelector('#dlg-autostop').textContent")
        assert "offline until you start it again" in text and "at most once per traffic cycle" in text, text
        shot("42-autostop-confirm")
        # Keyboard: the select has focus; choose 80 % and confirm with Enter.
        assert S.js("return document.activeElement.name") == "percent"
        S.js("document.querySelector('#autostop-form select').value = '80'")
        S.js("document.querySelector('#autostop-form').requestSubmit()")
        S.wait("!document.querySelector('#dlg-autostop').open")
        S.wait("document.querySelector('#guard-auto') &&"
               " document.querySelector('#guard-auto').textContent === 'Automatic stop: on at 80 %'", what="on")
        assert window_settings()["auto_stop"], "saved"
        close_dialogs()

        # The watcher fires it after the demo clock moves a day (90 % used by then).
        before = len(stops_journaled())
        shape_traffic(0.9, 1)
        r = invoke("demo_advance", {"days": 1})
        assert r[0] == "ok", r
        now = r[1]["now"]
        wait_for(lambda: watch()["checked_at"].get("Demo", "") >= now, "watcher run", timeout=60)
        wait_for(lambda: len(stops_journaled()) == before + 1, "the stop journaled")
        wait_for(lambda: erp(fleet())["status"] == "SHUTOFF", "erp stopped", timeout=60)
        refresh_dashboard()
        S.wait("[...document.querySelectorAll('#instances tbody tr')].some(r => r.querySelector('.name').textContent"
               " === 'erp' && r.textContent.includes('stopped by traffic guard'))", what="badge in the row")
        open_detail("erp")
        why = S.wait("document.querySelector('#guard-why') && document.querySelector('#guard-why').textContent")
        assert "Stopped by the traffic guard" in why and "80 %" in why, why
        shot("43-stopped-by-guard")
        wait_for(lambda: "erp was stopped automatically at 80% traffic" in notify_titles(), "desktop notification")
        wait_for(lambda: any("stopped automatically" in g["body"].get("text", {}).get("content", "")
                             for g in _Receiver.got), "the stop's alert at the webhook", timeout=45)

        # The user starts it again: the guard leaves it alone for the rest of the cycle.
        S.click("#dlg-detail [data-act=start]")
        wait_for(lambda: erp(fleet())["status"] == "ACTIVE", "erp running again", timeout=60)
        runs = watch()["runs"]
        invoke("check_now")
        wait_for(lambda: watch()["runs"] > runs, "another watcher run", timeout=60)
        assert len(stops_journaled()) == before + 1, "never a second stop"
        assert erp(fleet())["status"] == "ACTIVE"
        close_dialogs()
        # No copy of the webhook URL anywhere but the keychain.
        assert HOOK_KEY not in "\n".join(ipc_log)
        assert HOOK_KEY not in S.js("return document.documentElement.outerHTML")
        for root, _, files in os.walk(DATA):
            for n in files:
                assert HOOK_KEY.encode() not in open(os.path.join(root, n), "rb").read(), n
    finally:
        srv.shutdown()
        i = erp(fleet())
        invoke("set_auto_stop", {"id": i["id"], "percent": None, "confirmed": False})
        invoke("set_alerts", {"channel": None, "url": None})
        http("POST", demo_admin() + "/_sim/traffic", {"name": "erp", "gb_per_day": 1})


def window_settings():
    r = invoke("get_settings")
    assert r[0] == "ok", r
    return r[1]


@test
def gallery_of_the_new_views():
    """The traffic guard, the health charts, the stop's confirmation and Settings › Phone alerts,
    both languages and themes."""
    gallery = os.path.join(ART, "gallery")
    os.makedirs(gallery, exist_ok=True)
    try:
        for lang in ["en", "zh"]:
            set_setting("language", lang)
            for theme in ["light", "dark"]:
                set_setting("theme", theme)
                reset_ui()
                refresh_dashboard()  # the figures as Rust has them now
                S.wait("!document.querySelector('#refresh-btn').disabled")
                open_detail("erp")
                S.wait("!!document.querySelector('#dlg-detail [data-act=autostop-on]')", what="guard section")
                S.js("document.querySelector('#guard-title').scrollIntoView()")
                shot_to(gallery, f"traffic-detail-{lang}-{theme}")
                S.click("#dlg-detail [data-act=health]")
                S.wait("document.querySelectorAll('#health-body svg.chart[role=img]').length >= 3",
                       what="charts", timeout=30)
                S.js("document.querySelector('#health-title').scrollIntoView()")
                shot_to(gallery, f"health-{lang}-{theme}")
                S.click("#dlg-detail [data-act=autostop-on]")
                S.wait("document.querySelector('#dlg-autostop').open")
                shot_to(gallery, f"autostop-confirm-{lang}-{theme}")
                close_dialogs()
                S.click(".tabs [data-tab=settings]")
                S.js("document.querySelector('#alerts-form').scrollIntoView()")
                shot_to(gallery, f"alerts-settings-{lang}-{theme}")
    finally:
        close_dialogs()
        set_setting("language", "en")
        set_setting("theme", "system")


def shot_to(folder, name):
    os.makedirs(folder, exist_ok=True)
    subprocess.run(["dunstctl", "close-all"], check=False)
    time.sleep(0.25)
    subprocess.run(["import", "-window", "root", os.path.join(folder, f"{name}.png")], check=True, timeout=30)


def opened_urls():
    p = os.path.join(ART, "opened-urls.log")
    return open(p).read().split() if os.path.exists(p) else []


@test
def open_console_opens_only_huawei_hosts_and_falls_back_to_the_web_console():
    from urllib.parse import urlparse
    before = len(opened_urls())
    open_detail("erp")
    S.click("#dlg-detail [data-act=console]")
    wait_for(lambda: len(opened_urls()) == before + 1, "the opener called once")
    u = urlparse(opened_urls()[-1])
    assert u.scheme == "https" and u.hostname.endswith(".myhuaweicloud.com") and "token=" in u.query, u
    line = S.wait("document.querySelector('#job-line').textContent")
    assert "remote console opened" in line and u.hostname in line, line
    assert "token=" not in S.js("return document.documentElement.outerHTML"), "the one-time URL stays in Rust"
    shot("44-console-opened")
    # ECS refuses the console for these keys: the instance's web console page instead, said so.
    http("POST", demo_admin() + "/_sim/refuse", {"feature": "console", "refused": True})
    try:
        S.click("#dlg-detail [data-act=console]")
        wait_for(lambda: len(opened_urls()) == before + 2, "the fallback opened")
        f = urlparse(opened_urls()[-1])
        assert f.scheme == "https" and f.hostname == "console-intl.huaweicloud.com", f
        assert "ecsDetail" in f.fragment, f
        S.wait("document.querySelector('#job-line').textContent.includes('Huawei web console')", what="says so")
        shot("45-console-fallback")
    finally:
        http("POST", demo_admin() + "/_sim/refuse", {"feature": "console", "refused": False})


@test
def health_charts_with_summaries_and_a_note_when_cloud_eye_refuses():
    # A CPU sparkline per dashboard row, named by its summary.
    S.wait("document.querySelectorAll('#instances tbody td.spark svg[role=img]').length >= 3", what="sparklines")
    spark = S.js("return [...document.querySelectorAll('#instances tbody tr')].find(r => r.querySelector('.name')"
                 ".textContent === 'erp').querySelector('td.spark svg').getAttribute('aria-label')")
    assert spark.startswith("erp: CPU averaged"), spark
    shot("48-sparklines")
    open_detail("erp")
    S.click("#dlg-detail [data-act=health]")
    S.wait("document.querySelectorAll('#health-body svg.chart[role=img]').length >= 3", what="charts", timeout=30)
    labels = S.js("return [...document.querySelectorAll('#health-body svg.chart')].map(s => s.getAttribute('aria-label'))")
    assert any(l.startswith("CPU averaged") and "peaked at" in l for l in labels), labels
    metrics = S.js("return [...document.querySelectorAll('#health-body figure')].map(f => f.dataset.metric)")
    assert "cpu_util" in metrics and any(m.startswith("network_incoming") for m in metrics), metrics
    S.js("document.querySelector('#health-title').scrollIntoView()")
    shot("46-health-24h")
    S.click("#dlg-detail [data-hours='168']")
    S.wait("document.querySelector('.health [data-hours=\"168\"]').getAttribute('aria-pressed') === 'true'"
           " && document.querySelectorAll('#health-body svg.chart').length >= 3", what="7 days")
    close_dialogs()
    # Cloud Eye refuses these keys: a clear note, and the rest of the detail works.
    http("POST", demo_admin() + "/_sim/refuse", {"feature": "ces", "refused": True})
    try:
        open_detail("erp")
        S.click("#dlg-detail [data-act=health]")
        note = S.wait("document.querySelector('#health-note') && document.querySelector('#health-note').textContent",
                      what="not permitted note", timeout=30)
        assert "Cloud Eye" in note and "everything else works" in note, note
        assert S.js("return !!document.querySelector('#guard-title')"), "the rest of the detail is there"
        S.js("document.querySelector('#health-title').scrollIntoView()")
        shot("47-health-refused")
    finally:
        http("POST", demo_admin() + "/_sim/refuse", {"feature": "ces", "refused": False})
        close_dialogs()
    # Chinese and dark: the summary in Chinese.
    try:
        set_setting("language", "zh")
        set_setting("theme", "dark")
        reset_ui()
        open_detail("erp")
        S.click("#dlg-detail [data-act=health]")
        S.wait("[...document.querySelectorAll('#health-body svg.chart')].some(s =>"
               " s.getAttribute('aria-label').includes('CPU平均'))", what="Chinese summary", timeout=30)
        S.js("document.querySelector('#health-title').scrollIntoView()")
        shot("49-health-zh-dark")
    finally:
        close_dialogs()
        set_setting("language", "en")
        set_setting("theme", "system")
