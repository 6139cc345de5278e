"""End-to-end journeys in the real Flexus Desk window (WebKitGTK under Xvfb) driven
through WebKitWebDriver, against the in-app demo cloud and a
standalone simulator (for "connect an account"), inside dbus-run-session with a
real gnome-keyring. Run by tests/e2e/run.sh; screenshots go to $E2E_ARTIFACTS/screenshots.
The journeys live in journeys_*.py and run in the order imported here.
"""
import os
import random
import sys
import time
import traceback

from harness import ART, CANARY_SK, CANARY_TOKEN, DATA, S, baseline, ipc_log, results, shot, start_app
import journeys_fleet  # noqa: F401  (each import registers its journeys, in this order)
import journeys_money  # noqa: F401
import journeys_ui  # noqa: F401
import journeys_tray  # noqa: F401
import journeys_tray_window  # noqa: F401
import journeys_views  # noqa: F401
import journeys_accounts  # noqa: F401
import journeys_features  # noqa: F401
import journeys_calendar  # noqa: F401


def canary_scan():
    """The unique SK and token may only be in the keychain."""
    hits = []
    for blob_name, blob in [("ipc/DOM", "\n".join(ipc_log))]:
        for c in (CANARY_SK, CANARY_TOKEN):
            if c in blob:
                hits.append(blob_name)
    for root, _, files in os.walk(DATA):
        for n in files:
            try:
                b = open(os.path.join(root, n), "rb").read()
            except FileNotFoundError:
                continue  # a temporary file of an atomic write, renamed meanwhile (its target is read)
            if CANARY_SK.encode() in b or CANARY_TOKEN.encode() in b:
                hits.append(os.path.join(root, n))
    for n in os.listdir(ART):
        p = os.path.join(ART, n)
        if os.path.isfile(p) and n.endswith(".log"):
            b = open(p, "rb").read()
            if CANARY_SK.encode() in b or CANARY_TOKEN.encode() in b:
                hits.append(p)
    assert not hits, f"secret found in: {hits}"


def main():
    passed = failed = 0
    start_app()
    # E2E_ONLY=a,b runs just those journeys (after the first, which sets up the demo)
    # for quick local runs; CI runs them all.
    only = {n for n in os.environ.get("E2E_ONLY", "").split(",") if n}
    chosen = [fn for fn in results + [canary_scan]
              if not only or fn is results[0] or fn.__name__ in only]
    # E2E_SHUFFLE=<seed> runs the journeys between the first and the canary scan in a
    # shuffled order: each starts from baseline() and sets up the rest of what it needs,
    # never relying on what another journey left.
    if os.environ.get("E2E_SHUFFLE"):
        middle = chosen[1:-1]
        random.Random(os.environ["E2E_SHUFFLE"]).shuffle(middle)
        chosen = chosen[:1] + middle + chosen[-1:]
        print("order: " + ", ".join(fn.__name__ for fn in chosen), flush=True)
    for fn in chosen:
        t0 = time.time()
        try:
            if fn is not results[0] and fn is not canary_scan:
                baseline()
            fn()
            passed += 1
            print(f"PASS {fn.__name__} ({time.time() - t0:.1f}s)", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}", flush=True)
            traceback.print_exc()
            try:
                shot(f"FAIL-{fn.__name__}")
            except Exception:
                pass
            if fn.__name__ in ("first_run_offers_demo_and_shows_instances_across_regions",):
                break
    try:
        S.quit()
    except Exception:
        pass
    print(f"e2e: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
