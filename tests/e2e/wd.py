"""A minimal W3C WebDriver client (standard library only) for WebKitWebDriver."""
import http.client
import json
import time
import urllib.error
import urllib.request

ELEM = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, url, app, args=None, env=None):
        """A session of `app` started by tauri-driver; app=None attaches to the browser a
        WebKitWebDriver started with --target is connected to."""
        self.url = url.rstrip("/")
        self.app = app
        caps = {"tauri:options": {"application": app, "args": args or []}} if app else {}
        if env:
            caps["tauri:options"]["env"] = env
        self.id = None
        r = self._req("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.id = r["sessionId"]

    def _req(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(3):
            req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:
                    out = json.loads(resp.read() or b"{}")
                return out.get("value", out)
            except urllib.error.HTTPError as e:
                raise WebDriverError(e.read().decode(errors="replace")[:500]) from None
            except (ConnectionError, http.client.RemoteDisconnected):
                # the driver occasionally drops a connection; the
                # commands used here are safe to repeat.
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def cmd(self, method, path, body=None):
        return self._req(method, f"/session/{self.id}{path}", body)

    def quit(self):
        if self.id is None:
            return
        try:
            self._req("DELETE", f"/session/{self.id}")
        except Exception:
            pass
        self.id = None

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def find(self, css, timeout=15):
        end = time.time() + timeout
        while True:
            try:
                el = self.cmd("POST", "/element", {"using": "css selector", "value": css})
                if isinstance(el, dict) and ELEM in el:
                    return el[ELEM]
                if isinstance(el, dict) and "ELEMENT" in el:
                    return el["ELEMENT"]
                raise WebDriverError(f"unexpected element reply {el}")
            except WebDriverError:
                if time.time() > end:
                    raise WebDriverError(f"not found: {css}")
                time.sleep(0.2)

    def click(self, css, timeout=15):
        end = time.time() + timeout
        while True:
            try:
                return self.cmd("POST", f"/element/{self.find(css, timeout)}/click", {})
            except WebDriverError:
                if time.time() > end:
                    raise
                time.sleep(0.3)

    def type(self, css, text, clear=True):
        el = self.find(css)
        if clear:
            self.cmd("POST", f"/element/{el}/clear", {})
        if text:
            self.cmd("POST", f"/element/{el}/value", {"text": text, "value": list(text)})
        # Clearing fires no input event in WebKit; tell the page explicitly.
        self.js("arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", {ELEM: el})

    def text(self, css):
        return self.cmd("GET", f"/element/{self.find(css)}/text")

    def wait(self, script, timeout=30, what=None):
        """Waits until `script` (a JS expression) is truthy; returns its value."""
        end = time.time() + timeout
        while True:
            v = self.js(f"return ({script});")
            if v:
                return v
            if time.time() > end:
                raise WebDriverError(f"timed out waiting for {what or script}")
            time.sleep(0.25)

