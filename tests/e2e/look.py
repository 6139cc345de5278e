"""What a user sees, checked on what is really on screen: text contrast measured on
screenshot pixels (native widgets ignore CSS, so computed styles would lie), English
left behind after switching to Chinese, and real key presses (XTEST via xdotool)."""
import subprocess
import time

# Every visible element that holds its own text, with its box in screen pixels. The
# window sits at the display's origin (no window manager), so page = screen + offset.
TEXT_BOXES_JS = r"""
const out = [];
const seen = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const topDialog = [...document.querySelectorAll('dialog[open]')].pop();
while (walker.nextNode()) {
  const n = walker.currentNode;
  if (!/[\p{L}\p{N}]/u.test(n.textContent)) continue;  // a lone dash or bullet is not text to read
  const el = n.parentElement;
  if (!el || seen.has(el)) continue;
  if (topDialog && !topDialog.contains(el)) continue;  // behind a modal's backdrop
  if (el.closest('[hidden], .sr-only, option, .toast, #toasts')) continue;
  if (el.closest('button:disabled, [aria-disabled=true]')) continue;  // WCAG exempts disabled controls
  const r = document.createRange(); r.selectNodeContents(n);
  const b = r.getBoundingClientRect();
  if (b.width < 4 || b.height < 6 || b.top < 0 || b.left < 0 || b.bottom > innerHeight || b.right > innerWidth) continue;
  const cs = getComputedStyle(el);
  if (cs.visibility !== 'visible' || Number(cs.opacity) < 0.99) continue;
  seen.add(el);
  out.push({x: Math.max(0, b.left), y: Math.max(0, b.top), w: Math.min(b.width, innerWidth - b.left),
            h: Math.min(b.height, innerHeight - b.top), text: n.textContent.trim().slice(0, 40),
            path: el.tagName + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')});
}
for (const el of document.querySelectorAll('select')) {  // a closed select's label is drawn, not a text node
  if (topDialog && !topDialog.contains(el)) continue;
  if (el.closest('[hidden]') || !el.selectedOptions[0]) continue;
  const b = el.getBoundingClientRect();
  if (b.width < 30 || b.top < 0 || b.bottom > innerHeight) continue;
  out.push({x: b.left + 3, y: b.top + 3, w: b.width - 28, h: b.height - 6, text: el.selectedOptions[0].text.slice(0, 40), path: 'SELECT'});
}
return {boxes: out, dx: window.screenX + (outerWidth - innerWidth) / 2, dy: window.screenY + (outerHeight - innerHeight)};
"""


def _lum(c):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])


def ratio(a, b):
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def load_rgb(png):
    """The screenshot as (width, height, bytes) of RGB triples, via ImageMagick."""
    w, h = map(int, subprocess.run(["identify", "-format", "%w %h", png], capture_output=True, text=True,
                                   check=True).stdout.split())
    raw = subprocess.run(["convert", png, "-depth", "8", "rgb:-"], capture_output=True, check=True).stdout
    return w, h, raw


def box_contrast(img, box):
    """Background = the most common colour in the box; text = the pixels farthest from it.
    Anti-aliased edges are lighter than the glyph's core, so the 4th-best pixel is used
    (robust against a stray pixel, fair to thin strokes)."""
    w, h, raw = img
    x0, y0 = int(box["x"]), int(box["y"])
    x1, y1 = min(w, int(box["x"] + box["w"])), min(h, int(box["y"] + box["h"]))
    counts, px = {}, []
    for y in range(y0, y1):
        row = raw[(y * w + x0) * 3:(y * w + x1) * 3]
        for i in range(0, len(row), 3):
            c = (row[i], row[i + 1], row[i + 2])
            counts[c] = counts.get(c, 0) + 1
            px.append(c)
    if not px:
        return None
    bg = max(counts, key=counts.get)
    scored = sorted((ratio(bg, c) for c in set(px)), reverse=True)
    # A single narrow glyph ("1") may have its stem split between two pixel columns, so
    # no pixel but the darkest reaches the ink colour: use that one for narrow boxes.
    k = 0 if box["w"] < 10 else 3
    return scored[min(k, len(scored) - 1)], bg


def pixels_like(img, box, colour, tolerance=40):
    """How many pixels in the box are within `tolerance` (per channel) of `colour`."""
    w, h, raw = img
    n = 0
    for y in range(max(0, int(box["y"])), min(h, int(box["y"] + box["h"]))):
        for x in range(max(0, int(box["x"])), min(w, int(box["x"] + box["w"]))):
            i = (y * w + x) * 3
            if all(abs(raw[i + k] - colour[k]) <= tolerance for k in range(3)):
                n += 1
    return n


def shoot(png):
    subprocess.run(["import", "-window", "root", png], check=True, timeout=30)


def low_contrast(S, png, minimum=4.5):
    """Takes the screenshot `png` and returns [(ratio, text, where)] for every text box on it
    below `minimum`. The boxes are read before and after the shot; if the page moved in
    between (a late render), it shoots again, so pixels and boxes always match."""
    subprocess.run(["dunstctl", "close-all"], check=False)  # desktop notifications sit on top of the window
    for _ in range(5):
        before = S.js(TEXT_BOXES_JS)
        shoot(png)
        info = S.js(TEXT_BOXES_JS)
        if info == before:
            break
        time.sleep(0.3)
    img = load_rgb(png)
    bad = []
    for b in info["boxes"]:
        b = dict(b, x=b["x"] + info["dx"], y=b["y"] + info["dy"])
        r = box_contrast(img, b)
        if r and r[0] < minimum:
            bad.append((round(r[0], 2), b["text"], b["path"]))
    return bad, len(info["boxes"])


# Latin words that may stay in the Chinese UI: product and unit names, codes.
ALLOWED_LATIN = {"flexus", "desk", "huawei", "cloud", "vcpu", "gib", "gb", "mbit", "ip", "id", "ak", "sk",
                 "utc", "csv", "usd", "cny", "hss", "evs", "cbr", "windows", "http", "https", "socks",
                 # Terms Chinese users read as they are (issue #15): chat webhooks, CPU, Cloud Eye, byte rates.
                 "webhook", "cpu", "eye", "kb", "mb", "gb"}

ENGLISH_LEFT_JS = r"""
const allowed = new Set(arguments[0]);
const hits = [];
// Codes, names and file paths (web-shop, hf.large.1, CS2611…, ap-southeast-1, /home/…/journal.jsonl)
// are data, not English.
const words = (s) => (s.replace(/\S*\/\S*/g, ' ').match(/[A-Za-z][A-Za-z0-9_.\-]*/g) || [])
  .filter((w) => !/[0-9_.\-]/.test(w));
const bad = (s) => words(s).filter((w) => w.length > 1 && !allowed.has(w.toLowerCase()));
const skip = (el) => !el || el.closest('[translate=no], [hidden], dialog:not([open]), option, script, style, code, #toasts');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const n = walker.currentNode, el = n.parentElement;
  if (skip(el) || !n.textContent.trim()) continue;
  const w = bad(n.textContent);
  if (w.length) hits.push(el.tagName + (el.id ? '#' + el.id : '') + ': ' + n.textContent.trim().slice(0, 60));
}
for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
  if (skip(el)) continue;
  for (const a of ['aria-label', 'placeholder', 'title']) {
    const v = el.getAttribute(a);
    if (v && bad(v).length) hits.push(el.tagName + '[' + a + ']: ' + v.slice(0, 60));
  }
}
for (const el of document.querySelectorAll('select')) {
  const o = el.selectedOptions[0];
  if (o && !skip(el) && !o.matches('[translate=no]') && bad(o.text).length) hits.push('SELECT: ' + o.text);
}
return hits;
"""


def english_left(S):
    # The user's own names (instances, accounts) may be Latin words.
    names = S.js("const f = window.__flexus; return [...(f.fleet?.instances || []).map(i => i.name),"
                 " ...Object.values(f.names || {}), ...f.profiles.map(p => p.name)].join(' ')")
    return S.js(ENGLISH_LEFT_JS, sorted(ALLOWED_LATIN | {w.lower() for w in names.replace('-', ' ').split()}))


def keys(*names):
    """Real key presses into the focused window (the pointer sits on it: no window manager)."""
    subprocess.run(["xdotool", "mousemove", "600", "780"], check=True)
    for k in names:
        subprocess.run(["xdotool", "key", "--delay", "40", k], check=True)
        time.sleep(0.12)
