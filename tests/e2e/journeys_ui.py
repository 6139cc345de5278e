"""Language, themes, keyboard, confirmations, Activity, errors, contrast, the connect form."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def language_and_dark_mode():
    S.click(".tabs [data-tab=settings]")
    S.js("const s=document.querySelector('#settings-form select[name=language]'); s.value='zh'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait("document.querySelector('.tabs [data-tab=dash]').textContent === '实例'")
    S.click(".tabs [data-tab=dash]")
    shot("13-chinese-dashboard")
    S.click(".tabs [data-tab=settings]")
    S.js("const s=document.querySelector('#settings-form select[name=theme]'); s.value='dark'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait("document.documentElement.classList.contains('dark')")
    S.click(".tabs [data-tab=dash]")
    shot("14-dark")
    S.click(".tabs [data-tab=settings]")
    S.js("const s=document.querySelector('#settings-form select[name=language]'); s.value='en'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.js("const s=document.querySelector('#settings-form select[name=theme]'); s.value='system'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.type("#settings-form input[name=thresholds]", "30, x")
    S.js("document.querySelector('#settings-form input[name=thresholds]').dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait("document.querySelector('#settings-error').textContent.length > 0")
    r = invoke("update_settings", {"patch": {"thresholds": [999]}})
    assert r[0] == "err" and r[1]["kind"] == "invalid_input", r


@test
def keyboard_only_journey():
    """Rows, sort headers, tabs and dialogs with real key presses only."""
    S.js("document.querySelector('#search').focus()")
    look.keys("Escape")
    # From the search box, Tab reaches the first row (after the filters, batch buttons, select-all, sort buttons).
    for _ in range(40):
        look.keys("Tab")
        if S.js("return !!document.activeElement.closest('#instances tbody tr[data-id]')"):
            break
    assert S.js("return document.activeElement.matches('#instances tbody tr[data-id]')"), S.js("return document.activeElement.outerHTML.slice(0, 120)")
    first = S.js("return document.activeElement.querySelector('.name').textContent")
    look.keys("Down")
    second = S.js("return document.activeElement.querySelector('.name').textContent")
    assert second != first, "arrow keys move between rows"
    look.keys("Return")
    S.wait("document.querySelector('#dlg-detail').open", what="detail opened by Enter")
    assert second in S.text("#dlg-detail h2")
    shot("kbd-detail")
    look.keys("Escape")
    S.wait("!document.querySelector('#dlg-detail').open")
    S.wait("document.activeElement.matches('#instances tbody tr[data-id]')", what="focus back on the row")
    # Sort by name with the keyboard: the header is a button, the column says how it is sorted.
    S.js("document.querySelector('th[data-sort=name] button').focus()")
    look.keys("Return")
    S.wait("document.querySelector('th[data-sort=name]').getAttribute('aria-sort') === 'ascending'")
    look.keys("space")
    S.wait("document.querySelector('th[data-sort=name]').getAttribute('aria-sort') === 'descending'")
    assert S.js("return document.querySelectorAll('th[aria-sort]').length") == 1
    # Tabs: one tab stop, arrows move and select.
    S.js("document.querySelector('.tabs [data-tab=dash]').focus()")
    look.keys("Right")
    S.wait("document.querySelector('.tabs [data-tab=buy]').getAttribute('aria-selected') === 'true'")
    assert S.js("return !document.querySelector('#tab-buy').hidden && document.activeElement.dataset.tab === 'buy'")
    look.keys("End")
    S.wait("document.querySelector('.tabs [data-tab=settings]').getAttribute('aria-selected') === 'true'")
    look.keys("Home")
    S.wait("!document.querySelector('#tab-dash').hidden")
    assert S.js("return [...document.querySelectorAll('.tabs [role=tab]')].filter(t => t.tabIndex === 0).length") == 1
    # A visible focus ring: pixels of the focus colour around the focused tab.
    S.js("document.querySelector('.tabs [data-tab=dash]').focus()")
    look.keys("Right", "Left")
    shot("kbd-focus-ring")
    b = S.js("const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
    focus = S.js("const c = getComputedStyle(document.activeElement).outlineColor.match(/\\d+/g); return c.slice(0, 3).map(Number)")
    img = look.load_rgb(os.path.join(SHOTS, "kbd-focus-ring.png"))
    ring = look.pixels_like(img, {"x": b[0] - 4, "y": b[1] - 4, "w": b[2] + 8, "h": b[3] + 8}, focus)
    assert ring >= b[2] + b[3], f"focus ring not visible: {ring} pixels of {focus}"
    bar = S.js("return getComputedStyle(document.querySelector('.tabs')).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)")
    assert look.ratio(focus, bar) >= 3, ("the ring must stand out from the bar", focus, bar)
    # Every input, select and textarea has a name a screen reader can say.
    unnamed = S.js("return [...document.querySelectorAll('input, select, textarea')].filter(el => el.type !== 'hidden'"
                   " && !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))"
                   ".map(el => el.outerHTML.slice(0, 80))")
    assert not unnamed, unnamed


@test
def confirmations_before_power_and_batch_actions():
    before = count("action")
    open_detail("erp")
    S.click("#dlg-detail [data-act=stop-hard]")
    S.wait("document.querySelector('#dlg-confirm').open")
    assert "erp" in S.text("#dlg-confirm")
    shot("confirm-force-stop")
    confirm_step(yes=False)
    S.click("#dlg-detail [data-act=reboot]")
    confirm_step(yes=False)
    assert count("action") == before, "nothing sent without a yes"
    close_dialogs()
    # Batch: two selected, stop asks first and names them.
    S.js("[...document.querySelectorAll('#instances tbody tr')].slice(0, 2).forEach(r => r.querySelector('.sel').click())")
    S.click("[data-batch=stop]")
    S.wait("document.querySelector('#dlg-confirm').open")
    assert "2" in S.text("#dlg-confirm p")
    confirm_step(yes=False)
    assert count("action") == before
    # Batch renew of more than 10: said, not silent.
    S.js("const f = window.__flexus.fleet; f._saved = f.instances;"
         "f.instances = Array.from({length: 12}, (_, n) => Object.assign({}, f._saved[n % f._saved.length], {id: 'v' + n, name: 'node-' + n}));"
         "window.__flexus.selected.clear(); f.instances.forEach(i => window.__flexus.selected.add(i.id));")
    try:
        S.click("[data-batch=renew]")
        S.wait("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('first 10 of the 12'))", what="limit said")
        S.wait("document.querySelector('#dlg-renew').open")
        assert S.text("#dlg-renew h2").count("node-") == 10
    finally:
        close_dialogs()
        S.js("const f = window.__flexus.fleet; f.instances = f._saved; delete f._saved; window.__flexus.selected.clear();"
             "document.querySelector('#search').dispatchEvent(new Event('input'));")


@test
def edit_saves_a_description_beside_an_empty_hostname():
    # Servers whose hostname is empty (or otherwise not what the rules allow today) exist;
    # only the fields that change are checked.
    S.js("window.__flexus.fleet.instances.find(i => i.name === 'erp').hostname = ''")
    open_detail("erp")
    S.click("#dlg-detail [data-act=edit]")
    S.wait("document.querySelector('#dlg-edit').open")
    assert S.js("return document.querySelector('#ed-host').value") == ""
    S.type("#ed-desc", "accounting box")
    S.click("#ed-save")
    S.wait("!document.querySelector('#dlg-edit').open", what="saved without touching the hostname")
    S.wait("window.__flexus.fleet.instances.find(i => i.name === 'erp').description === 'accounting box'", timeout=15)
    close_dialogs()


@test
def activity_reads_in_sentences_with_filters_and_csv():
    # Two actions of its own to read back: a paid renewal and an auto-renew switch.
    renew_by_ipc("web-shop", 2)
    staging = instance("staging")
    assert invoke("set_auto_renew", {"id": staging["id"], "on": not staging["auto_renew"]})[0] == "ok"
    switched = f"Turned auto-renew {'off' if staging['auto_renew'] else 'on'} for staging"
    S.click(".tabs [data-tab=log]")
    S.wait("!!document.querySelector('#log li[data-action=renew]')", what="the renewal in the log")
    text = S.text("#log")
    assert "{" not in text and "resource_ids" not in text, "no raw JSON"
    assert "Action " not in text, f"an action without its own sentence: {text}"
    assert switched in text, text
    renew = S.js("return [...document.querySelectorAll('#log li[data-action=renew]')].map(li => li.textContent.replace(/\\s+/g, ' ').trim())")
    # The sentence carries the price that was confirmed for it.
    assert any("Renewed web-shop for 2 months" in r and "USD" in r and "order CS" in r and "done" in r
               for r in renew), renew
    assert S.js("return document.querySelector('#log li .badge.ok') !== null")
    assert S.js("return [...document.querySelectorAll('#log li .when')].every(w => !/T\\d\\d:/.test(w.textContent))"), "times are formatted"
    S.js("const s = document.querySelector('#log-action'); s.value = 'renew'; s.dispatchEvent(new Event('change'))")
    actions = set(S.js("return [...document.querySelectorAll('#log li')].map(li => li.dataset.action)"))
    assert actions == {"renew"}, actions
    S.js("const s = document.querySelector('#log-action'); s.value = ''; s.dispatchEvent(new Event('change'));"
         "const o = document.querySelector('#log-outcome'); o.value = 'succeeded'; o.dispatchEvent(new Event('change'))")
    assert set(S.js("return [...document.querySelectorAll('#log li')].map(li => li.dataset.outcome)")) == {"succeeded"}
    S.js("const o = document.querySelector('#log-outcome'); o.value = ''; o.dispatchEvent(new Event('change'))")
    shot("activity-sentences")
    # The same way out as every export: the system's save dialog, Rust writes the file.
    out = os.path.abspath(os.path.join(DATA, "..", "exports", "activity.csv"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    S.click("#log-export")
    save_in_native_dialog("Save the activity log", out)
    wait_for(lambda: os.path.exists(out), "the activity CSV written by Rust")
    S.wait("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('activity.csv'))", what="export saved")
    csv = open(out, encoding="utf-8-sig").read()
    assert csv.splitlines()[0].startswith("Time,Account,Action,What happened"), csv[:200]
    assert "Renewed web-shop for 2 months" in csv


@test
def fleet_problems_are_a_sentence_with_details():
    # The balance cannot be read: the dashboard says so in words, the raw error waits behind Details.
    http("POST", demo_admin() + "/_sim/faults", {"service": "bss", "kind": "server_error", "times": 50})
    try:
        refresh_dashboard()
        S.wait("!document.querySelector('#problems').hidden", what="problems shown", timeout=30)
        said = S.js("return [...document.querySelectorAll('#problems > div')].map(d => d.textContent).join(' ')")
        assert "could not be read" in said and "bss" not in said, said
        assert "bss:" in S.js("return document.querySelector('#problems details code').textContent")
        shot("problems")
    finally:
        http("DELETE", demo_admin() + "/_sim/faults")
    refresh_dashboard()
    S.wait("document.querySelector('#problems').hidden", what="problems gone", timeout=30)


@test
def live_language_switch_leaves_no_english():
    set_setting("language", "zh")
    S.wait("document.querySelector('.tabs [data-tab=dash]').textContent === '实例'")
    # The checker first proves it catches English words, and passes a file path as data.
    S.click(".tabs [data-tab=dash]")
    S.js("const p = document.createElement('p'); p.id = 'probe'; p.textContent = '已保存 some English left';"
         "const q = document.createElement('p'); q.id = 'probe-path'; q.textContent = '原文件在 /tmp/data/journal.jsonl';"
         "document.querySelector('#tab-dash').prepend(p, q)")
    caught = look.english_left(S)
    S.js("document.querySelector('#probe').remove(); document.querySelector('#probe-path').remove()")
    assert any(h.startswith("P#probe:") for h in caught), f"the checker missed English words: {caught}"
    assert not any(h.startswith("P#probe-path:") for h in caught), f"the checker took a path for English: {caught}"
    where = {}
    for tab in ["settings", "log", "buy", "dash"]:
        S.click(f".tabs [data-tab={tab}]")
        time.sleep(0.3)
        where[tab] = look.english_left(S)
    open_detail("erp")
    where["detail"] = look.english_left(S)
    S.click("#dlg-detail [data-act=renew]")
    S.wait("!!document.querySelector('#rn-price')")
    where["renew"] = look.english_left(S)
    close_dialogs()
    shot("13-chinese")
    assert "余额" in S.text("#balance") and "更新于" in S.text("#refreshed-at"), S.text("#balance")
    left = {k: v for k, v in where.items() if v}
    # A Rust validation message comes back wholly in Chinese.
    r = invoke("update_server", {"id": row_of("erp")["id"], "hostname": "a..b"})
    assert r[0] == "err" and r[1]["message"].startswith("主机名："), r
    assert not any(c.isascii() and c.isalpha() for c in r[1]["message"]), r
    set_setting("language", "en")
    S.wait("document.querySelector('.tabs [data-tab=dash]').textContent === 'Instances'")
    assert not left, f"English left after switching to Chinese: {left}"


@test
def contrast_on_screenshot_pixels_light_and_dark():
    # The checker first proves it catches grey on grey.
    S.js("const p = document.createElement('p'); p.id = 'probe'; p.textContent = 'low contrast probe';"
         "p.style.color = '#8a8a8a'; p.style.background = '#9a9a9a'; p.style.padding = '6px';"
         "document.querySelector('#tab-dash').prepend(p)")
    bad, _ = look.low_contrast(S, os.path.join(SHOTS, "contrast-probe.png"))
    S.js("document.querySelector('#probe').remove()")
    assert any(t == "low contrast probe" for _, t, _ in bad), f"the checker missed the probe: {bad}"
    failures = {}
    for theme in ["light", "dark"]:
        set_setting("theme", theme)
        for tab in ["dash", "buy", "log", "settings"]:
            S.click(f".tabs [data-tab={tab}]")
            time.sleep(0.3)
            name = f"contrast-{theme}-{tab}"
            bad, n = look.low_contrast(S, os.path.join(SHOTS, f"{name}.png"))
            assert n > 5, (name, n)
            if bad:
                failures[name] = bad
        S.click(".tabs [data-tab=dash]")
        open_detail("erp")
        bad, _ = look.low_contrast(S, os.path.join(SHOTS, f"contrast-{theme}-detail.png"))
        if bad:
            failures[f"{theme}-detail"] = bad
        close_dialogs()
    set_setting("theme", "system")
    assert not failures, failures


@test
def connect_cancel_saves_nothing_and_required_clears():
    profiles = invoke("list_profiles")[1]
    S.click(".tabs [data-tab=settings]")
    S.click("#add-account")
    S.wait("document.querySelector('#dlg-connect').open")
    S.type("#connect-form input[name=name]", "Cancelled shop")
    S.type("#connect-form input[name=access_key]", "")
    S.click("#connect-save")
    S.wait("document.querySelector('#connect-form .error').textContent.includes('Required')")
    assert S.js("return document.querySelector('#connect-form input[name=access_key]').classList.contains('invalid')")
    S.type("#connect-form input[name=access_key]", "AKIDCANCEL123456")
    S.wait("!document.querySelector('#connect-form input[name=access_key]').classList.contains('invalid')", what="AK error cleared")
    assert "AK" not in S.text("#connect-form .error"), S.text("#connect-form .error")
    S.type("#connect-form input[name=secret_key]", "cancel-secret-" + uuid.uuid4().hex)
    S.wait("document.querySelector('#connect-form .error').textContent === ''", what="error line cleared")
    S.click("#connect-cancel")
    S.wait("!document.querySelector('#dlg-connect').open")
    time.sleep(1)
    assert invoke("list_profiles")[1] == profiles, "Cancel saved a profile"
    assert S.js("return document.querySelector('#connect-form input[name=secret_key]').value") == ""
    out = subprocess.run(["secret-tool", "search", "--all", "service", "app.flexusdesk.desktop"], capture_output=True, text=True, timeout=20)
    assert "Cancelled shop" not in out.stdout + out.stderr, "Cancel put keys in the keychain"
    # Escape is Cancel too.
    S.click("#add-account")
    S.wait("document.querySelector('#dlg-connect').open")
    S.type("#connect-form input[name=access_key]", "AKIDESCAPE123456")
    look.keys("Escape")
    S.wait("!document.querySelector('#dlg-connect').open")
    assert S.js("return document.querySelector('#connect-form input[name=access_key]').value") == ""
    S.js("document.querySelector('#connect-form input[name=name]').value = 'My account'")
