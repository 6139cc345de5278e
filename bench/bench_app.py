"""App figures in the real window (Xvfb, WebKitGTK): cold start to a painted
dashboard in demo mode, resident memory of the app and its WebKit processes idle
and with 1,000 instances, and the time to render and filter 1,000 rows."""
import json
import os
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "e2e"))
import wd  # noqa: E402

APP = os.environ["BENCH_APP"]


def tree(root_name):
    """PIDs of the app and every descendant (WebKitWebProcess, WebKitNetworkProcess)."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,comm="], capture_output=True, text=True).stdout.split("\n")
    procs = [l.split(None, 2) for l in out if l.strip()]
    app = [int(p) for p, _, c in procs if c.startswith(root_name[:15])]
    pids = set(app)
    changed = True
    while changed:
        changed = False
        for p, pp, _ in procs:
            if int(pp) in pids and int(p) not in pids:
                pids.add(int(p)); changed = True
    return pids


def mem(pids):
    rss = pss = 0
    for p in pids:
        try:
            for line in open(f"/proc/{p}/smaps_rollup"):
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass
    return rss / 1024, pss / 1024


def run(seed, data):
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "settings.json"), "w") as f:
        json.dump({"settings": {"onboarded": True, "active_profile": "Demo"}}, f)
    # The app inherits its environment from tauri-driver: one driver per run.
    env = dict(os.environ, FLEXUS_DATA_DIR=data, FLEXUS_DEMO_SEED=seed)
    drv = subprocess.Popen(["tauri-driver", "--port", "4444"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen("http://127.0.0.1:4444/status", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    s = wd.Session("http://127.0.0.1:4444", APP)
    startup = int(s.wait("document.body.dataset.startupMs", timeout=60, what="first paint"))
    js_start = int(s.js("return document.body.dataset.startupJsMs"))
    rows = s.js("return window.__flexus.fleet.instances.length")
    in_dom = s.js("return document.querySelectorAll('#instances tbody tr[data-id]').length")
    time.sleep(3)  # settle
    rss, pss = mem(tree(os.path.basename(APP)))
    ui = {}
    if rows >= 1000:
        ui["render_ms"] = s.js("const s=document.querySelector('#search'); const t=performance.now(); s.value=''; s.dispatchEvent(new Event('input')); return performance.now()-t;")
        ui["filter_ms"] = s.js("const s=document.querySelector('#search'); const t=performance.now(); s.value='node-09'; s.dispatchEvent(new Event('input')); const n=document.querySelectorAll('#instances tbody tr').length; return [performance.now()-t, n];")
        ui["sort_ms"] = s.js("const t=performance.now(); document.querySelector('th[data-sort=name]').click(); return performance.now()-t;")
    s.quit()
    time.sleep(1)
    drv.terminate()
    drv.wait()
    subprocess.run(["pkill", "-f", "-x", APP])
    time.sleep(0.5)
    return {"seed": seed, "rows": rows, "rows_in_dom": in_dom, "startup_ms": startup, "script_ms": js_start, "rss_mb": round(rss, 1), "pss_mb": round(pss, 1), **ui}


if __name__ == "__main__":
    base, seeds = sys.argv[1], sys.argv[2:] or ["demo", "demo", "scale:1000"]
    results = [run(seed, f"{base}/{n}") for n, seed in enumerate(seeds)]
    print(json.dumps(results))
