"""Dashboard and server journeys: first run, filters, a thousand rows, power, password, edit."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)


@test
def first_run_offers_demo_and_shows_instances_across_regions():
    S.wait("document.querySelector('#dlg-welcome').open", what="welcome dialog")
    shot("01-welcome")
    # The only way in on first run: Escape must not leave an empty window. The dialog's
    # "cancel" event says the key arrived; it must still be open after it.
    S.js("window.__escapes = 0; document.querySelector('#dlg-welcome')"
         ".addEventListener('cancel', () => window.__escapes++)")
    look.keys("Escape")
    S.wait("window.__escapes === 1", what="Escape reached the welcome dialog")
    assert S.js("return document.querySelector('#dlg-welcome').open"), "Escape closed the welcome dialog"
    S.click("#choose-demo")
    S.wait("document.querySelectorAll('#instances tbody tr').length === 6", what="six demo rows")
    regions = S.js("return new Set([...document.querySelectorAll('#instances tbody tr td:nth-child(3)')].map(t => t.textContent)).size")
    assert regions == 6, regions
    assert S.js("return !document.querySelector('#demo-badge').hidden")
    assert "USD" in S.text("#balance")
    assert "2 days left" in row_of("web-shop")["text"]
    assert "Frozen" in row_of("frozen-lab")["text"]
    shot("02-dashboard")


@test
def dashboard_filters_and_search():
    fresh_demo()  # the seeded instances as they are: erp and web-shop due within a week
    S.type("#search", "erp")
    S.wait("document.querySelectorAll('#instances tbody tr').length === 1")
    S.type("#search", "")
    S.js("const s=document.querySelector('#filter-status'); s.value='soon'; s.dispatchEvent(new Event('input'))")
    names = sorted(r["name"] for r in rows())
    assert names == ["erp", "web-shop"], names
    S.js("const s=document.querySelector('#filter-status'); s.value=''; s.dispatchEvent(new Event('input'))")
    S.wait("document.querySelectorAll('#instances tbody tr').length === 6")


@test
def a_thousand_rows_keep_only_the_visible_ones_in_the_page():
    # 1,000 copies of the demo rows, given to the real renderer.
    S.js("const f = window.__flexus.fleet; f._saved = f.instances;"
         "f.instances = Array.from({length: 1000}, (_, n) => Object.assign({}, f._saved[n % f._saved.length], {id: 'v' + n, name: 'node-' + String(n).padStart(4, '0')}));"
         "document.querySelector('#search').dispatchEvent(new Event('input'));")
    try:
        in_dom = S.js("return document.querySelectorAll('#instances tbody tr[data-id]').length")
        assert 20 <= in_dom <= 120, in_dom
        assert S.js("return document.querySelector('.table-wrap').scrollHeight") > 30000, "spacers keep the full height"
        S.js("const w = document.querySelector('.table-wrap'); w.scrollTop = w.scrollHeight;")
        last = S.js("const r = window.__flexus.rows; return r[r.length - 1].name")
        S.wait(f"[...document.querySelectorAll('#instances tbody .name')].some(n => n.textContent === {json.dumps(last)})", what="last row after scrolling")
        assert S.js("return document.querySelectorAll('#instances tbody tr[data-id]').length") <= 120
        S.js("document.querySelector('#select-all').click()")
        assert S.js("return window.__flexus.selected.size") == 1000, "select all takes every row, shown or not"
        S.js("document.querySelector('#select-all').click()")
        S.type("#search", "node-099")
        S.wait("document.querySelectorAll('#instances tbody tr[data-id]').length === 10", what="filtered rows")
    finally:
        S.js("const f = window.__flexus.fleet; f.instances = f._saved; delete f._saved; window.__flexus.selected.clear();")
        S.type("#search", "")
    S.wait("document.querySelectorAll('#instances tbody tr').length === window.__flexus.fleet.instances.length")


@test
def start_stop_reboot():
    open_detail("staging")
    shot("03-detail")
    S.click("#dlg-detail [data-act=start]")
    S.wait("(document.querySelector('#job-line')||{}).textContent?.includes('done')", timeout=40, what="start job")
    close_dialogs()
    S.wait("window.__flexus.fleet.instances.find(i => i.name === 'staging').status === 'ACTIVE'", timeout=20)
    open_detail("staging")
    S.click("#dlg-detail [data-act=stop]")
    confirm_step()
    S.wait("(document.querySelector('#job-line')||{}).textContent?.includes('done')", timeout=40, what="stop job")
    close_dialogs()
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=reboot]")
    confirm_step()
    S.wait("(document.querySelector('#job-line')||{}).textContent?.includes('done')", timeout=40, what="reboot job")
    close_dialogs()
    assert S.js("return window.__flexus.fleet.instances.find(i => i.name === 'staging').status") == "SHUTOFF"


@test
def reset_password_rules_and_restart():
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=password]")
    S.wait("document.querySelector('#dlg-password').open")
    S.type("#pw1", "weakpass")
    S.type("#pw2", "weakpass")
    assert S.js("return document.querySelector('#pw-confirm').disabled"), "a weak password cannot be sent"
    before = count("os-reset-passwords")
    r = invoke("reset_password", {"ids": [row_of("web-shop")["id"]], "password": "weakpass", "restart": False})
    assert r[0] == "err" and r[1]["kind"] == "invalid_input", r
    assert count("os-reset-passwords") == before, "rejected in Rust, nothing sent"
    S.type("#pw1", "Flexus@2026x")
    S.type("#pw2", "Flexus@2026x")
    S.wait("!document.querySelector('#pw-confirm').disabled")
    shot("04-reset-password")
    S.click("#pw-confirm")
    S.wait("!document.querySelector('#dlg-password').open")
    assert count("os-reset-passwords") == before + 1
    assert S.js("return document.querySelector('#pw1').value") == ""
    close_dialogs()


@test
def rename_and_hostname():
    open_detail("web-shop")
    S.click("#dlg-detail [data-act=edit]")
    S.wait("document.querySelector('#dlg-edit').open")
    S.type("#ed-host", "bad..host")
    S.click("#ed-save")
    S.wait("document.querySelector('#dlg-edit .error').textContent.length > 0")
    S.type("#ed-host", "shop-01")
    S.type("#ed-name", "shop_server")
    shot("05-edit")
    S.click("#ed-save")
    S.wait("!document.querySelector('#dlg-edit').open")
    S.wait("window.__flexus.fleet.instances.find(i => i.name === 'web-shop').hostname === 'shop-01'", timeout=15)
    close_dialogs()
