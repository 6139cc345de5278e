"""Permissions, accounts, crash recovery, the tray window and corrupt files."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def capability_audit_only_own_commands():
    # Each refusal must be the permission system's (or the router's, for what does not
    # exist), not some other failure of the call such as bad arguments.
    for cmd, args, why in [("plugin:store|get", {"rid": 1, "key": "settings"}, "not allowed"),
                           ("plugin:notification|notify", {"options": {"title": "x"}}, "not allowed"),
                           ("plugin:autostart|enable", {}, "not allowed"),
                           ("plugin:shell|open", {"path": "https://example.com"}, "not found"),
                           ("plugin:dialog|save", {"options": {}}, "not allowed"),
                           ("not_a_command", {}, "not found")]:
        r = invoke(cmd, args)
        assert r[0] == "err" and why in str(r[1]), (cmd, r)
    r = invoke("get_settings")
    assert r[0] == "ok"


@test
def connect_account_with_keys_survives_restart():
    # Connected from scratch, even when a set-up connected it before.
    if SHOP in [p["name"] for p in invoke("list_profiles")[1]]:
        assert invoke("delete_profile", {"name": SHOP})[0] == "ok"
        S.js("location.reload()")
        S.wait("document.readyState === 'complete' && window.__flexus && window.__flexus.fleet", what="the page again")
    http("POST", SIM["admin"] + "/_sim/keys", {"site": "intl", "ak": CANARY_AK, "sk": CANARY_SK, "token": CANARY_TOKEN})
    S.click(".tabs [data-tab=settings]")
    S.click("#add-account")
    S.wait("document.querySelector('#dlg-connect').open")
    S.type("#connect-form input[name=name]", "Shop account")
    S.type("#connect-form input[name=access_key]", "bad key!")
    S.click("#connect-save")
    S.wait("document.querySelector('#connect-form .error').textContent.length > 0")
    S.type("#connect-form input[name=access_key]", CANARY_AK)
    S.type("#connect-form input[name=secret_key]", CANARY_SK)
    S.type("#connect-form textarea[name=security_token]", CANARY_TOKEN)
    shot("15-connect")
    S.click("#connect-save")
    S.wait("document.querySelector('#connect-form .ok').textContent.includes('demo-shop')", timeout=30, what="verified")
    S.wait("!document.querySelector('#dlg-connect').open", timeout=10)
    S.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())")
    S.wait("document.querySelector('#profile-select').value === 'Shop account'")
    S.wait("window.__flexus.fleet && window.__flexus.fleet.instances.length === 6 && !window.__flexus.demo", timeout=30)
    assert S.js("return document.querySelector('#demo-badge').hidden")
    masked = S.js("return document.querySelector('#profile-select').selectedOptions[0].textContent")
    assert CANARY_AK not in masked and CANARY_AK[:4] in masked, masked
    # The keys are in the real keychain (Secret Service).
    out = subprocess.run(["secret-tool", "search", "--all", "service", "app.flexusdesk.desktop"], capture_output=True, text=True, timeout=20)
    # Keyed by the profile's random id (never by its name: Windows matches names
    # case-insensitively), and the name itself is nowhere in the keychain.
    with open(os.path.join(DATA, "settings.json")) as f:
        key_id = [p for p in json.load(f)["settings"]["profiles"] if p["name"] == "Shop account"][0]["key_id"]
    assert key_id.startswith("p-") and key_id in out.stdout + out.stderr, out
    # Restart: still connected, keys read back from the keychain.
    stop_app()
    start_app()
    S.wait("document.querySelector('#profile-select').value === 'Shop account'", timeout=20)
    S.wait("window.__flexus.fleet && window.__flexus.fleet.instances.length === 6", timeout=30, what="account dashboard after restart")
    shot("16-account-after-restart")
    ipc_log.append(S.js("return document.documentElement.outerHTML"))
    ipc_log.append(json.dumps(S.js("return Object.assign({}, window.localStorage, {session: Object.assign({}, window.sessionStorage)})")))
    ipc_log.append(json.dumps(S.js("return window.__flexus")))
    for cmd in ["list_profiles", "app_info", "get_settings", "activity_log", "refresh_fleet"]:
        invoke(cmd)


@test
def purchase_review_cannot_be_confirmed_on_another_account():
    use_shop_account()
    S.click(".tabs [data-tab=buy]")
    S.wait("document.querySelector('#buy-form select[name=plan_spec]').options.length > 0", what="specs")
    before = sum(v for k, v in http("GET", SIM["admin"] + "/_sim/requests").items() if "light-instances" in k)
    S.type("#buy-form input[name=name]", "other-acct")
    S.type("#buy-form input[name=evs]", "")
    S.click("#review-btn")
    S.wait("document.querySelector('#dlg-review').open", what="review")
    assert "Shop account" in S.text("#review-payer")
    # Meanwhile the account changes (as a notification click can do).
    assert invoke("use_profile", {"name": "Demo"})[0] == "ok"
    S.click("#buy-confirm")
    S.wait("document.querySelector('#dlg-review .error').textContent.includes('account changed')", timeout=20, what="refused")
    assert S.js("return document.querySelector('#buy-confirm').disabled")
    shot("16b-review-other-account")
    after = sum(v for k, v in http("GET", SIM["admin"] + "/_sim/requests").items() if "light-instances" in k)
    assert after == before, "nothing bought on either account"
    log = invoke("activity_log")[1]
    assert not any(e["action"] == "purchase" and e["params"].get("instance_name") == "other-acct" for e in log), log
    assert invoke("use_profile", {"name": "Shop account"})[0] == "ok"
    close_dialogs()


@test
def banner_after_a_crash_clears_when_resolved():
    use_shop_account()
    admin = SIM["admin"]
    http("POST", admin + "/_sim/faults", {"service": "bss", "method": "POST", "path_contains": "autorenew", "kind": "delay_after", "latency_ms": 60000, "times": 1})
    sent = lambda: sum(v for k, v in http("GET", admin + "/_sim/requests").items() if "POST" in k and "autorenew" in k)
    before = sent()
    S.js("location.reload()")
    S.wait("document.readyState === 'complete' && window.__flexus && window.__flexus.fleet && window.__flexus.fleet.instances.length === 6", timeout=30, what="account dashboard")
    open_detail("staging")
    S.click("#auto-toggle")
    wait_for(lambda: sent() == before + 1, "auto-renew sent")
    time.sleep(0.5)
    # The app dies between sending and hearing the answer.
    kill_window_process("KILL")
    wait_for(lambda: not app_running(), "app killed")
    # Slow the evidence reads so the banner can be seen before recovery settles it.
    http("POST", admin + "/_sim/faults", {"service": "bss", "method": "POST", "path_contains": "resources/query", "kind": "latency", "latency_ms": 3000, "times": 3})
    try:
        S.quit()
    except Exception:
        pass
    start_app()
    S.wait("!document.querySelector('#pending-banner').hidden", timeout=20, what="banner after the crash")
    assert "auto-renew" in S.text("#pending-banner")
    shot("16c-banner-after-crash")
    S.wait("document.querySelector('#pending-banner').hidden", timeout=60, what="banner cleared when resolved")
    assert sent() == before + 1, "recovery sent nothing"
    log = invoke("activity_log")[1]
    e = next(e for e in log if e["action"] == "auto_renew")
    assert e["outcome"] == "succeeded", e


@test
def close_hides_to_tray_and_second_launch_shows_it():
    close_to_tray()
    # A second launch hands over to the running app, which shows its window.
    second_launch()
    wait_for(lambda: x11.visible_windows("Flexus Desk"), "window shown by the second launch")
    attach_new_window()
    assert S.js("return 1") == 1, "the new page answers"


@test
def corrupt_settings_are_backed_up_and_explained():
    stop_app()
    path = os.path.join(DATA, "settings.json")
    with open(path, "w") as f:
        f.write("{not json")
    with open(os.path.join(DATA, "journal.jsonl"), "a") as f:
        f.write('{"id": "torn", "tim\n')
    start_app()
    S.wait("!document.querySelector('#notes').hidden", what="startup note")
    note = S.text("#notes")
    assert "settings file was damaged" in note and "activity log had 1 damaged line" in note, note
    backups = [n for n in os.listdir(DATA) if ".corrupt-" in n]
    assert any(n.startswith("settings.json") for n in backups) and any(n.startswith("journal.jsonl") for n in backups), backups
    shot("17-corrupt-settings")
