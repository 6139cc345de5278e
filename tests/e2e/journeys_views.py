"""The renewal calendar with its exports, and the gallery of every view."""
import re

from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def renewal_calendar_with_ics_and_csv_export():
    S.click(".tabs [data-tab=calendar]")
    S.wait("document.querySelector('#calendar-table tbody.month')", what="calendar months", timeout=30)
    months = S.js("return [...document.querySelectorAll('#calendar-table tbody.month')].map(b => b.dataset.month)")
    assert 1 <= len(months) <= 13, months
    assert months == sorted(months), months
    cover = S.js("return document.querySelector('[data-coverage]').textContent")
    assert "your balance" in cover and ("covers" in cover or "does not cover" in cover), cover
    # Every renewal row carries a price or says it is unknown; the month's total is shown.
    dues = S.js("return [...document.querySelectorAll('#calendar-table tr[data-due]')].map(r => r.textContent)")
    assert dues and all(("USD" in d) or ("price unknown" in d) for d in dues), dues[:3]
    shot("30-calendar")
    out = os.path.join(DATA, "..", "exports")
    os.makedirs(out, exist_ok=True)
    ics = os.path.abspath(os.path.join(out, "renewals.ics"))
    S.click("#export-ics")
    save_in_native_dialog("Save the renewal calendar", ics, "31-save-dialog")
    wait_for(lambda: os.path.exists(ics), "the .ics file written by Rust")
    S.wait("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('renewals.ics'))", what="saved toast")
    body = open(ics, "rb").read()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.count(b"BEGIN:VEVENT") == len(dues), (body[:80], len(dues))
    assert b"TRIGGER:-P7D" in body
    csv_path = os.path.abspath(os.path.join(out, "instances.csv"))
    S.click("#export-csv")
    save_in_native_dialog("Save the instance list", csv_path)
    wait_for(lambda: os.path.exists(csv_path), "the .csv file written by Rust")
    text = open(csv_path, encoding="utf-8", newline="").read()
    assert text.startswith("name,id,region,status,"), text[:80]
    fleet = invoke("refresh_fleet", {"max_age_ms": 60000})
    assert fleet[0] == "ok", fleet
    assert text.count("\r\n") == len(fleet[1]["fleet"]["instances"]) + 1, text[:200]
    # Cancelling the dialog writes nothing and says nothing went wrong.
    S.click("#export-csv")
    wait_for(lambda: x11.visible_windows("Save the instance list"), "second save dialog")
    w = x11.visible_windows("Save the instance list")[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", str(w)], check=True, timeout=10)
    subprocess.run(["xdotool", "key", "Escape"], check=True, timeout=10)
    wait_for(lambda: not x11.visible_windows("Save the instance list"), "dialog cancelled")
    S.wait("!document.querySelector('#export-csv').disabled", what="button enabled again")
    assert not S.js("return [...document.querySelectorAll('.toast.error')].length"), "cancel is not an error"
    # Chinese and dark.
    S.click(".tabs [data-tab=settings]")
    S.js("const s=document.querySelector('#settings-form select[name=language]'); s.value='zh'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.js("const s=document.querySelector('#settings-form select[name=theme]'); s.value='dark'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait("document.querySelector('.tabs [data-tab=calendar]').textContent === '续费日历'")
    S.wait("document.documentElement.classList.contains('dark')")
    S.click(".tabs [data-tab=calendar]")
    S.wait("document.querySelector('[data-coverage]') && document.querySelector('[data-coverage]').textContent.includes('余额')", what="Chinese coverage", timeout=30)
    S.wait("document.querySelector('#calendar-table tr.month-head th').textContent.includes('年')", what="Chinese month names")
    # No English left in the rows: region names and dates in Chinese, not ids or ISO dates.
    rows_zh = S.js("return [...document.querySelectorAll('#calendar-table tr[data-due]')].map(r => r.textContent)")
    leftovers = [r for r in rows_zh if re.search(r"[a-z]{2}-[a-z]+-\d|\d{4}-\d{2}-\d{2}|automatic|by hand", r)]
    assert rows_zh and not leftovers, leftovers[:3]
    shot("32-calendar-zh-dark")
    S.click(".tabs [data-tab=settings]")
    S.js("const s=document.querySelector('#settings-form select[name=language]'); s.value='en'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.js("const s=document.querySelector('#settings-form select[name=theme]'); s.value='system'; s.dispatchEvent(new Event('change', {bubbles: true}))")
    S.wait("document.querySelector('.tabs [data-tab=dash]').textContent === 'Instances'")


@test
def gallery_every_view_in_both_languages_and_themes():
    """artifacts/e2e/gallery/: every view and dialog, English and Chinese, light and dark."""
    gallery = os.path.join(ART, "gallery")
    os.makedirs(gallery, exist_ok=True)

    low = {}

    def snap(name):
        subprocess.run(["dunstctl", "close-all"], check=False)  # desktop notifications are not the app
        S.js("if (!document.querySelector('dialog[open]')) document.activeElement?.blur();"
             "document.querySelectorAll('#toasts > *').forEach(t => t.remove())")  # earlier journeys' toasts
        time.sleep(0.25)
        png = os.path.join(gallery, f"{name}.png")
        bad, _ = look.low_contrast(S, png)  # shoots; every view and dialog, both themes and languages
        if bad:
            low[name] = bad

    def detail_then(act):
        def go():
            open_detail("erp")
            if act:
                S.click(f"#dlg-detail [data-act={act}]")
        return go

    def review():
        S.click(".tabs [data-tab=buy]")
        S.wait("document.querySelector('#buy-form select[name=plan_spec]').options.length > 0")
        S.type("#buy-form input[name=name]", "gallery-shop")
        S.click("#review-btn")

    def modal(css):
        return lambda: S.js(f"document.querySelector('{css}').showModal()")

    views = [
        ("dashboard", lambda: None, None),
        ("detail", detail_then(None), "#dlg-detail[open]"),
        ("renew", detail_then("renew"), "#rn-price"),
        ("unsubscribe", detail_then("unsub"), "#dlg-unsub[open]"),
        ("password", detail_then("password"), "#dlg-password[open]"),
        ("edit", detail_then("edit"), "#dlg-edit[open]"),
        ("confirm-stop", detail_then("stop"), "#confirm-yes"),
        ("buy", lambda: S.click(".tabs [data-tab=buy]"), None),
        ("review", review, "#buy-confirm"),
        ("calendar", lambda: S.click(".tabs [data-tab=calendar]"), "#calendar-table, #calendar-body .empty"),
        ("activity", lambda: S.click(".tabs [data-tab=log]"), "#tab-log:not([hidden])"),
        ("settings", lambda: S.click(".tabs [data-tab=settings]"), None),
        ("connect", lambda: (S.click(".tabs [data-tab=settings]"), S.click("#add-account")), "#dlg-connect[open]"),
        ("welcome", modal("#dlg-welcome"), "#dlg-welcome[open]"),
    ]
    try:
        for lang in ["en", "zh"]:
            set_setting("language", lang)
            for theme in ["light", "dark"]:
                set_setting("theme", theme)
                for name, go, ready in views:
                    S.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())")
                    reset_ui()
                    go()
                    if ready:
                        S.wait(f"!!document.querySelector({json.dumps(ready)})", what=f"{name} ready")
                    snap(f"{name}-{lang}-{theme}")
                S.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())")
    finally:
        S.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())")
        set_setting("language", "en")
        set_setting("theme", "system")
    drawn = {f"{name}-{lang}-{theme}.png" for name, _, _ in views for lang in ("en", "zh") for theme in ("light", "dark")}
    assert drawn <= set(os.listdir(gallery)), sorted(drawn - set(os.listdir(gallery)))
    assert not low, f"text below 4.5:1 on screen: {low}"
