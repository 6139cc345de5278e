"""The renewal calendar across real accounts when one of them cannot be read: the
accounts that answer are drawn, and the one that did not is named with the reason,
in English and in Chinese."""
from harness import *  # noqa: F401,F403 (the journeys' shared vocabulary)

GOOD, BROKEN = "Cal good", "Cal broken"


def remove_profile(name):
    """Removes an account the way a person does (Settings, Remove, confirm)."""
    S.click(".tabs [data-tab=settings]")
    S.wait(f"!!document.querySelector('[data-remove={json.dumps(name)}]')", what=f"{name} in the list")
    S.click(f"[data-remove={json.dumps(name)}]")
    S.wait("!!document.querySelector('#rm-yes')")
    S.click("#rm-yes")
    S.wait(f"!document.querySelector('[data-remove={json.dumps(name)}]')", what=f"{name} removed")


@test
def calendar_draws_the_accounts_that_answer_and_names_the_one_that_did_not():
    good_ak = "CALGOOD" + uuid.uuid4().hex[:12].upper()
    good_sk, good_token = "cal-sk-" + uuid.uuid4().hex, "cal-token-" + uuid.uuid4().hex
    http("POST", SIM["admin"] + "/_sim/keys", {"site": "intl", "ak": good_ak, "sk": good_sk, "token": good_token})
    # An account whose keys the cloud does not know (saved without the dialog's check).
    r = invoke("save_credentials", {"name": BROKEN, "site": "intl", "access_key": "CALBAD" + uuid.uuid4().hex[:12].upper(),
                                    "secret_key": "unknown-" + uuid.uuid4().hex, "security_token": None})
    assert r[0] == "ok", r
    # The working one through the connect dialog, which checks the keys and switches to it.
    S.click(".tabs [data-tab=settings]")
    S.click("#add-account")
    S.wait("document.querySelector('#dlg-connect').open")
    S.type("#connect-form input[name=name]", GOOD)
    S.type("#connect-form input[name=access_key]", good_ak)
    S.type("#connect-form input[name=secret_key]", good_sk)
    S.type("#connect-form textarea[name=security_token]", good_token)
    S.click("#connect-save")
    S.wait("!document.querySelector('#dlg-connect').open", timeout=30, what="connected")
    S.wait(f"document.querySelector('#profile-select').value === {json.dumps(GOOD)}")
    close_dialogs()  # the offer to start at login, after a first account
    try:
        for lang, words in (("en", None), ("zh", "zh")):
            set_setting("language", lang)
            S.click(".tabs [data-tab=calendar]")
            S.wait("document.querySelector('#calendar-table tr[data-due]') && document.querySelector('.problems li')",
                   timeout=40, what="the calendar with its problem line")
            accounts = S.js("return [...document.querySelectorAll('#calendar-table tr[data-due] td:nth-child(4)')]"
                            ".map(td => td.textContent)")
            # (Another journey's account on the same cloud may answer too.)
            assert GOOD in accounts and BROKEN not in accounts and "Demo" not in accounts, accounts
            problems = S.js("return [...document.querySelectorAll('.problems li')].map(li => li.textContent)")
            assert len(problems) == 1 and problems[0].startswith(f"{BROKEN}: "), problems
            reason = problems[0][len(BROKEN) + 2:]
            assert reason and reason != "undefined", problems
            if words == "zh":
                assert any("\u4e00" <= c <= "\u9fff" for c in reason), reason
            shot(f"calendar-one-account-failing-{lang}")
    finally:
        set_setting("language", "en")
        for name in (BROKEN, GOOD):
            remove_profile(name)
        S.wait("document.querySelector('#profile-select').value === 'Demo'", what="back to the demo")
