"""A fanfiction.net (or FictionPress) chapter page saved from the browser.

Only the story is text: ``#storytext``. The site's menus, chapter selector, font controls, ads,
review box and footer are left out. The metadata comes from the page's structure, both the layout
before 2011 and the current one:

- title: ``#profile_top b`` (current) or the bold last step of the breadcrumb (old), else the
  ``title_t`` the page's script sets;
- author: the first link to a user profile (``/u/N/name``) outside the story;
- fandom: the breadcrumb link ``/<category>/<Fandom>/`` (``/tv/``, ``/book/``...) or a crossover link
  (``A + B Crossover``);
- the "Rated: T - English - Adventure/Angst - [A, B] C - Chapters: 20 - Words: 55,689 - ... -
  Complete - id: 2652996" line: rating, language, genres, characters (``[A, B]`` is a pairing),
  chapters, words, reviews, dates, status, story id;
- chapter title: the selected entry of the chapter selector ("1. Title" -> "Title");
- URL: ``<link rel="canonical">`` (made absolute), ``og:url`` or the browser's "saved from url" note.
"""

from __future__ import annotations

import html
import re

from fabula.ingest import markers
from fabula.ingest.html import WorkBuilder, apply_labels, blocks, front_matter, norm
from fabula.model import Work

SITE = "https://www.fanfiction.net"
# the site's genre menu (a closed list); "Hurt/Comfort" holds a slash, so genres are matched, not split
GENRES = ("Hurt/Comfort", "General", "Romance", "Humor", "Drama", "Poetry", "Adventure", "Mystery", "Horror",
          "Parody", "Angst", "Supernatural", "Suspense", "Sci-Fi", "Fantasy", "Spiritual", "Tragedy", "Western",
          "Crime", "Family", "Friendship")
# the site's top-level sections: /<section>/<Fandom>/ is a fandom's page
SECTIONS = frozenset({"anime", "book", "cartoon", "comic", "game", "misc", "movie", "play", "tv"})
_GENRE_RUN = re.compile("(?:" + "|".join(re.escape(g) for g in GENRES) + r")(?:/(?:" +
                        "|".join(re.escape(g) for g in GENRES) + "))*")
_GENRE_ONE = re.compile("|".join(re.escape(g) for g in GENRES))
_STORY_PATH = re.compile(r"/s/(\d+)(?:/(\d+))?")
_SCRIPT_VAR = re.compile(r"\bvar\s+(\w+)\s*=\s*(\d+|'(?:[^'\\\n]|\\.){0,4000}')\s*;")
_FIELD = re.compile(r"([A-Za-z]+)\s*:\s*(.+)", re.DOTALL)


def _storytext(root):
    return root.find(".//*[@id='storytext']")


def is_ffnet(root) -> bool:
    """``#storytext`` and the site's story metadata: a ``/s/N/`` story address (canonical link, chapter
    selector) or the "Rated:" line."""
    if _storytext(root) is None:
        return False
    for link in root.iter("link"):
        if _STORY_PATH.search(link.get("href") or ""):
            return True
    return _rated_line(root) is not None or bool(_script_vars(root).get("storyid"))


def _script_vars(root) -> dict[str, str]:
    """``var name = value;`` assignments of the page's scripts (story id, words, title...)."""
    out: dict[str, str] = {}
    for s in root.iter("script"):
        for name, value in _SCRIPT_VAR.findall(s.text or ""):
            if value.startswith("'"):
                value = html.unescape(re.sub(r"\\(.)", r"\1", value[1:-1]))
            out.setdefault(name, value)
    return out


def _inside(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


def _rated_line(root) -> str | None:
    """The text of the "Rated: ..." line: the element holding it (current layout) or the run of inline
    nodes after the text that opens it (old layout, where it is loose text in a big div)."""
    story = _storytext(root)
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style") or _inside(el, story):
            continue
        for where, text in (("text", el.text), ("tail", el.tail)):
            if text and text.lstrip().startswith("Rated:"):
                if where == "text" and el.tag in ("span", "div", "td", "p"):
                    return norm(el.text_content())
                parts = [text]
                sib = el.getnext() if where == "tail" else (el[0] if len(el) else None)
                while sib is not None and sib.tag not in ("div", "table", "p", "br", "center", "hr"):
                    parts.append(sib.text_content() if sib.tag not in ("script", "style") else "")
                    parts.append(sib.tail or "")
                    sib = sib.getnext()
                return norm("".join(parts))
    return None


def _parse_rated(line: str, meta: dict) -> None:
    """Fold the "Rated: ... - English - Genre/Genre - characters - Label: value - ..." line into meta."""
    stats = meta.setdefault("stats", {})
    unlabelled = []
    for part in (p.strip() for p in line.split(" - ")):
        m = _FIELD.fullmatch(part)
        if m and m.group(1).lower() in ("rated", "chapters", "words", "reviews", "favs", "follows", "updated",
                                        "published", "status", "id"):
            label, value = m.group(1).lower(), m.group(2).strip()
            if label == "rated":
                meta["rating"] = re.sub(r"^Fiction\s+", "", value) or None  # "Fiction  T" -> "T"
            elif label == "id":
                meta["work_id"] = value
            elif label == "status":
                meta["status"] = value.lower().replace("in-progress", "in progress")
            else:
                stats[label] = int(value.replace(",", "")) if value.replace(",", "").isdigit() else value
        elif part:
            unlabelled.append(part)
    for i, part in enumerate(unlabelled):
        if part.lower() == "complete":
            meta["status"] = "complete"
        elif i == 0 and (markers.language_code(part) != part or re.fullmatch(r"[^\W\d_][^\d/,\[\]]{1,30}", part)):
            meta["language"] = markers.language_code(part)  # the field after the rating is the language
        elif _GENRE_RUN.fullmatch(part):
            meta["genres"] = tuple(_GENRE_ONE.findall(part))
        elif "characters" not in meta:
            _characters(part, meta)
    if "status" not in meta and ("updated" in stats or "published" in stats):
        meta["status"] = "in progress"


def _characters(part: str, meta: dict) -> None:
    """"[Harry P., Hermione G.] Ron W." -> characters, and the bracketed group as a pairing; the old
    layout's "A & B" lists two characters."""
    names: list[str] = []
    pairs: list[str] = []
    for group in re.findall(r"\[([^\]]*)\]", part):
        members = [x.strip() for x in group.split(",") if x.strip()]
        names.extend(members)
        if len(members) > 1:
            pairs.append("/".join(members))
    rest = re.sub(r"\[[^\]]*\]", ",", part)
    names.extend(x.strip() for x in re.split(r",|\s&\s", rest) if x.strip())
    meta["characters"] = tuple(dict.fromkeys(names))
    if pairs:
        meta["relationships"] = tuple(pairs)


def _fandoms(root, story) -> tuple[str, ...]:
    for a in root.iter("a"):
        href = re.sub(r"^https?://[^/]+", "", a.get("href") or "")
        text = norm(a.text_content())
        if not text or _inside(a, story):
            continue
        if re.fullmatch(r"/[^/]+-Crossovers/\d+/\d+/?", href) or (re.fullmatch(r"/[^/]*Crossover[^/]*/.*", href)
                                                                   and " + " in text):
            return tuple(x.strip() for x in re.sub(r"\s*Crossover$", "", text).split(" + ") if x.strip())
        parts = [p for p in href.split("/") if p]
        if len(parts) == 2 and parts[0] in SECTIONS:
            return (text,)
    return ()


def _title(root, story, script: dict) -> str | None:
    top = root.find(".//*[@id='profile_top']")
    if top is not None:
        b = top.find(".//b")
        if b is not None and norm(b.text_content()):
            return norm(b.text_content())
    for b in root.iter("b"):  # old layout: "TV Shows » Fandom » <b>Title</b>"
        prev = b.getprevious()
        if not _inside(b, story) and prev is not None and prev.tag == "a" and "»" in (prev.tail or ""):
            return norm(b.text_content())
    return script.get("title_t") or None


def _chapter_title(root, story) -> str | None:
    for sel in root.iter("select"):
        for opt in sel.iter("option"):
            if opt.get("selected") is not None and not _inside(sel, story):
                m = re.fullmatch(r"\s*\d+\.\s*(.*)", opt.text_content() or "")
                if m:
                    return norm(m.group(1)) or None
    return None


def _url(root, story_id: str | None) -> str | None:
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            href = link.get("href")
            return "https:" + href if href.startswith("//") else SITE + href if href.startswith("/") else href
    for m in root.iter("meta"):
        if m.get("property") == "og:url" and m.get("content"):
            return m.get("content")
    for c in root.iter():
        if not isinstance(c.tag, str) and "saved from url" in (c.text or ""):
            m = re.search(r"https?://\S+", c.text or "")
            if m:
                return m.group(0)
    return f"{SITE}/s/{story_id}/1/" if story_id else None


def read_ffnet(root) -> Work:
    """The chapter of a saved fanfiction.net page, with the story's metadata."""
    story = _storytext(root)
    script = _script_vars(root)
    meta: dict = {"title": _title(root, story, script)}
    author = next((norm(a.text_content()) for a in root.iter("a") if re.search(r"/u/\d+/", a.get("href") or "")
                   and not _inside(a, story) and norm(a.text_content())), None) or script.get("author")
    if author:
        meta["authors"] = (author,)
    meta["fandoms"] = _fandoms(root, story) or ((script["cat_title"],) if script.get("cat_title") else ())
    line = _rated_line(root)
    if line:
        _parse_rated(line, meta)
    stats = meta.setdefault("stats", {})
    if "words" not in stats and script.get("words", "").isdigit():
        stats["words"] = int(script["words"])
    if "chapters" not in stats and script.get("chapters", "").isdigit():
        stats["chapters"] = int(script["chapters"])
    meta.setdefault("work_id", script.get("storyid") or None)
    if script.get("summary"):
        meta["summary"] = norm(script["summary"])
    else:
        top = root.find(".//*[@id='profile_top']")
        div = top.find("div") if top is not None else None
        if div is not None and norm(div.text_content()):
            meta["summary"] = norm(div.text_content())
    meta["url"] = _url(root, meta.get("work_id"))
    b = WorkBuilder("ffnet-html")
    items = blocks(story)
    items = _drop_front_matter(items, meta)
    b.chapter(_chapter_title(root, story), items)
    return b.build(**{k: v for k, v in meta.items() if v is not None})


_ANY_LABEL = re.compile(r"(?P<label>[A-Z][\w'’]{0,20}(?:[ /&][A-Za-z][\w'’]{0,20}){0,3})[ \t]*:[ \t]+(?P<value>\S.{0,200})")


def _drop_front_matter(items: list, meta: dict) -> list:
    """Authors often open the chapter with the title again and "Author: ...", "Rating: ...",
    "Category/Rating: ..." lines: a leading title repeat and a leading run of labelled lines holding at
    least one known label are front matter (the site's metadata wins where both say)."""
    title = (meta.get("title") or "").casefold().strip(" !.")
    rest = list(items)
    while rest and rest[0].kind == "p" and title and rest[0].text.casefold().strip(" !.") == title:
        rest.pop(0)
    run, known = 0, False
    while run < len(rest) and rest[run].kind == "p" and "\n" not in rest[run].text:
        t = rest[run].text
        if markers.LABEL_LINE.match(t) and len(t) < 2000:
            known = True
        elif not _ANY_LABEL.fullmatch(t):
            break
        run += 1
    if not known:
        return rest
    # notes and disclaimers among them stay for the chapter, which keeps them as its notes
    kept = [x for x in rest[:run] if markers.note_kind(x.text)]
    labelled, _ = front_matter([x for x in rest[:run] if markers.LABEL_LINE.match(x.text) and x not in kept])
    found: dict = {}
    apply_labels(found, labelled)
    for k, v in found.items():
        if k == "notes":
            meta.setdefault("notes", []).extend(v)
        elif k != "stats":
            meta.setdefault(k, v)
    return kept + rest[run:]
