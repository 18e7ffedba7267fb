"""The report in a real browser: headless Debian Chromium driven by playwright (no browser download).

What a reader gets: the page opens with no console error and no request beyond the file itself,
shows the cast and quotations coloured by speaker, and a hostile story runs none of its markup.
Skipped when chromium or playwright is absent. Screenshots go to a temporary folder, or to
$FABULA_SCREENSHOTS when set.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fabula.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "the-lantern-keepers.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)  # playwright makes a fresh profile
        yield b
        b.close()


class Visit:
    """One page load, with everything the page tried to do recorded."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900, scheme: str = "light"):
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(200)  # let anything deferred (onload, timers) have its chance

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def close(self) -> None:
        self.context.close()

    def assert_quiet(self) -> None:
        assert [r for r in self.requests if r != self.url] == [], "the page made a request"
        assert [c for c in self.console if c.startswith(("error", "warning"))] == []
        assert self.errors == [] and self.dialogs == []


def _shots(tmp_path: Path) -> Path:
    d = Path(os.environ.get("FABULA_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def _analyse(source: Path, out: Path) -> Path:
    res = CliRunner().invoke(main, ["analyze", str(source), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample story not committed yet")
def test_the_sample_storys_report_opens_quietly_and_shows_what_fabula_found(browser, tmp_path):
    out = _analyse(SAMPLE, tmp_path / "sample")
    doc = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    for width, height, name in ((1366, 900, "laptop"), (390, 844, "phone")):
        v = Visit(browser, out / "report.html", width, height)
        v.assert_quiet()
        assert "fog came in at dusk" in v.page.text_content("#text")
        assert v.page.locator("span.q").count() >= len(doc["quotes"]) > 0
        for c in doc["characters"][:5]:
            assert v.page.locator(f"#cast tr#{c['id']}").count() == 1
            assert c["name"] in v.page.inner_text("#cast")
        # nothing is wider than the screen but the parts meant to scroll sideways
        assert v.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        v.page.screenshot(path=str(_shots(tmp_path) / f"sample-{name}.png"))
        v.close()


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample story not committed yet")
def test_the_hand_annotated_sample_shows_cast_colours_and_speakers(browser, tmp_path):
    from test_report import sample_doc

    out = tmp_path / "sample"
    out.mkdir()
    doc, text = sample_doc()
    (out / "analysis.json").write_text(json.dumps(doc), encoding="utf-8")
    (out / "text.txt").write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 0, res.output
    v = Visit(browser, out / "report.html")
    v.assert_quiet()
    cast = v.page.inner_text("#cast")
    for name in ("Wren Ashby", "Casimir Vale", "Piran", "Hesketh Marr", "Quill"):
        assert name in cast
    assert "Cassy" in cast and "they/them" in cast
    # Q2 is Wren's: its underline is her colour (the palette's first, she speaks the most)
    q2 = v.page.locator("#Q2")
    assert "Wren Ashby" in q2.get_attribute("title")
    assert q2.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(0, 114, 178)"
    assert v.page.locator("span.q.low").count() > 0  # low-confidence guesses are marked
    # tapping a quotation tells who says it (the page's one script runs under its CSP)
    q2.click()
    assert v.page.locator("#tip").is_visible() and "Wren Ashby" in v.page.inner_text("#tip")
    # a reader can follow one character's lines: the others fade
    v.page.select_option("#only", label="Wren Ashby")
    assert "dim" not in q2.get_attribute("class")
    casimir = next(q["id"] for q in doc["quotes"] if q["speaker"] == "C2")
    assert "dim" in v.page.locator(f"#{casimir}").get_attribute("class")
    v.page.select_option("#only", label="everyone")
    assert v.page.locator("span.q.dim").count() == 0
    # a warning link leads to its mark in the text
    v.page.click('#warnings a[href="#w1"]')
    assert v.page.evaluate("location.hash") == "#w1" and v.page.locator("a.wm#w1").is_visible()
    for sel in ("#timeline svg rect", "#feelings svg polyline", "#relationships svg", "#network svg circle"):
        assert v.page.locator(sel).count() > 0, sel
    v.page.screenshot(path=str(_shots(tmp_path) / "sample-annotated-laptop.png"), full_page=True)
    v.close()
    # a phone at night: the page follows the reader's dark setting
    v = Visit(browser, out / "report.html", 390, 844, scheme="dark")
    v.assert_quiet()
    assert v.page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(23, 23, 27)"
    v.page.screenshot(path=str(_shots(tmp_path) / "sample-annotated-phone-dark.png"))
    v.close()


HOSTILE = """<script>window.__pwned = 1; alert(1)</script>

Summary: A story about <img src=x onerror="window.__pwned=2;alert(2)"> and </style><style>body{display:none}</style>.

Marnie opened the door. "<script>window.__pwned=3</script>Who's there?" she asked.

"Only me," said Jory. "<a href="javascript:window.__pwned=4">click</a> <svg onload="window.__pwned=5"></svg>"

Marnie frowned at the <iframe src="javascript:window.__pwned=6"></iframe> on the step. "You again."

"<img src=x onerror=alert(7)>" Jory said, and laughed. </textarea></title><details open ontoggle="window.__pwned=8">
"""

# the same tricks as an HTML download: entities that decode into markup in the title, tags and text
HOSTILE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>
<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>
<p>Marnie opened the door. &ldquo;&lt;img src=x onerror=alert(2)&gt;Who&rsquo;s there?&rdquo; she asked.</p>
<p>&ldquo;Only me,&rdquo; said Jory. &ldquo;&lt;/style&gt;&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt;&rdquo;</p>
<p>Marnie frowned. &ldquo;You again.&rdquo; <script>window.__pwned = 9</script><img src=x onerror="window.__pwned=10"></p>
<p>&ldquo;Me again,&rdquo; Jory said, and laughed at the <a href="javascript:alert(4)">door</a>.</p>
</body></html>
"""


def _assert_nothing_ran(v: Visit) -> None:
    v.assert_quiet()
    p = v.page
    assert p.evaluate("typeof window.__pwned") == "undefined"
    assert p.locator("img, iframe, object, embed, textarea, svg[onload]").count() == 0
    assert p.locator("script").count() == 1 and p.locator("style").count() == 1
    assert p.evaluate("""() => [...document.querySelectorAll('*')].filter(e =>
        [...e.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))).length""") == 0
    assert p.locator("body").is_visible()


@pytest.mark.parametrize("name, story, shown", [
    ("hostile.txt", HOSTILE, "<img src=x onerror=alert(7)>"),
    ("hostile.html", HOSTILE_HTML, "<img src=x onerror=alert(2)>"),
])
def test_a_hostile_story_runs_none_of_its_markup(browser, tmp_path, name, story, shown):
    src = tmp_path / name
    src.write_text(story, encoding="utf-8")
    out = _analyse(src, tmp_path / "hostile")
    v = Visit(browser, out / "report.html")
    _assert_nothing_ran(v)
    assert shown in v.page.text_content("#text")  # shown as the words it is
    v.page.screenshot(path=str(_shots(tmp_path) / f"{name}.png"), full_page=True)
    v.close()


def test_hostile_metadata_and_names_run_nothing_either(browser, tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    out = _analyse(src, tmp_path / "hostile")
    doc = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    evil = '"><script>window.__pwned=9</script><img src=x onerror=alert(9)>'
    doc["work"].update(title="<script>alert(1)</script>", authors=[evil], fandoms=["</style>" + evil],
                       tags=['Tag "with" quotes', "it's", evil, "javascript:alert(10)"], summary=evil,
                       url="javascript:alert(11)", language='en" onload="alert(12)')
    doc["characters"] = [{"id": 'C1" onmouseover="alert(13)', "name": evil, "aliases": [evil, "Jory"],
                          "pronouns": evil, "mentions": 1, "quotes": 1, "words_spoken": 2, "narrator": False}]
    for q in doc["quotes"]:
        q.update(speaker='C1" onmouseover="alert(13)', confidence=0.9, type=evil)
    doc["warnings"] = [{"kind": evil, "start": 0, "end": 10, "message": evil}]
    (out / "analysis.json").write_text(json.dumps(doc), encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(out)])
    assert res.exit_code == 0, res.output
    v = Visit(browser, out / "report.html")
    _assert_nothing_ran(v)
    assert v.page.title().startswith("<script>alert(1)</script>")
    assert 'Tag "with" quotes' in v.page.inner_text("header")
    if v.page.locator("span.q").count():
        v.page.locator("span.q").first.hover()
        v.page.locator("span.q").first.click()
    _assert_nothing_ran(v)
    v.close()
