"""Stage 3, quotes: every quotation in the story.

Reads: ``Text`` (paragraphs). Adds: ``Quotes``.

    >>> from fabula import quotes
    >>> [q.id for q in quotes.find_in('"Go," she said. "Now."')]
    ['Q1']

Handles straight and curly double quotes, single curly (or straight) quotes used as primary quotes
without taking apostrophes for them ('em, goin', 'Tis, rock 'n' roll), guillemets, em-dash dialogue,
nested quotes (left inside their quotation), a quotation interrupted by narration (one quotation with
several pieces), multi-paragraph speeches whose paragraphs reopen the quote without closing it.
An unclosed quotation ends at the end of its paragraph (``closed=False``), so the damage stays there.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from fabula import script
from fabula.model import Paragraph, Quote, Quotes, Span, Text
from fabula.speech_verbs import CONTINUING, FILLERS, SPEECH

DOUBLE_OPEN = "“„"
DOUBLE_CLOSE = "”"
SINGLE_OPEN = "‘‚"
SINGLE_CLOSE = "’"

# Words that start with an apostrophe and are not quotations ('em, 'tis, 'n'...).
ELIDED_START = re.compile(
    r"(?:em|tis|twas|twere|twill|til|till|cause|cos|coz|bout|round|n|im|er|ere|ow|appen|ello|scuse|s|d|ll|re|ve"
    r"|kay|nuff|fraid|cept|gainst|mongst|neath|pon|ye|e|is|un|uns|ave|alf|ead|ouse|ome|oo|arry|enry|ush|ang"
    r"|[0-9]{2}s?)\b",
    re.IGNORECASE,
)
# Words that end with an apostrophe and are not quotations (goin', o', an', ol', th').
ELIDED_END = re.compile(r"(?:in|o|an|ol|th|fo|an|bein|nothin|somethin|ma|pa|n)$", re.IGNORECASE)

_PUNCT_BEFORE_CLOSE = set(".,!?;:—–-…)*_~")
_SPEECH_DASH = re.compile(r"[ \t]*[—―–][ \t]*")  # used with .match(s, pos)


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or paragraph end)
    closed: bool
    reopens: bool  # the paragraph ended inside this piece (a multi-paragraph speech may continue)


def find(text: Text) -> Quotes:
    """All quotations in the story paragraphs of ``text``, in reading order."""
    s = text.text
    style = detect_style(s, text.paragraphs)
    raw: list[tuple[Paragraph, list[_Piece]]] = []
    for p in text.paragraphs:
        if style == "double":
            pieces = _double_pieces(s, p.start, p.end)
        elif style == "single":
            pieces = _single_pieces(s, p.start, p.end)
        elif style == "guillemet":
            pieces = _pair_pieces(s, p.start, p.end, "«", "»")
        else:
            pieces = _dash_pieces(s, p.start, p.end)
        raw.append((p, pieces))
    qs = _assemble(s, raw, style)
    if style == "double":
        qs = _nested_turns(s, qs, [p.start for p in text.paragraphs])
    return script.merge(text, Quotes(tuple(qs)))  # + "NAME: line" script dialogue


def find_in(story: str) -> Quotes:
    """Quotations in a story given as a plain string (convenience for the Python API)."""
    from fabula.model import Chapter, Span, Work
    from fabula.text import segment

    work = Work(text=story, source_format="text", story=(Span(0, len(story)),),
                chapters=(Chapter(1, None, 0, len(story)),))
    return find(segment(work))


# --------------------------------------------------------------------------- style


# A single mark opening a word, after a space, a bracket or a dash or at the start of the text (or of
# a line: a line break is a space). Each pattern opens with the mark and looks back past it, so that
# the regex engine skips straight to the marks instead of trying the pattern at every character.
_SINGLE_OPEN = re.compile(r"[‘'](?<![^\s(\[—–-][‘'])(?=[A-Za-z])")
_ELIDED_OPEN = re.compile(r"[‘'](?<![^\s(\[—–-][‘'])(?=(?:em|tis|twas|n|cause|til|bout)\b)", re.IGNORECASE)
_STRAIGHT_OPEN = re.compile(r"'(?<!\S')(?=\w)")


def detect_style(s: str, paragraphs: tuple[Paragraph, ...]) -> str:
    """The primary quotation style of the story: "double", "single", "guillemet" or "dash"."""
    sample = s if len(s) < 400_000 else s[: 200_000] + s[-200_000:]
    double = sample.count('"') + sum(sample.count(c) for c in DOUBLE_OPEN + DOUBLE_CLOSE)
    single_open = len(_SINGLE_OPEN.findall(sample)) - len(_ELIDED_OPEN.findall(sample))
    if double == 0 and single_open <= 0:
        single_open = sample.count("‘") + len(_STRAIGHT_OPEN.findall(sample))
    guillemets = sample.count("«") + sample.count("»")
    dashes = sum(1 for p in paragraphs[:4000] if _SPEECH_DASH.match(s, p.start, p.end))
    scores = {"double": double / 2, "single": single_open, "guillemet": guillemets / 2}
    best = max(scores, key=scores.get)
    if scores[best] < dashes and dashes >= 3:
        return "dash"
    if best == "single" and single_open < double / 2 * 1.2:
        return "double"
    return best if scores[best] > 0 else "double"


# --------------------------------------------------------------------------- pieces per paragraph


def _double_pieces(s: str, start: int, end: int) -> list[_Piece]:
    out: list[_Piece] = []
    open_at = -1
    i = start
    while True:
        m = _DQ.search(s, i, end)
        if m is None:
            break
        j = m.start()
        c = s[j]
        if c in DOUBLE_OPEN or (c == '"' and open_at < 0 and _looks_opening(s, j, start, end)):
            if open_at >= 0:  # a new opening inside an open quote: the old one was never closed
                out.append(_Piece(open_at, _trim_end(s, open_at, j), False, False))
            open_at = j
        elif c in DOUBLE_CLOSE or c == '"':
            if open_at >= 0:
                out.append(_Piece(open_at, j + 1, True, False))
                open_at = -1
            elif c == '"' and not out and j > start and _looks_opening(s, j, start, end):
                open_at = j  # a stray straight quote that only closes: an opening if text follows
        i = j + 1
    if open_at >= 0:
        out.append(_Piece(open_at, end, False, True))
    return out


_DQ = re.compile(r'["“”„]')


def _looks_opening(s: str, j: int, start: int, end: int) -> bool:
    before = s[j - 1] if j > start else " "
    after = s[j + 1] if j + 1 < end else " "
    return not (after.isspace() and not before.isspace() and j > start)


def _trim_end(s: str, a: int, b: int) -> int:
    while b > a + 1 and s[b - 1].isspace():
        b -= 1
    return b


_SINGLE_MARKS = re.compile("[\"“”'‘’]")


def _single_pieces(s: str, start: int, end: int) -> list[_Piece]:
    """Single quotes as primary quotes. An opening mark stands after space/start and before a
    non-space that does not begin an elided word; a closing mark follows punctuation, or a word that
    is not an elided form, and stands before space/punctuation/end."""
    out: list[_Piece] = []
    open_at = -1
    weak_close = -1  # last plausible close after a bare word (goin' vs. a quote ending 'home')
    depth_double = False
    for m in _SINGLE_MARKS.finditer(s, start, end):  # the marks only: every other character is passed over
        j = m.start()
        c = s[j]
        if c in '"“”':
            depth_double = not depth_double if c == '"' else (c == "“")
            continue
        before = s[j - 1] if j > start else " "
        after = s[j + 1] if j + 1 < end else " "
        if open_at < 0:
            if c != "’" and (before.isspace() or before in "([—–-\"“" or j == start) and not after.isspace():
                if ELIDED_START.match(s, j + 1, end) and not _quote_follows(s, j + 1, end):
                    continue
                open_at = j
                weak_close = -1
            continue
        # inside a quotation
        if c == "‘" and (before.isspace() or before in "“\"") and after.isalpha():
            continue  # nested opening inside the quote, or an elision like ‘em
        if before.isalnum() and after.isalnum():
            continue  # apostrophe inside a word: don't, I'm
        if after.isalnum():
            continue
        if before in _PUNCT_BEFORE_CLOSE:
            out.append(_Piece(open_at, j + 1, True, False))
            open_at = -1
            continue
        if before.isalnum():
            k = j
            while k > start and s[k - 1].isalpha():
                k -= 1
            if ELIDED_END.fullmatch(s[k:j]) or s[k:j].lower().endswith("in"):
                weak_close = j
                continue
            out.append(_Piece(open_at, j + 1, True, False))
            open_at = -1
    if open_at >= 0:
        if weak_close > open_at:
            out.append(_Piece(open_at, weak_close + 1, True, False))
        else:
            out.append(_Piece(open_at, end, False, True))
    return out


def _quote_follows(s: str, i: int, end: int) -> bool:
    """After an apparent elision ('em...), is there a closing mark later in the paragraph that
    looks like the end of a quotation? Used so that 'Tis a fine day,' he said. is a quotation."""
    m = re.search(r"[.,!?—–…-][’'](?=\s|$)", s[i:end])
    return m is not None


def _pair_pieces(s: str, start: int, end: int, opener: str, closer: str) -> list[_Piece]:
    out: list[_Piece] = []
    open_at = -1
    for m in re.compile(f"[{re.escape(opener + closer)}]").finditer(s, start, end):  # the marks only
        j = m.start()
        c = s[j]
        if c == opener:
            if open_at >= 0:
                out.append(_Piece(open_at, _trim_end(s, open_at, j), False, False))
            open_at = j
        elif c == closer and open_at >= 0:
            out.append(_Piece(open_at, j + 1, True, False))
            open_at = -1
    if open_at >= 0:
        out.append(_Piece(open_at, end, False, True))
    return out


def _dash_pieces(s: str, start: int, end: int) -> list[_Piece]:
    """Em-dash dialogue: a paragraph opening with a dash is speech up to a ' — ' that starts a tag."""
    m = _SPEECH_DASH.match(s, start, end)
    if not m:
        return []
    out: list[_Piece] = []
    i = m.start()
    j = m.end()
    while j < end:
        k = s.find(" —", j, end)
        if k < 0:
            k2 = s.find(" –", j, end)
            k = k2
        if k < 0:
            out.append(_Piece(i, end, True, False))
            return out
        out.append(_Piece(i, k, True, False))
        # narration runs to the next dash that reopens speech, or to the end
        r = s.find("— ", k + 2, end)
        if r < 0:
            return out
        i = r
        j = r + 2
    return out


# --------------------------------------------------------------------------- assembly


def _inner(s: str, piece: _Piece, style: str) -> Span:
    """The spoken words of a piece, without its marks and surrounding space."""
    a, b = piece.start, piece.end
    if style == "dash":
        a = _SPEECH_DASH.match(s, a).end() if _SPEECH_DASH.match(s, a) else a + 1
    else:
        a += 1
        if piece.closed:
            b -= 1
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return Span(a, b)


_SENTENCE_END = re.compile(r"[.!?…]\s*$")


def _assemble(s: str, raw: list[tuple[Paragraph, list[_Piece]]], style: str) -> list[Quote]:
    quotes: list[Quote] = []
    cur: dict | None = None  # the quotation being built

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            quotes.append(Quote(len(quotes), cur["start"], cur["end"], tuple(cur["pieces"]), cur["para"],
                                cur["last"], style, cur["closed"]))
        cur = None

    for p, pieces in raw:
        pieces = [pc for pc in pieces if not _scare_quote(s, pc, p)]
        crowded = len(pieces) >= _CROWDED_PIECES
        # a speech that ran off the end of the last paragraph continues if this one reopens the quote
        continuing = cur is not None and bool(pieces) and pieces[0].start == p.start
        if not continuing:
            if cur is not None and cur["reopens"]:
                cur["closed"] = False  # ran off its paragraph and nothing reopened it
            flush()
        for pc in pieces:
            inner = _inner(s, pc, style)
            if inner.end <= inner.start:
                continue
            if cur is not None and (continuing or _same_speech(s, cur, pc, p)):
                cur["narration"] += " " + s[cur["end"]:pc.start]
                cur["pieces"].append(inner)
                cur["end"] = pc.end
                cur["last"] = p.index
                cur["closed"] = pc.closed or pc.reopens
                cur["reopens"] = pc.reopens
            else:
                flush()
                cur = {"start": pc.start, "end": pc.end, "pieces": [inner], "para": p.index,
                       "last": p.index, "closed": pc.closed or pc.reopens, "reopens": pc.reopens,
                       "crowded": crowded, "narration": ""}
            continuing = False
        if cur is not None and not cur["reopens"]:
            flush()
    if cur is not None:
        # the story ended inside a quotation: it never closed
        cur["closed"] = False
        flush()
    return quotes


_SCARE_MAX_WORDS = 4
_CROWDED_CHARS = 1500
_CROWDED_PIECES = 6
_NEW_SENTENCE = re.compile(r"[.!?…][\"'”’)]*\s+[\"'“‘(]*[A-Z]")


def _scare_quote(s: str, pc: _Piece, p: Paragraph) -> bool:
    """A word or short phrase in quotes inside a sentence of narration (the "herdic", people "who
    wrote") is a mention or scare quote, not speech: it starts in lower case after a word, and is short."""
    if not pc.closed or pc.start <= p.start:
        return False
    inner = s[pc.start + 1 : pc.end - 1].strip()
    if not inner or not inner[0].islower() or not inner[-1].isalnum() or inner.count(" ") >= _SCARE_MAX_WORDS:
        return False
    k = pc.start - 1
    while k > p.start and s[k] in " \t\n":
        k -= 1
    return s[k].isalpha()


def _same_speech(s: str, cur: dict, pc: _Piece, p: Paragraph) -> bool:
    """Does piece ``pc`` continue the quotation ``cur`` across a narration interruption
    ("Yes," said he, "I will." / "No." He paused. "Never.")? As in PDNC: pieces of one paragraph
    separated by a short stretch of narration are one quotation."""
    if cur["last"] != p.index:
        return False
    gap = s[cur["end"] : pc.start]
    if len(gap) > 250 or "\n\n" in gap:
        return False
    # In a long paragraph crowded with speech (line breaks lost when the story was copied), a new
    # sentence of narration inside the gap ("said Ann. Bob nodded.") starts a new turn; elsewhere, as
    # in PDNC, a speaker's pieces around a narration beat stay one quotation.
    crowded = p.end - p.start > _CROWDED_CHARS and cur["crowded"]
    if crowded and _NEW_SENTENCE.search(gap):
        return False
    return not _new_turn(gap, cur["narration"], cur["closed"])


_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# a clause break inside narration: a sentence end, a semicolon, or a coordinating/temporal conjunction
_CLAUSE_BREAK = re.compile(
    r"[.!?;:]+\s+|(?:^|,?\s+)(?i:and|but|while|whereupon|when|as|until|till)\s+|,\s+(?=[A-Z])")
_SUBJECT_PRONOUNS = frozenset(["he", "she", "i", "they", "we", "you"])
_MARKS = "“”\"‘’'«» \t\n"


def _new_turn(gap: str, earlier: str, closed: bool) -> bool:
    """Does the narration ``gap`` between two pieces of one paragraph hand the floor to another
    speaker? Yes when nothing but space stands between a closed piece and the next ('"Late again."
    "The trains."'), or when its last clause is a speech tag introducing the next piece whose subject
    is someone the quotation's narration so far (``earlier`` and the gap's first clauses) has not
    named as a speaker ('"Raining?" asked Lena, and her brother called back, "Only a little."').
    A verb that carries on ("he added", "she went on") keeps the same speaker."""
    g = gap.strip(_MARKS)
    if not g:
        return closed
    tail = g.rstrip(" ,:;—–-")
    if len(tail) < len(g) and not set(g[len(tail):]) <= set(" ,:—–-"):
        return False
    parts = [x for x in _CLAUSE_BREAK.split(tail) if x and x.strip()]
    starts_with_break = bool(_CLAUSE_BREAK.match(tail))
    if len(parts) < 2 and not (starts_with_break and parts):
        return False
    found = _tag_subject(parts)
    if found is None:
        return False
    subject, used = found
    before = earlier + " " + " ".join(parts[:-used])
    seen = {w.lower() for w in _WORD.findall(before)}
    head = subject[0].lower() if subject[0].lower() in _SUBJECT_PRONOUNS else subject[-1].lower()
    return head not in seen


_TO_WHOM = frozenset(["to", "at", "across", "towards", "toward", "after", "back"])  # "said to Tom": a listener
_LINKS = frozenset(["and", "but", "then", "so", "now", "thereupon"])  # words that link clauses, no subject
_SUBJECT_STARTS = _SUBJECT_PRONOUNS | {"the", "his", "her", "their", "my", "our", "a", "an", "this", "that"}


def _tag_subject(parts: list[str]) -> tuple[list[str], int] | None:
    """The subject of the speech tag that ends the narration ``parts`` (its clauses) and introduces
    the next piece, and how many clauses from the end the tag takes; None when the last clause is no
    such tag. The tag may end in an aside after a comma ("Ann said to Tom, with a smile:"), say whom
    it is said to ("said to Tom": the subject comes before the verb), or share its subject with the
    clause before ("Ann, her hands full, had smiled, and replied:")."""
    clause = parts[-1]
    for _ in range(3):  # the clause, then without its last one or two asides after a comma
        last = _WORD.findall(clause)
        verb = next((k for k in range(len(last) - 1, max(-1, len(last) - 5), -1) if last[k].lower() in SPEECH), None)
        if verb is not None or "," not in clause:
            break
        clause = clause.rsplit(",", 1)[0]
    if not last or verb is None or last[verb].lower() in CONTINUING:
        return None
    used = 1
    if verb + 1 < len(last) and last[verb + 1].lower() not in _TO_WHOM:
        subject = last[verb + 1:]  # "replied Helen"
    elif "," in clause:  # "The clerk, flustered, replied": the words before the clause's first comma
        subject = _WORD.findall(clause.split(",")[0])
    else:
        subject = last[:verb]
    subject = [w for w in subject if w.lower() not in FILLERS and w.lower() not in _LINKS]
    if not subject and len(parts) >= 2:  # "Ann, ..., had smiled, and replied": the clause before's subject
        subject, used = [w for w in _WORD.findall(parts[-2].split(",")[0]) if w.lower() not in _LINKS], 2
        if subject and not (subject[0][0].isupper() or subject[0].lower() in _SUBJECT_STARTS):
            return None  # "said Tam, and smiled, and said": a chain of verbs, no new subject
    return (subject, used) if subject else None


# --------------------------------------------------------------------------- quotations inside a quotation

_NESTED_MIN_WORDS = 3  # fewer words in single quotes inside speech: a title or a scare quote, kept inside


def _nested_turns(s: str, quotes: list[Quote], para_starts: list[int]) -> list[Quote]:
    """A speaker who tells a story inside double quotes and quotes its people in single quotes
    ("He looked at me and said, 'Go home, boy,' and so I went.") gives those inner lines as
    quotations of their own: the quotation is cut into the teller's parts and the inner quotations,
    in reading order. Short single-quoted phrases (titles, scare quotes) stay inside."""
    out: list[Quote] = []
    for q in quotes:
        groups = _split_nested(s, q)
        if len(groups) == 1:
            out.append(q if q.index == len(out) else replace(q, index=len(out)))  # (replace is slow)
            continue
        for k, (pieces, start, end, closed) in enumerate(groups):
            start = q.start if k == 0 else start
            end = q.end if k == len(groups) - 1 else end
            out.append(Quote(len(out), start, end, tuple(pieces), bisect.bisect_right(para_starts, start) - 1,
                             bisect.bisect_right(para_starts, max(start, end - 1)) - 1, q.style,
                             q.closed if closed is None else closed))
    return out


def _split_nested(s: str, q: Quote) -> list[tuple[list[Span], int, int, bool | None]]:
    """(pieces, start, end, closed or None for the teller's own) of the groups ``q`` splits into."""
    groups: list[tuple[list[Span], int, int, bool | None]] = []
    teller: list[Span] = []

    def flush_teller() -> None:
        if teller:
            groups.append((list(teller), teller[0].start, teller[-1].end, None))
            teller.clear()

    for piece in q.pieces:
        pos = piece.start
        for n in _single_pieces(s, piece.start, piece.end):
            inner = _inner(s, n, "single")
            if not _spoken_inside(s, n, inner, piece.start):
                continue
            if _has_words(s, pos, n.start):
                teller.append(_strip(s, pos, n.start))
            flush_teller()
            groups.append(([inner], n.start, n.end, True))
            pos = n.end
        if pos == piece.start:
            teller.append(piece)
        elif _has_words(s, pos, piece.end):
            teller.append(_strip(s, pos, piece.end))
    flush_teller()
    return groups


def _spoken_inside(s: str, n: _Piece, inner: Span, lo: int) -> bool:
    """A closed single-quoted stretch inside speech is a line of dialogue, not a title or a scare
    quote, when it has a few words and reads as speech: it ends in punctuation before its closing
    mark, or the words before it introduce it ("said, 'Go home'", "these words: 'Go home'")."""
    if not n.closed or len(_WORD.findall(s, inner.start, inner.end)) < _NESTED_MIN_WORDS:
        return False
    if s[inner.end - 1] in ".,!?;—–-…":
        return True
    return s[lo:n.start].rstrip().endswith((",", ":"))


def _has_words(s: str, a: int, b: int) -> bool:
    return _WORD.search(s, a, b) is not None


def _strip(s: str, a: int, b: int) -> Span:
    while a < b and (s[a].isspace() or s[a] in ",;:—–-"):
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return Span(a, b)
