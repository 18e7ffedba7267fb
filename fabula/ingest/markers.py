"""Line-level rules shared by every reader: scene-break lines, chapter headings, notes and disclaimers.

Each rule exists twice in effect: ``*_LINES`` scanners of the ``*_LINE`` patterns for a whole text
(``re.M``, used by the plain-text reader in one linear pass) and ``is_*``/``*_kind`` functions for one
paragraph (used by the HTML readers).
"""

from __future__ import annotations

import re
from functools import cached_property

# ----------------------------------------------------------------------------- scene breaks

# Symbols that make up break rows: ***, * * *, ~~~, ---, ===, ###, • • •, § § §, -o-, ~*~ ...
_SYM = r"*~=_#+•◦§·°†‡¤✦✧★☆♦♥♠♣❖❦❧※\-—–<>|/\\^:"
_SYMBOL_ROW = rf"[{_SYM}](?:[ \t]{{0,12}}[{_SYM}.oOxX0]){{0,80}}"
_LETTER_ROW = r"(?:x{1,9}X{1,9}x{1,9}|X{1,9}x{1,9}X{1,9}|o{1,9}O{1,9}o{1,9}|O{1,9}o{1,9}O{1,9}|(?:xXx|oOo|XoX|OxO){1,9})"
_WORD_BREAK = (rf"[{_SYM}\[\(]{{0,12}}[ \t]{{0,4}}(?i:(?:scene|line|page|time|pov)[ \t]{{0,4}}(?:break|change|skip|shift))"
               rf"[ \t]{{0,4}}[{_SYM}\]\)]{{0,12}}")
_NAME = r"[A-Z][\w.'’\-]{0,30}"
_POV = r"(?:POV|PoV|Pov|pov|P\.O\.V\.?|[Pp]oint[ \t]+[Oo]f[ \t]+[Vv]iew)"
_POV_LABEL = (rf"[\[\(~*=\-_<>|•#: \t]{{0,12}}(?:(?:{_NAME}[ \t]{{1,4}}){{0,3}}{_NAME}(?:['’]s)?[ \t]{{0,4}}{_POV}"
              rf"|{_POV}[ \t]{{0,4}}[:\-–—]?[ \t]{{0,4}}(?:{_NAME}[ \t]{{0,4}}){{1,4}})[\]\)~*=\-_<>|•#: \t]{{0,12}}")
BREAK = rf"(?:{_SYMBOL_ROW}|{_LETTER_ROW}|{_WORD_BREAK}|{_POV_LABEL})"
# every quantifier in a line pattern is bounded, so a long line costs a bounded attempt, not a scan
BREAK_LINE = rf"^[ \t]{{0,80}}({BREAK})[ \t]{{0,80}}$"  # re.MULTILINE; scanned by BREAK_LINES
_BREAK_FULL = re.compile(rf"[ \t]*({BREAK})[ \t]*")


_POV_FULL = re.compile(_POV_LABEL)


def is_pov_label(marker: str) -> bool:
    """A break that names whose point of view follows: "~Harry's POV~", "POV: Draco", "[Ivy POV]"."""
    return _POV_FULL.fullmatch(marker) is not None


def break_marker(paragraph: str) -> str | None:
    """The marker if ``paragraph`` is a scene-break line (``* * *``, ``xXx``, ``~~~``...), else None."""
    if len(paragraph) > 60:
        return None
    m = _BREAK_FULL.fullmatch(paragraph)
    return m.group(1) if m else None


# ----------------------------------------------------------------------------- chapter headings

_NUMWORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
             "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
             "hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final")
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:\d{{1,12}}|{_ROMAN}|(?:{_NUMWORDS})(?:[- ](?:{_NUMWORDS}))?)(?![\w'’])"
_DECO = r"[#*~=_\-–—.:\[\(<>|•◦§ \t]{0,80}"
_DECO_END = r"[#*~=_\-–—:\]\)<>|•◦§ \t]{0,40}"
_HEADING = (
    rf"(?P<head>(?i:(?:chapter|chap\.?|ch\.?|part|book|volume|vol\.?|letter)[ \t]{{0,4}}{_NUMBER}"
    rf"|prologue|epilogue|interlude|preface|prelude|coda|afterword|intermission)[.:]?)"
    rf"(?:[ \t]{{0,4}}(?P<sep>[:.\-–—|~])?[ \t]{{0,4}}(?P<title>[^\n]{{0,100}}?))?"
)
HEADING_LINE = rf"^{_DECO}{_HEADING}{_DECO_END}$"  # re.MULTILINE; scanned by HEADING_LINES
_HEADING_FULL = re.compile(rf"{_DECO}{_HEADING}{_DECO_END}")


def heading_ok(m: re.Match) -> bool:
    """Reject sentences that start like headings: 'Chapter one of my life began when I was born.'"""
    title = (m.group("title") or "").strip()
    if not title:
        return True
    if len(title) > 90:
        return False
    if m.group("sep"):
        return True
    # no separator: the title must look like a title, not a sentence
    return title[0].isupper() and not title.endswith((".", ",", ";")) and len(title.split()) <= 10


def heading_match(line: str) -> re.Match | None:
    """A match with groups head/title if ``line`` (one line) is a chapter heading."""
    if len(line) > 120 or "\n" in line.strip():
        return None
    m = _HEADING_FULL.fullmatch(line.strip())
    return m if m and heading_ok(m) else None


def heading_text(m: re.Match) -> str:
    """The heading as the author wrote it, without decoration: 'Chapter Three: The Caves'."""
    text = m.group(0).strip()
    return re.sub(rf"^{_DECO}|{_DECO_END}$", "", text).strip() or text


# ----------------------------------------------------------------------------- notes and disclaimers

_NOTE_START = re.compile(
    r"[ \t]{0,80}[\(\[*_~<{]{0,6}[ \t]{0,4}(?:"
    r"(?P<an>a[ \t]?/[ \t]?n\b|a\.[ \t]?n\.|(?-i:AN)[ \t]*[:\-–—]|author'?s'?[ \t]*notes?\b|authors?[ \t]*notes?\b"
    r"|author’s[ \t]*notes?\b|t[ \t]?/[ \t]?n\b|translator['’]?s?[ \t]*notes?\b"
    r"|(?-i:N(?:ote|OTE)S?|Notes)(?:[ \t]*:|[ \t]+[\-–—])"
    r"|(?-i:TBC)\b|to[ \t]+be[ \t]+continued\b|r[ \t]?&[ \t]?r\b|please[ \t]+review\b|read[ \t]+(?:and|&)[ \t]+review\b)"
    r"|(?P<dis>disclaimer\b|(?:i|we)[ \t]+(?:don'?t|don’t|do[ \t]+not|dont)[ \t]+own\b|(?:i|we)[ \t]+own[ \t]+nothing\b"
    r"|not[ \t]+mine\b|(?:all[ \t]+)?(?:the[ \t]+)?characters[ \t]+(?:belong|are[ \t]+(?:the[ \t]+)?property)\b)"
    r")",
    re.IGNORECASE,
)
NOTE_LINE = r"^" + _NOTE_START.pattern  # re.IGNORECASE | re.MULTILINE; scanned by NOTE_LINES
_OWNERSHIP = re.compile(r"anything|characters|belong|rights|profit|money|franchise|copyright|universe|"
                        r"property|owned by|fandom|canon|series|world|except|nothing|[A-Z]\w+ (?:does|do)\b", re.IGNORECASE)
_LABELLED_DISCLAIMER = re.compile(r"[ \t]*[\(\[*_~<{]*[ \t]*disclaimer", re.IGNORECASE)


def note_kind(paragraph: str, near_edge: bool = True) -> str | None:
    """"author_note" or "disclaimer" when ``paragraph`` opens like one ("A/N:", "Disclaimer: I don't
    own..."). An unlabelled disclaimer ("I don't own anything") counts only ``near_edge`` (among the
    first or last paragraphs of a chapter): in the middle of a first-person story it is narration."""
    m = _NOTE_START.match(paragraph)
    if not m:
        return None
    return _kind(m, paragraph, near_edge)


def _kind(m: re.Match, paragraph: str, near_edge: bool = True) -> str | None:
    if m.group("an"):
        return "author_note"
    if _LABELLED_DISCLAIMER.match(paragraph):
        return "disclaimer"
    # unlabelled: "I don't own Harry Potter" -- only a short paragraph that talks about ownership
    if near_edge and len(paragraph) <= 500 and _OWNERSHIP.search(paragraph, m.end()):
        return "disclaimer"
    return None


def note_kind_at(text: str, start: int, m: re.Match, end: int, near_edge: bool = True) -> str | None:
    """Kind of the note whose NOTE_LINE match is ``m``, its paragraph running from ``start`` to ``end``."""
    return _kind(m, text[start:end], near_edge)


# ----------------------------------------------------------------------------- labelled front matter

# "Title: ...", "Author: ...", "Summary: ..." header lines of plain-text fics and FanFicFare TXT
LABELS = {
    "title": "title", "story": "title", "author": "authors", "authors": "authors", "by": "authors",
    "writer": "authors", "fandom": "fandoms", "fandoms": "fandoms", "category": "categories",
    "categories": "categories", "rating": "rating", "rated": "rating", "warning": "warnings",
    "warnings": "warnings", "archive warning": "warnings", "archive warnings": "warnings",
    "pairing": "relationships", "pairings": "relationships", "relationship": "relationships",
    "relationships": "relationships", "ship": "relationships", "ships": "relationships",
    "character": "characters", "characters": "characters", "tags": "tags", "additional tags": "tags",
    "freeform": "tags", "genre": "tags", "genres": "tags", "language": "language", "series": "series",
    "summary": "summary", "description": "summary", "blurb": "summary", "disclaimer": "disclaimer",
    "notes": "notes", "note": "notes", "author's note": "notes", "author's notes": "notes",
    "a/n": "notes", "words": "words", "word count": "words", "wordcount": "words", "chapters": "chapters",
    "status": "status", "published": "published", "updated": "updated", "completed": "completed",
    "packaged": "packaged", "url": "url", "story url": "url", "storyurl": "url", "link": "url",
    "source": "url", "beta": "beta", "beta reader": "beta", "spoilers": "spoilers", "feedback": "feedback",
    "archive": "archive", "dedication": "dedication", "publisher": "publisher", "site": "publisher",
    "author url": "author_url", "authorurl": "author_url", "series url": "series_url", "seriesurl": "series_url",
    "relationship(s)": "relationships", "pairing(s)": "relationships", "ship(s)": "relationships",
    "character(s)": "characters", "warning(s)": "warnings", "fandom(s)": "fandoms", "tag(s)": "tags",
    "trigger warning": "warnings", "trigger warnings": "warnings", "tw": "warnings", "cw": "warnings",
    "content warning": "warnings", "content warnings": "warnings",
    # the same labels in Chinese, Japanese and Korean downloads (with an ASCII or a full-width colon)
    "作者": "authors", "文案": "summary", "简介": "summary", "簡介": "summary", "标签": "tags", "標籤": "tags",
    "原作": "fandoms", "配对": "relationships", "配對": "relationships", "cp": "relationships", "分级": "rating",
    "警告": "warnings", "字数": "words", "字數": "words", "あらすじ": "summary", "タグ": "tags", "作品": "fandoms",
    "요약": "summary", "태그": "tags", "작가": "authors",
    "collections": "collections", "kudos": "kudos", "hits": "hits", "bookmarks": "bookmarks", "comments": "comments",
}
LABEL_LINE = re.compile(
    r"^[ \t]*[*_]{0,2}(?P<label>" + "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True))
    + r")[ \t]*[*_]{0,2}[ \t]*[:：][*_]{0,2}[ \t]*(?P<value>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)

AO3_CATEGORIES = frozenset({"F/F", "F/M", "Gen", "M/M", "Multi", "Other"})
LANGUAGES = {
    "english": "en", "español": "es", "espanol": "es", "spanish": "es", "français": "fr", "francais": "fr",
    "french": "fr", "deutsch": "de", "german": "de", "italiano": "it", "italian": "it", "português": "pt",
    "português brasileiro": "pt-BR", "portuguese": "pt", "русский": "ru", "russian": "ru", "中文": "zh",
    "中文-普通话 國語": "zh", "chinese": "zh", "日本語": "ja", "japanese": "ja", "한국어": "ko", "korean": "ko",
    "nederlands": "nl", "dutch": "nl", "polski": "pl", "polish": "pl", "svenska": "sv", "suomi": "fi",
    "dansk": "da", "norsk": "no", "čeština": "cs", "magyar": "hu", "türkçe": "tr", "tiếng việt": "vi",
    "bahasa indonesia": "id", "українська": "uk", "ελληνικά": "el", "עברית": "he", "العربية": "ar",
    "tagalog": "tl", "català": "ca", "română": "ro",
}


def language_code(value: str | None) -> str | None:
    """'English' -> 'en'; an ISO code is kept; anything else is returned as given."""
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", v) and len(v) <= 8 and v.lower() not in LANGUAGES:
        return v
    return LANGUAGES.get(v.casefold(), v)


def split_list(value: str) -> tuple[str, ...]:
    """'A, B,  C' -> ('A', 'B', 'C'); Tumblr hashtags '#a #b c' -> ('a', 'b c'); 'A、B' -> ('A', 'B')."""
    if "," not in value and value.lstrip().startswith("#") and value.count("#") >= 2:
        return tuple(x.strip() for x in value.split("#") if x.strip())
    if "," not in value and ("，" in value or "、" in value):  # CJK list commas
        return tuple(x.strip() for x in re.split("[，、]", value) if x.strip())
    return tuple(x.strip() for x in value.split(",") if x.strip())


_SHIP_NAME = r"(?:[A-Z][\w'’.\-]*(?:[ \t][A-Z][\w'’.\-]*){0,3}|[Yy]/[Nn])"
# an unlabelled pairing line in front matter: "Rhys Calder x Reader", "Orla/Tobin", "Ivy & Tom"
SHIP_LINE = re.compile(rf"[ \t]*{_SHIP_NAME}(?:[ \t]+(?:x|X|×|&)[ \t]+|[ \t]*/[ \t]*){_SHIP_NAME}"
                       r"(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*")


# ----------------------------------------------------------------------------- fast line scanning


class LinePattern:
    """A ``^...$`` line pattern scanned fast: Python's regex engine tries a ``^`` pattern at every
    character, but a pattern that opens with a literal "\n" only where there is one (4x fewer tries).

    ``rx`` is the pattern, compiled or as a string with its ``flags``. Only a text's first line is
    matched with the ``^`` form, so that one is compiled on first use (most texts never need it)."""

    def __init__(self, rx: re.Pattern | str, max_line: int | None = None, flags: int = 0):
        pattern, flags = (rx.pattern, rx.flags) if isinstance(rx, re.Pattern) else (rx, flags)
        assert pattern.startswith("^")
        # a whole-line pattern fails at once on a long line (prose), instead of backtracking over it
        self._short = rf"(?=[^\n]{{0,{max_line}}}(?:\n|\Z))" if max_line else ""
        # rx itself when nothing is added (compiling it again would not hit re's cache: rx.flags holds
        # re.UNICODE, which the pattern was not compiled with)
        self._rx = rx if isinstance(rx, re.Pattern) and not self._short else None
        self._pattern, self._flags = pattern, flags
        self.nl = re.compile("\n" + self._short + pattern[1:], flags)

    @cached_property
    def first(self) -> re.Pattern:
        """The ``^`` form, for a match at the start of the text."""
        if self._rx is not None:
            return self._rx
        return re.compile("^" + self._short + self._pattern[1:], self._flags)

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """(line start, match) for every line in text[start:end] that matches."""
        end = len(text) if end is None else end
        if start == 0 or text[start - 1] == "\n":
            m = self.first.match(text, start, end)
            if m:
                yield start, m
        for m in self.nl.finditer(text, start, end):
            yield m.start() + 1, m

    def match(self, text: str, pos: int = 0, end: int | None = None):
        return self.first.match(text, pos, len(text) if end is None else end)


BREAK_LINES = LinePattern(BREAK_LINE, flags=re.MULTILINE)
HEADING_LINES = LinePattern(HEADING_LINE, flags=re.MULTILINE)
NOTE_LINES = LinePattern(NOTE_LINE, flags=re.IGNORECASE | re.MULTILINE)


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The span [s, e) without the whitespace at its ends."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
