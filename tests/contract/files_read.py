#!/usr/bin/env python3
"""Outside readers for the files Flexus Desk writes, so our writers are judged by
someone else's parser: `ics FILE` reads an iCalendar file with the `icalendar`
package (RFC 5545), `csv FILE` reads a CSV file with Python's csv module (RFC 4180
dialect). Prints JSON; exits 1 when the file does not parse."""

import csv
import json
import sys


def read_ics(path):
    import icalendar
    with open(path, "rb") as f:
        raw = f.read()
    cal = icalendar.Calendar.from_ical(raw)
    events = []
    for ev in cal.walk("VEVENT"):
        alarms = [{"action": str(a.get("ACTION")),
                   "trigger_seconds": int(a.decoded("TRIGGER").total_seconds()),
                   "description": str(a.get("DESCRIPTION"))}
                  for a in ev.walk("VALARM")]
        events.append({
            "uid": str(ev.get("UID")),
            "summary": str(ev.get("SUMMARY")),
            "description": str(ev.get("DESCRIPTION")),
            "dtstart": ev.decoded("DTSTART").isoformat(),
            "dtend": ev.decoded("DTEND").isoformat(),
            "dtstamp": ev.decoded("DTSTAMP").isoformat(),
            "alarms": alarms,
        })
    lines = raw.split(b"\r\n")
    return {
        "version": str(cal.get("VERSION")),
        "prodid": str(cal.get("PRODID")),
        "events": events,
        "longest_line_octets": max(len(l) for l in lines),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {"rows": list(csv.reader(f, strict=True))}


def main(argv):
    kind, path = argv[1], argv[2]
    try:
        out = read_ics(path) if kind == "ics" else read_csv(path)
    except Exception as e:  # noqa: BLE001 - any parse failure is the verdict
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        return 1
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
