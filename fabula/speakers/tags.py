"""Speech tags: the narration right beside a quotation read for who says it.

``said Marcus`` / ``Marcus said`` / ``asked the old man`` / ``she whispered`` / ``I said``, with adverbs
and fillers allowed in between (lexicon in ``fabula.speech_verbs``). A name tag makes the quote
*explicit*; a pronoun or description tag makes it *anaphoric* (PDNC's types); no tag: *implicit*.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from fabula.model import Quote, Span
from fabula.speakers.document import Document
from fabula.speakers.lexicon import (
    DET,
    FEMALE,
    HEAD_ALIASES,
    ITEM,
    MALE,
    NOMINATIVE,
    NOT_VERB,
    OBJECT_PRON,
    OBJECT_PRONOUNS,
    PARTICLES,
    PREPOSITIONS,
    PRON,
    QUOTE_MARKS,
    SPEECH_NOUNS,
    SUBJECT_OPENERS,
    SUBORDINATORS,
)
from fabula.speech_verbs import FILLERS, OPENING, OPENING_PHRASAL, SPEECH, TAG_VERBS


@dataclass(frozen=True, slots=True)
class Tag:
    """A speech tag found beside a quote."""

    kind: str  # "name", "pron", "desc", "unknown"
    character: int | None  # for "name" (and descriptions that are a known alias)
    gender: str | None  # "m", "f", "n", "I" for pronouns; from the noun for descriptions
    span: Span
    to: int | None = None  # ``said X to Y``: Y
    head: str | None = None  # a description's last word, lower case ("the old doctor" -> "doctor")



def _items(doc: Document, a: int, b: int) -> list[tuple[str, object, int, int]]:
    """Words, punctuation and character mentions of s[a:b] in order: (kind, value, start, end)
    with kind "M" (value: character), "W" (value: word), "P" (value: punctuation)."""
    s = doc.s
    out: list[tuple[str, object, int, int]] = []
    i = bisect.bisect_left(doc.mention_starts, a)
    pos = a
    ms = doc.mentions
    while True:
        nxt = ms[i] if i < len(ms) and ms[i].start < b else None
        stop = nxt.start if nxt is not None else b
        for m in ITEM.finditer(s, pos, stop):
            t = m.group()
            out.append(("W" if t[0].isalnum() else "P", t, m.start(), m.end()))
        if nxt is None:
            break
        if nxt.start >= pos:
            out.append(("M", nxt.character, nxt.start, min(nxt.end, b)))
            pos = nxt.end
        i += 1
    return out


def _subject(doc: Document, items, j: int) -> tuple[Tag | None, int]:
    """Parse a subject starting at items[j]: a mention, a pronoun, or a description."""
    if j >= len(items):
        return None, j
    kind, val, a, b = items[j]
    if kind == "M":
        k = j + 1
        # "Mr. Thornbury's wife" would not be Mr. Thornbury; rare in tags, ignore
        return Tag("name", val, doc.gender[val], Span(a, b)), k
    if kind != "W":
        return None, j
    lw = val.lower()
    if (lw == "i" and doc.person == "I") or (lw == "you" and doc.person == "you"):
        return Tag("pron", doc.narrator, "I", Span(a, b)), j + 1  # "I said", a reader insert's "you ask"
    if lw in PRON:
        return Tag("pron", None, PRON[lw], Span(a, b)), j + 1
    if lw in DET:
        # "the Professor", "the old smith": a determiner before a known name
        for k in range(j + 1, min(j + 4, len(items))):
            if items[k][0] == "M":
                c = items[k][1]
                return Tag("name", c, doc.gender[c], Span(a, items[k][3])), k + 1
            if items[k][0] != "W" or items[k][1].lower() in TAG_VERBS or items[k][1].lower() in FILLERS:
                break
    if lw in DET or val[0].isupper():
        # a description ("the old man", "his wife") or a name the cast does not know
        k = j + 1
        words = [val]
        while k < len(items) and k - j < 5 and items[k][0] == "W" and items[k][1].lower() not in TAG_VERBS \
                and items[k][1].lower() not in FILLERS and items[k][1].lower() not in ("and", "to", "with"):
            if len(words) >= 2 and _adverb(items[k][1]):
                break  # "said the lawyer somewhat flatly": the adverbs are the verb's
            words.append(items[k][1])
            k += 1
        if lw in DET and (len(words) == 1 or words[1].lower() in PRON):
            return None, j  # "the" alone; "so that he": a conjunction, not a description
        if words[-1].lower() == "of":
            if k < len(items) and items[k][0] == "M":  # "the shattered voice of Bram" speaks for Bram
                c = items[k][1]
                return Tag("name", c, doc.gender[c], Span(items[k][2], items[k][3])), k + 1
            return None, j
        if lw not in DET and not all(x[0].isupper() for x in words):
            return None, j
        g = None
        for x in reversed(words):
            xl = x.lower().rstrip(".")
            if xl in MALE:
                g = "m"
                break
            if xl in FEMALE:
                g = "f"
                break
        phrase = " ".join(words)
        c = doc.cast.alias_of(phrase) if doc.nchar else None
        end = items[k - 1][3]
        if c is not None:
            return Tag("name", c.index, doc.gender[c.index], Span(a, end)), k
        head = words[-1].lower().rstrip(".")
        return Tag("unknown" if lw not in DET else "desc", None, g, Span(a, end), None,
                   HEAD_ALIASES.get(head, head)), k
    return None, j


_INTENSIFIERS = frozenset(["very", "somewhat", "rather", "quite", "too", "most", "more", "less"])


def _adverb(word: str) -> bool:
    """An adverb after a description's noun ("the lawyer flatly", "the old lady very bitterly")."""
    lw = word.lower()
    return word.islower() and (lw in _INTENSIFIERS or (lw.endswith("ly") and len(lw) > 4))


def _after_tag(doc: Document, a: int, b: int, comma: bool, end_ch: str = "") -> tuple[Tag | None, bool]:
    """A tag at the start of the narration s[a:b] right after a piece: `said he`, `Marcus said`,
    with whether it is strong (a verb of saying; not an action verb or a guess from word order)."""
    items = _items(doc, a, min(b, a + 120))
    n = len(items)
    j = 0
    while j < n and items[j][0] == "P" and items[j][1] in ",—–-":
        j += 1
    if j < n and items[j][0] == "P":
        return None, False
    inv = _inverted(doc, items, j, end_ch)
    if inv[0] is not None:
        return inv
    src = _from_name(doc, items, j)
    if src is not None:
        return src, True
    if j + 3 < n and items[j][0] == "W" and items[j][1].lower() == "was" and items[j + 1][0] == "M" \
            and items[j + 2][1] in ("'", "’") and items[j + 3][1] == "s":
        c = items[j + 1][1]  # "was Mr. Pryce's reply"
        return Tag("name", c, doc.gender[c], Span(items[j + 1][2], items[j + 1][3])), True
    if j + 4 < n and items[j][1] == "It" and items[j + 1][1] == "was" and items[j + 2][0] == "M" \
            and items[j + 3][1] == "who" and items[j + 4][0] == "W" and items[j + 4][1].lower() in SPEECH:
        c = items[j + 2][1]  # "It was Fenwick who spoke."
        return Tag("name", c, doc.gender[c], Span(items[j + 2][2], items[j + 2][3])), True
    if j + 1 < n and items[j][0] == "W" and items[j][1].lower() == "as" and items[j + 1][0] in "MW":
        j += 1  # "as Mrs. Quill said"
    # normal order: SUBJ [fillers/adverbs] VERB
    tag, k = _subject(doc, items, j)
    if tag is None:
        return None, False
    m = 0
    # right after a quote ending in , ! ? or a dash, a lower-case "he"/"she" (or, after a comma, a
    # name) followed by any verb is a tag: "she owned", "he pronounced", "Fenwick conceded"
    loose = end_ch in ",!?—–-" and (
        (tag.kind == "pron" and items[j][1] in ("he", "she")) or (tag.kind == "name" and end_ch == ","))
    while k < n and items[k][0] == "W" and m < 3:
        lw = items[k][1].lower()
        if lw in SPEECH or ((comma or tag.kind == "pron") and lw in TAG_VERBS) or (
                loose and items[k][1].islower() and lw not in NOT_VERB and lw not in FILLERS):
            if k + 2 < n and items[k + 1][0] == "M" and items[k + 2][0] == "W" and items[k + 2][1].lower() in SPEECH:
                c = items[k + 1][1]  # "she heard Tarin say"
                return Tag("name", c, doc.gender[c], Span(items[k + 1][2], items[k + 1][3])), True
            return _with_to(tag, items, k + 1), lw in SPEECH
        if lw in FILLERS or lw.endswith("ly"):
            k += 1
            m += 1
            continue
        break
    return None, False


def _inverted(doc: Document, items, j: int, end_ch: str) -> tuple[Tag | None, bool]:
    """An inverted tag: [adverbs] VERB [particle] [adverbs] [adjectives] SUBJECT ("said Marcus",
    "put in Odile", "said dour Major Kell"); after a quote ending in , ! ? or a dash, any past-tense
    verb right before a name ("yawned Mrs. Pryce.")."""
    n = len(items)
    k = j
    while k < n and items[k][0] == "W" and (items[k][1].lower() in FILLERS
                                          or items[k][1].lower().endswith("ly")) and k - j < 2:
        k += 1
    if k >= n or items[k][0] != "W":
        return None, False
    lw = items[k][1].lower()
    speech = lw in SPEECH
    if speech or (lw in TAG_VERBS and k + 1 < n and items[k + 1][0] == "M"):
        k2 = k + 1
        if speech and k2 < n and items[k2][0] == "W" and items[k2][1].lower() in PARTICLES:
            k2 += 1
        while k2 < n and items[k2][0] == "W" and (items[k2][1].lower().endswith("ly")
                                                  or items[k2][1].lower() in FILLERS):
            k2 += 1
        tag, end = _subject(doc, items, k2)
        if tag is None:
            # adjectives before the name: "said dour Major Kell", "sighed fun-loving Miss Dee"
            m = k2
            while m < min(n, k2 + 4) and (items[m][0] == "W" and items[m][1].islower()
                                          and items[m][1] not in DET and items[m][1] not in PREPOSITIONS
                                          or items[m][0] == "P" and items[m][1] == "-"):
                m += 1
            if m > k2 and m < n and items[m][0] == "M":
                c = items[m][1]
                tag, end = Tag("name", c, doc.gender[c], Span(items[m][2], items[m][3])), m + 1
        if tag is not None:
            return _with_to(tag, items, end), speech
    if end_ch in ",!?—–-" and items[k][1].islower() and (lw.endswith("ed") or lw in TAG_VERBS) \
            and lw not in NOT_VERB and k + 1 < n and items[k + 1][0] == "M" and (k + 2 >= n or items[k + 2][0] == "P"):
        c = items[k + 1][1]
        return Tag("name", c, doc.gender[c], Span(items[k + 1][2], items[k + 1][3])), False
    return None, False


# what words come from, after a possessive ("came from Bram's dry lips")
_SPEECH_ORGANS = frozenset(["lips", "mouth", "tongue", "voice", "throat", "pen"])


def _from_name(doc: Document, items, j: int) -> Tag | None:
    """Words said to come from a name, right after the line: "[at last] came/broke [adverbs] from
    Bram", "came from Bram's dry lips", or a bare "from Bram" ("...a cheerful "Hello!" from Bram")."""
    n = len(items)
    k = j
    while k < n and k - j < 3 and items[k][0] == "W" and items[k][1].islower() \
            and (items[k][1] in FILLERS or items[k][1].endswith("ly") or items[k][1] == "last"):
        k += 1
    if k < n and items[k][0] == "W" and items[k][1] in SPEECH:
        k += 1  # "came", "broke", "burst"
        while k < n and items[k][0] == "W" and items[k][1].islower() and items[k][1].endswith("ly"):
            k += 1
    elif k != j:
        return None
    if not (k + 1 < n and _lower(items[k]) == "from" and items[k + 1][0] == "M"):
        return None
    c, m = items[k + 1][1], k + 2
    if m + 1 < n and items[m][1] in ("'", "’") and items[m + 1][1] == "s":
        m += 2  # a possessive: only the speaker's lips or voice, not "Bram's room"
        while m < n and m - k < 7 and items[m][0] == "W" and items[m][1].islower() \
                and items[m][1] not in _SPEECH_ORGANS:
            m += 1
        if not (m < n and _lower(items[m]) in _SPEECH_ORGANS):
            return None
    elif m < n and items[m][0] != "P":
        return None
    return Tag("name", c, doc.gender[c], Span(items[k + 1][2], items[k + 1][3]))


def _with_to(tag: Tag, items, k: int) -> Tag:
    # `said Marcus to Ivy` / `she said to him`
    for j in range(k, min(k + 4, len(items))):
        if items[j][0] == "P":
            break
        if items[j][0] == "W" and items[j][1].lower() == "to" and j + 1 < len(items) and items[j + 1][0] == "M":
            return Tag(tag.kind, tag.character, tag.gender, tag.span, items[j + 1][1], tag.head)
    return tag


def _speech_verb_before(items) -> int | None:
    """The speech verb that governs the end of a narration sentence: the last speech verb followed by
    nothing or by a short adverbial ("said, with more restraint", "could say in her usual tone of
    gentle reproach", "remarked to Tarin"), with no new clause after it (no subject pronoun, no
    other verb of saying)."""
    n = len(items)
    for v in range(n - 1, max(-1, n - 12), -1):
        if items[v][0] == "W" and items[v][1].lower() in SPEECH:
            if v > 0 and items[v - 1][0] == "W" and items[v - 1][1].lower() in _NOUN_DET or \
                    v > 1 and items[v - 1][1] == "s" and items[v - 2][1] in ("'", "’") \
                    and not items[v][1].lower().endswith("ing"):
                continue  # "have a point", "the answer", "Bram's remark": a noun, not a verb of saying
            if _negated(items, v):
                return None  # "Bram was not going to think about it." says nothing
            return v if v == n - 1 or _adverbial(items[v + 1:]) else None
    return None


# determiners before a word that can be a verb of saying make it a noun ("a point"); not "her",
# which is also the object before a bare infinitive ("heard her say")
_NOUN_DET = frozenset(["a", "an", "the", "his", "their", "my", "our", "its", "your", "this", "that", "no"])
# verbs of restraint: denied, they affirm ("could not help saying", "did not stop asking")
_RESTRAINT = frozenset(["help", "helped", "resist", "resisted", "forbear", "forbore", "refrain", "refrained",
                        "fail", "failed", "cease", "ceased", "stop", "stopped"])
# what may stand between a denial and the verb it denies ("not going to say", "never even asked")
_DENIAL_GAP = frozenset(["to", "going", "be", "have", "been", "even", "ever", "yet", "quite", "once"])


def _negated(items, v: int) -> bool:
    """The verb items[v] is denied: "not", "never" or "-n't" before it with at most two auxiliary
    words or adverbs between ("did not say", "was never going to ask"). A denied verb of saying
    introduces no speech, unless a verb of restraint turns the denial round ("could not help
    saying"); a denial of another verb does not count ("a man he had never seen said")."""
    k = v - 1
    while k >= 0 and v - k <= 3 and items[k][0] == "W":
        lw = items[k][1].lower()
        if lw in ("not", "never") or lw.endswith(("n't", "n’t")):
            before = items[k - 1][1].lower() if k > 0 and items[k - 1][0] == "W" else ""
            return before not in _RESTRAINT
        if lw not in _DENIAL_GAP and not lw.endswith("ly"):
            return False
        k -= 1
    return False


def _adverbial(trail) -> bool:
    """A short phrase after a speech verb that adds no clause: it opens with a comma, a preposition
    or an adverb and holds no subject pronoun and no verb of saying."""
    if trail[0][0] == "M" or trail[0][0] == "W" and trail[0][1].lower() in OBJECT_PRONOUNS:
        trail = trail[1:]  # "hailed me warmly with:", "called him", "asked Bram," (an object)
        if not trail:
            return True
    kind, val, _, _ = trail[0]
    lw = val.lower() if kind == "W" else val
    if not (kind == "P" and lw in ",—–-" or kind == "W" and (lw in PREPOSITIONS or lw in FILLERS
                                                               or lw in PARTICLES or lw.endswith("ly"))):
        return False
    if kind == "P" and len(trail) > 1 and trail[1][0] == "W" and trail[1][1].lower() in _AUXILIARIES:
        return False  # "who, Bram thought, might be right": the verb of saying is a parenthesis
    return len(trail) <= 10 and not any(
        k == "W" and (x.lower() in NOMINATIVE or x.lower() in TAG_VERBS) for k, x, _, _ in trail)


# auxiliaries and modals: right after "NAME thought," they go on with the clause the parenthesis interrupts
_AUXILIARIES = frozenset(["might", "could", "would", "should", "will", "shall", "can", "must", "may", "had",
                          "has", "have", "was", "were", "is", "are", "did", "does", "do"])


def _subject_position(items, i: int, v: int) -> bool:
    """items[i] opens its clause (sentence start, after punctuation or a conjunction such as "and",
    "when", "that"), or stands right before the verb v (adverbs aside): "Fenwick heard Odile say"."""
    if _just_before(items, i, v):
        return True
    if i == 0 or items[i - 1][0] == "P":
        return True
    if items[i - 1][0] != "W":
        return False
    prev = items[i - 1][1].lower()
    return prev in SUBJECT_OPENERS or prev in ("that", "whereupon", "whilst", "till")


def _clause_subject(doc: Document, items, v: int) -> Tag | None:
    """The subject of the speech verb items[v], read back through its sentence: the nearest name,
    subject pronoun or description that opens a clause, skipping parentheses ("Mr. Pryce, whose
    thoughts were elsewhere, said"), coordinated verbs ("Hugo bent towards Odile and said"),
    objects of prepositions ("towards Odile") and object pronouns ("startled her, by saying");
    a relative "who" right before the verb is its antecedent ("This comforted Hamid, who remarked")."""
    j = v - 1
    while j >= 0 and items[j][0] == "W" and (items[j][1].lower() in FILLERS or items[j][1].lower().endswith("ly")):
        j -= 1
    if j >= 1 and items[j][0] == "W" and items[j][1].lower() == "who":
        k = j - 1
        while k >= 0 and items[k][0] == "P":
            k -= 1
        if k >= 0 and items[k][0] == "M":
            c = items[k][1]
            return Tag("name", c, doc.gender[c], Span(items[k][2], items[k][3]))
    if v > 0 and items[v - 1][0] == "W" and items[v - 1][1].lower() in ("was", "were", "been", "be", "being") \
            and _finite(items[v][1].lower()) and not items[v][1].lower().endswith("ing"):
        return None  # a passive ("she was greeted by ..."): the speaker is not the subject
    crossed = False  # ", and" / "; but" lies between the word read and the verb: a new clause
    for i in range(j, -1, -1):
        kind, val, a, b = items[i]
        if kind == "P":
            continue
        if kind == "W" and val.lower() in ("and", "but"):
            crossed = crossed or (i > 0 and items[i - 1][1] in (",", ";"))
            continue
        prev = items[i - 1][1].lower() if i > 0 and items[i - 1][0] == "W" else ""
        so_that = prev == "that" and i > 1 and _lower(items[i - 2]) in ("so", "such")
        if crossed and (prev in SUBORDINATORS or so_that) and not (i + 1 < len(items) and items[i + 1][1] == ","):
            continue  # the subject of a clause already closed ("He waited until she had done, and said")
        if kind == "M":
            if i + 1 < len(items) and items[i + 1][1] in ("'", "’"):
                if _gerund_after(items, i + 2, v):
                    return Tag("name", val, doc.gender[val], Span(a, b))  # "roused by Greta's saying"
                continue  # a possessive ("Mr. Pryce's house")
            if prev in PREPOSITIONS and not (prev == "of" and i > 1 and _lower(items[i - 2]) == "voice") \
                    and not _just_before(items, i, v):
                continue  # an object ("towards Odile"); "the voice of Hugo" speaks for Hugo; a name
                # right before the verb is its subject, "for" a conjunction ("for Bram at once said")
            if _subject_position(items, i, v) or i == 0 or not prev:
                return Tag("name", val, doc.gender[val], Span(a, b))
            continue
        lw = val.lower()
        if lw in OBJECT_PRON and i == j and not _finite(items[v][1].lower()):
            return Tag("pron", None, OBJECT_PRON[lw], Span(a, b))  # "heard her say"
        if (lw in PRON or (doc.person == "you" and lw == "you")) and prev not in PREPOSITIONS:
            if lw == "i" and val != "I":
                continue
            if _parenthetical(items, i, v):
                continue  # "Greta, sighing as he opened it, said": the pronoun is the aside's
            tag, _ = _subject(doc, items, i)
            return tag
        if lw in DET and lw not in OBJECT_PRON and _subject_position(items, i, v) and prev not in PREPOSITIONS:
            tag, end = _subject(doc, items, i)
            if tag is not None and tag.kind in ("name", "desc") and end <= v and _next_is_verb(items, end, v):
                return tag
    # no name opens a clause: the nearest name that is not an object of a preposition nor a
    # possessive ("At length Mrs. Dunn looked up from her cup and remarked:")
    for i in range(j, -1, -1):
        kind, val, a, b = items[i]
        if kind == "M" and not (i > 0 and items[i - 1][0] == "W" and items[i - 1][1].lower() in PREPOSITIONS) \
                and not (i + 1 < len(items) and items[i + 1][1] in ("'", "’")):
            return Tag("name", val, doc.gender[val], Span(a, b))
    return None


def _just_before(items, i: int, v: int) -> bool:
    """items[i] stands right before the verb v, adverbs and fillers aside ("Bram immediately asked")."""
    return _past_adverbs(items, i + 1, v) == v


def _past_adverbs(items, k: int, v: int) -> int:
    """The first item from ``k`` (at most ``v``) that is not an adverb in -ly or a filler
    (``FILLERS``: "then", "at once", "had")."""
    while k < v and items[k][0] == "W" and (items[k][1].lower() in FILLERS or items[k][1].lower().endswith("ly")):
        k += 1
    return k


def _next_is_verb(items, end: int, v: int) -> bool:
    """A subject read up to items[end] is followed by the verb v (adverbs aside), by an aside (a
    comma, "who") or by a coordinated verb ("and"); not by a noun the phrase stopped short of ("the
    little [pause] which followed, added")."""
    k = _past_adverbs(items, end, v)
    return k == v or (k < len(items) and _lower(items[k]) in (",", "who", "and", "—", "–", "-"))


def _lower(item) -> str:
    """An item's word in lower case; "" for a name mention (whose value is its character)."""
    return "" if item[0] == "M" else item[1].lower()


def _parenthetical(items, i: int, v: int) -> bool:
    """items[i] stands in an aside closed by a comma before the verb v, one that opens with a
    participle, a relative or a subordinator ("Greta, sighing over it as he opened it, said";
    "Osric laughed, as he knew he must, at the joke, and then added")."""
    if not any(items[k][0] == "P" and items[k][1] in ",—–-" for k in range(i + 1, v)):
        return False
    k = i - 1
    while k >= 0 and not (items[k][0] == "P" and items[k][1] in ",—–-"):
        k -= 1
    if k < 0 or k + 1 >= i:
        return False
    first = items[k + 1][1].lower() if items[k + 1][0] == "W" else ""
    return first in SUBORDINATORS or first in ("who", "which") or (first.endswith("ing") and len(first) > 4)


def _gerund_after(items, k: int, v: int) -> bool:
    """From items[k] (after a possessive "'"), "s", adverbs, then the gerund of saying items[v]
    ("Miss Pell's suddenly saying", "Bram's giving a sigh, and saying")."""
    if k < len(items) and items[k][1] == "s":
        k += 1
    k = _past_adverbs(items, k, v)
    return k < len(items) and items[k][0] == "W" and items[k][1].lower().endswith("ing") and items[v][1].lower().endswith("ing")


def _speech_noun_before(doc: Document, items) -> Tag | None:
    """A sentence ending "NAME's [last] remark was" / "NAME's reply had been" before the quote, with
    perhaps a short adverb after it ("Bram's answer was, a little later--"), or the noun left out
    after the same shape just before ("Ann's remark was "..." and Bram's was--")."""
    n = len(items)
    k = n - 1
    if k >= 2 and items[k][0] == "W" and items[k][1].islower() and items[k - 1][0] == "W":
        m = k - 1  # ", a little later" / ", at once": up to three words after a comma
        while m > k - 3 and items[m][0] == "W" and items[m][1].islower():
            m -= 1
        if items[m][1] == "," and not any(_lower(x) in NOMINATIVE or _lower(x) in SPEECH for x in items[m + 1:]):
            k = m - 1
    if k < 0 or items[k][0] != "W" or items[k][1].lower() not in ("was", "been", "is"):
        return None
    k -= 2 if items[k][1].lower() == "been" and k > 0 and _lower(items[k - 1]) == "had" else 1
    if k >= 2 and items[k][1] == "s" and items[k - 1][1] in ("'", "’") and items[k - 2][0] == "M":
        c = items[k - 2][1]  # "Bram's was": the noun of the remark before left out
        return Tag("name", c, doc.gender[c], Span(items[k - 2][2], items[k - 2][3]))
    if k < 0 or items[k][0] != "W" or items[k][1].lower() not in SPEECH_NOUNS:
        return None
    for m in range(k - 1, max(-1, k - 5), -1):
        if items[m][0] == "M" and m + 2 < n and items[m + 1][1] in ("'", "’") and items[m + 2][1] == "s":
            c = items[m][1]
            return Tag("name", c, doc.gender[c], Span(items[m][2], items[m][3]))
    return None


def _finite(verb: str) -> bool:
    """A finite form ("said", "asks", "whispered"), not the bare infinitive of "heard her say"."""
    return verb in ("said", "thought", "told", "began", "spoke") or verb.endswith(("ed", "s", "ing"))


def _before_tag(doc: Document, a: int, b: int) -> Tag | None:
    """A tag ending the narration s[a:b] just before a piece: `Marcus said:`, `she asked him,`,
    `Greta, who had said nothing, set down her cup and murmured,`."""
    every = _items(doc, max(a, b - 300), b)
    tag = _before_tag_in(doc, _last_sentence(every, ".!?;"))
    if tag is None and _opens_without_subject(_last_sentence(every, ".!?;")):
        # "Bram moved the lamp so that he could see her; and said, with some impatience,"
        tag = _before_tag_in(doc, _last_sentence(every, ".!?"))
    return tag


def _last_sentence(items, stops: str):
    """The items after the last stop (one of ``stops``) that is not the very last item, trailing
    punctuation dropped."""
    for j in range(len(items) - 1, -1, -1):
        if items[j][0] == "P" and items[j][1] in stops:
            if j == len(items) - 1:
                continue
            items = items[j + 1:]
            break
    while items and items[-1][0] == "P":
        items = items[:-1]
    return items


def _opens_without_subject(items) -> bool:
    """A clause that opens on a conjunction and a verb ("and said", "and then added")."""
    return len(items) >= 2 and items[0][0] == "W" and items[0][1].lower() in ("and", "but", "then") \
        and not any(k == "M" or (k == "W" and x.lower() in PRON) for k, x, _, _ in items[:3])


def _inverted_before(doc: Document, items) -> Tag | None:
    """A sentence ending VERB NAME right before the line, with no subject before the verb ("Thus
    spoke Ysolde:", "Then said Bram,"): the name speaks."""
    if len(items) < 2 or items[-1][0] != "M" or items[-2][0] != "W" or items[-2][1].lower() not in SPEECH:
        return None
    k = len(items) - 3
    if k >= 0 and items[k][0] == "W" and not (items[k][1].lower() in FILLERS or items[k][1].lower().endswith("ly")
                                              or items[k][1].lower() in ("thus", "so")):
        return None
    c = items[-1][1]
    return Tag("name", c, doc.gender[c], Span(items[-1][2], items[-1][3]))


def _before_tag_in(doc: Document, items) -> Tag | None:
    """The tag ending the sentence ``items`` (see ``_before_tag``)."""
    if not items:
        return None
    inv = _inverted_before(doc, items)
    if inv is not None:
        return inv
    v = _speech_verb_before(items)
    if v is None:
        return _speech_noun_before(doc, items)
    j = v - 1
    while j >= 0 and items[j][0] == "W" and (items[j][1].lower() in FILLERS or items[j][1].lower().endswith("ly")):
        j -= 1
    if j < 0:
        return None
    if items[j][0] == "W" and items[j][1].lower() not in PREPOSITIONS | DET | NOT_VERB:
        # a description ending right before the verb ("the old man said", "her sister said")
        for k in range(max(0, j - 4), j + 1):
            if items[k][0] == "W" and (items[k][1].lower() in DET or items[k][1][0].isupper()):
                if k > 0 and items[k - 1][0] == "W" and items[k - 1][1].lower() in PREPOSITIONS:
                    break
                tag, end = _subject(doc, items, k)
                if tag is not None and end == j + 1:
                    return tag
    return _clause_subject(doc, items, v)


def _adjacent_before(doc: Document, p: Span) -> Tag | None:
    """The tag before the piece p when its verb of saying ends the narration right before it
    ("Bram said," / "and Ann whispered:")."""
    s = doc.s
    pstart = doc.para_start(p.start)
    bb = p.start
    while bb > pstart and s[bb - 1] in QUOTE_MARKS:
        bb -= 1
    if bb <= pstart:
        return None
    words = s[max(pstart, bb - 40):bb].rstrip(" ,:;\t\n").split()
    if not words or words[-1].lower().strip(".,;:!?") not in SPEECH:
        return None
    return _before_tag(doc, pstart, bb)


def find_tag(doc: Document, q: Quote) -> Tag | None:
    """The speech tag of a quote: after a piece, before the first piece, or closing the paragraph
    before (None when there is none)."""
    s = doc.s
    pieces = q.pieces
    # gaps after each piece (within the piece's paragraph), then before the first piece
    for n, p in enumerate(pieces):
        a = p.end
        pend = doc.para_end(p.start)
        b = pieces[n + 1].start if n + 1 < len(pieces) else pend
        b = min(b, pend)
        comma = s[max(p.start, p.end - 1):p.end] in (",", "—", "-", "–") or s[p.end:p.end + 1] in ",—"
        while a < b and s[a] in QUOTE_MARKS:
            a += 1
        if a < b:
            t, strong = _after_tag(doc, a, b, comma, s[p.end - 1:p.end] if p.end > p.start else "")
            if t is not None and n == 0 and (not strong or t.kind == "pron"):
                # an action verb after the line loses to a verb of saying right before it:
                # 'When Bram said, "Why?" she had not answered.'; and a pronoun after it to a name
                # before it ('and Ann exclaimed, "Look!" she added': the pronoun is hers)
                bt = _adjacent_before(doc, p)
                if bt is not None and (not strong or (bt.kind == "name" and bt.gender in (t.gender, None))):
                    return bt
            if t is not None:
                return t
            if n + 1 < len(pieces) and b == pieces[n + 1].start and s[a:b].rstrip(QUOTE_MARKS).endswith((":", ",")):
                # "... Then, with a look, she added: "Though ..."": a tag before the next piece
                bb = b
                while bb > a and s[bb - 1] in QUOTE_MARKS:
                    bb -= 1
                t = _before_tag(doc, a, bb)
                if t is not None:
                    return t
        if n == 0:
            pstart = doc.para_start(p.start)
            bb = p.start
            while bb > pstart and s[bb - 1] in QUOTE_MARKS:
                bb -= 1
            if bb > pstart:
                t = _before_tag(doc, pstart, bb)
                if t is not None:
                    return t
    return _closing_previous(doc, q)


def _closing_previous(doc: Document, q: Quote) -> Tag | None:
    """A tag closing the paragraph before a quote that opens its own paragraph: "...and then she
    said:" / "Bram went on--"; or a whole sentence "Bram interposed." ending a paragraph of narration
    with no quotation (a verb of saying that is not a mere sound: "Bram laughed." is no tag)."""
    s = doc.s
    first = q.pieces[0].start
    k = doc.para_start(first)
    while k < first and s[k] in QUOTE_MARKS:
        k += 1
    if k != first or q.paragraph == 0:
        return None
    prev = doc.text.paragraphs[q.paragraph - 1]
    raw = s[max(prev.start, prev.end - 3):prev.end]
    tail = raw.rstrip(" -—–")
    # the narration after the paragraph's last quotation, if it has one ('"Go." Bram rose and said:')
    i = bisect.bisect_left(doc.piece_starts, prev.end) - 1
    a = prev.start
    if i >= 0 and doc.pieces[i][1] > prev.start:
        a = doc.pieces[i][1]
    if a >= prev.end - 3:
        return None
    if tail.endswith((":", ",")) or raw.endswith(("-", "—", "–")):
        return _before_tag(doc, a, prev.end)
    if tail.endswith(".") and a == prev.start:
        return _opening_sentence(doc, _last_sentence(_items(doc, max(a, prev.end - 300), prev.end), ".!?;"))
    return None


def _opening_sentence(doc: Document, sentence) -> Tag | None:
    """The name or pronoun of a sentence that only says someone starts or goes on speaking: its verb
    announces words (``OPENING``: "interposed", "began", "put in", "went on") and is followed by at
    most three particles, adverbs or an object pronoun ("Bram put in.", "Ann began at once.", "The
    clerk interrupted her."), nothing that sums the words up ("Bram began to cry." is no tag)."""
    n = len(sentence)
    v = next((k for k in range(n - 1, -1, -1) if _lower(sentence[k]) in OPENING or (
        _lower(sentence[k]) in OPENING_PHRASAL and k + 1 < n and _lower(sentence[k + 1]) in ("in", "on"))), None)
    if v is None or v == 0 or n - v > 4 or _negated(sentence, v):
        return None
    if not all(x[0] == "W" and (x[1].lower() in PARTICLES or x[1].lower() in FILLERS or x[1].lower() in
                               OBJECT_PRONOUNS or x[1].lower().endswith("ly")) for x in sentence[v + 1:]):
        return None
    t = _clause_subject(doc, sentence, v)
    return t if t is not None and t.kind in ("name", "pron") else None
