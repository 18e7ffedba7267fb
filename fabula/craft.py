"""Stage 9, craft: writer warnings (untagged runs, said-bookisms, adverb tags, head-hopping) and
AO3-style suggested tags.

Reads: Work, Text, Quotes, Cast, Speakers, Scenes (and Feelings, for relationship tags, when given).
Adds: ``Craft``.

Warnings, each with its location in the text:

* ``untagged_run``: ``UNTAGGED_RUN`` or more consecutive quotations of one conversation with no tag
  saying who speaks (attribution type "implicit"), where readers lose track of the speaker;
* ``said_bookism``: a speech tag whose verb is not a way of speaking, or a showy one ("he hissed",
  "she chortled", "he smiled"); the list is ``BOOKISMS``;
* ``adverb_tag``: a speech tag propped up by an -ly adverb ("said softly", "she asked angrily");
* ``head_hopping``: from the scene stage (POV changes inside a scene).

Suggested tags come from a fixed vocabulary, AO3 style: ``characters`` (the cast that matters),
``relationships`` ("A/B" where the text has romantic cues, "A & B" otherwise), and
``additional_tags`` for POV ("POV Alternating", "Wren's POV", "First Person", "Second Person",
"Third Person") and tense ("Present Tense", "Past Tense").
"""

from __future__ import annotations

import re
from collections import Counter

from fabula import language
from fabula.model import Cast, Craft, Feelings, Quotes, Scenes, Speakers, Text, Warning, Work
from fabula.names import word_start


def _words(s: str) -> list[str]:
    return s.split()


UNTAGGED_RUN = 6
MAX_GAP = 2  # paragraphs between two quotations of one conversation

BOOKISMS = frozenset(_words("""
    hissed chortled snarled growled barked spat sneered snapped purred breathed gasped laughed chuckled giggled
    smiled grinned smirked beamed sighed huffed snorted scoffed grunted groaned moaned ejaculated expostulated
    opined intoned interjected quipped mused queried enthused gushed admonished cajoled chided husked
    rasped croaked squeaked shrieked bellowed roared thundered trilled cooed crooned drawled simpered sniffed
    sniffled sobbed wailed whimpered whined yelped howled spluttered sputtered nodded shrugged frowned winked
    pouted scowled smouldered smoldered seethed fumed averred vociferated
    remonstrated hazarded posited postulated surmised gloated teased taunted mocked
    chirped chirruped yawned coughed
"""))
# Not here on purpose: exclaimed, declared, retorted, rejoined, asserted, ventured (plain enough tags).
SPEECH_VERBS = ("said|asked|replied|answered|whispered|shouted|called|muttered|murmured|yelled|cried|told|"
                "added|continued|repeated|began|insisted|explained|agreed|demanded|promised|admitted|warned")
_NOT_ADVERBS = frozenset(_words("""
    only early family fly holy ugly silly lovely lonely friendly reply supply apply rely belly jelly bully
    daily likely unlikely elderly curly italy july sally molly holly billy emily lily kelly polly ally rally
    tally folly jolly burly surly oily wily hilly chilly smelly woolly costly deadly lively homely comely
    manly kindly sickly timely orderly cowardly princely queenly heavenly ghostly ugly butterfly
"""))

_SUBJ = r"(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
_VERB = r"(?P<verb>said|told|spoke|began|[a-z]+ed|spat)"
# A tag right after a quotation piece: ', she hissed' / ' hissed Marcus' / ', he said softly'.
_TAG_AFTER = re.compile(
    r"[”\"’'\s,.!?—–…-]*(?:(?P<subj>" + _SUBJ + r")\s+(?:(?P<adv1>\w+ly),?\s+)?" + _VERB
    + r"|" + r"(?P<verb2>said|told|spoke|began|[a-z]+ed|spat)\s+(?P<subj2>" + _SUBJ + r"))"
    r"(?:,?\s+(?P<adv2>\w+ly)\b)?"
)
# A tag before a quotation: 'Marcus hissed, "' / 'She said softly, "'.
_TAG_BEFORE = re.compile(
    r"(?P<subj>" + _SUBJ + r")\s+(?:(?P<adv1>\w+ly)\s+)?" + _VERB + r"(?:,?\s+(?P<adv2>\w+ly))?[,:]?\s*[“\"‘']?$"
)


def review(work: Work, text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes,
           feelings: Feelings | None = None) -> Craft:
    warnings: list[Warning] = []
    warnings += untagged_runs(text, quotes, speakers)
    warnings += tag_warnings(text, quotes)
    warnings += list(scenes.head_hops)
    warnings += language.warnings(work, text)  # one line when the story's language could not be read
    warnings.sort(key=lambda w: (w.start, w.kind))
    return Craft(warnings=tuple(warnings), suggested_tags=suggest_tags(text, quotes, cast, speakers, scenes, feelings))


def untagged_runs(text: Text, quotes: Quotes, speakers: Speakers, run: int = UNTAGGED_RUN) -> list[Warning]:
    out = []
    cur: list = []

    def flush():
        if len(cur) >= run:
            out.append(Warning("untagged_run", cur[0].start, cur[-1].end,
                               f"{len(cur)} lines of dialogue in a row with no tag saying who speaks"))

    for q, a in zip(quotes, speakers):
        if a.type == "implicit" and (not cur or q.paragraph - cur[-1].last_paragraph <= MAX_GAP):
            cur.append(q)
            continue
        flush()
        cur = [q] if a.type == "implicit" else []
    flush()
    return out


def _is_adverb(w: str | None) -> bool:
    return bool(w) and w.lower() not in _NOT_ADVERBS and len(w) > 4


def _judge(m: re.Match, verb: str, start: int, end: int, out: list[Warning]) -> None:
    adv = m.groupdict().get("adv1") or m.groupdict().get("adv2")
    v = verb.lower()
    if v in BOOKISMS:
        out.append(Warning("said_bookism", start, end,
                           f"\"{v}\" as a speech tag: a said-bookism (\"said\", or an action beat, reads better)"))
    elif _is_adverb(adv) and re.fullmatch(SPEECH_VERBS, v):
        out.append(Warning("adverb_tag", start, end,
                           f"\"{v} {adv.lower()}\": an adverb propping up a speech tag (show it in the words)"))


def tag_warnings(text: Text, quotes: Quotes) -> list[Warning]:
    """Said-bookisms and adverb tags next to each quotation."""
    s = text.text
    paras = text.paragraphs
    out: list[Warning] = []
    for q in quotes:
        pieces = q.pieces
        for k, piece in enumerate(pieces):
            para = paras[min(q.last_paragraph, len(paras) - 1)] if k == len(pieces) - 1 else None
            limit = pieces[k + 1].start if k + 1 < len(pieces) else (para.end if para else piece.end + 80)
            seg_end = min(limit, piece.end + 80)
            # '"Fine." He smiled.' is an action beat (the speech ends with a full stop), not a tag;
            # the piece may end before or after its closing punctuation
            tail = s[max(piece.start, piece.end - 1):min(len(s), piece.end + 2)]
            if "." in tail and not tail.rstrip("”\"’' ").endswith(("..", "…")):
                continue
            m = _TAG_AFTER.match(s, piece.end, seg_end)
            if m:
                verb = m.group("verb") or m.group("verb2")
                _judge(m, verb, m.start("verb" if m.group("verb") else "verb2"), m.end(), out)
        p = paras[q.paragraph]
        lo = max(p.start, q.start - 80)
        m = _TAG_BEFORE.search(s, lo, q.start + 1) if q.start > p.start else None
        if m:
            _judge(m, m.group("verb"), m.start(), m.end("verb"), out)
    return out


# ------------------------------------------------------------------ suggested tags

# \b(?P<s>[Hh]e|[Ss]he|[Ii]t|I|[Tt]hey|[Ww]e|[Yy]ou) then a verb, opening with the subject's first letter
_SUBJ_VERB = re.compile("(?P<s>" + word_start(("He", "he", "She", "she", "It", "it", "I", "They", "they", "We", "we",
                                               "You", "you")) + r")\s+(?:\w+ly\s+)?(?P<v>[a-z]+)\b")
_PAST_IRREGULAR = frozenset(_words("""
    was were had did said went came saw took made knew thought felt found gave told became left kept began
    seemed brought held stood heard let meant set met ran paid sat spoke lay led read grew lost fell sent built
    understood drew broke spent rose drove bought wore chose sought threw caught dealt won forgot sang swam
    shook hung struck slept swept wept stole froze hid bit rode wrote could would should might
"""))
_PRESENT = frozenset(_words("is are am has have does do says say goes go comes come sees see takes take makes make "
                            "knows know thinks think feels feel finds find gives give tells tell can will"))
_NOT_VERBS = frozenset(_words("""
    never always just still also only all both too then not no even really again once almost already soon
    to and or but so the a an in on at of for with as if that this there here who which what when where
    """))


def tense(text: Text | None, narration: str) -> str | None:
    """'past' or 'present' from subject + verb pairs in narration, None if too little evidence."""
    past = present = 0
    for m in _SUBJ_VERB.finditer(narration):
        v = m.group("v")
        if v in _PAST_IRREGULAR or (v.endswith("ed") and len(v) > 3):
            past += 1
        elif v in _PRESENT:
            present += 1
        elif m.group("s").lower() in ("he", "she", "it"):
            if v.endswith("s") and not v.endswith(("ss", "us", "is")) and len(v) > 2:
                present += 1
        elif v not in _NOT_VERBS and not v.endswith("s"):
            present += 1  # "I wake", "they run"
    if past + present < 5:
        return None
    return "present" if present > past else "past"


def suggest_tags(text: Text, quotes: Quotes, cast: Cast, speakers: Speakers, scenes: Scenes,
                 feelings: Feelings | None = None) -> dict[str, tuple[str, ...]]:
    from fabula import pov

    spoken = Counter(a.speaker for a in speakers if a.speaker is not None)
    pov_chars = {sc.pov for sc in scenes if sc.pov is not None}
    weight = {c.index: c.mentions + 2 * spoken[c.index] for c in cast.characters}
    top = max(weight.values(), default=0)
    scored = sorted(cast.characters, key=lambda c: -weight[c.index])
    characters = [c.name for c in scored
                  if c.index in pov_chars or weight[c.index] >= max(3, 0.1 * top)][:12]

    relationships: list[str] = []
    if feelings is not None:
        for r in feelings.relationships:
            if r.exchanges < 3 and not r.romantic:
                continue
            a, b = cast.characters[r.a].name, cast.characters[r.b].name
            relationships.append(f"{a}/{b}" if r.romantic else f"{a} & {b}")
            if len(relationships) >= 6:
                break

    extra: list[str] = []
    words: Counter[str] = Counter()
    pov_scenes: Counter[int] = Counter()
    for sc in scenes:
        words[sc.person] += sc.end - sc.start
    main_person = words.most_common(1)[0][0] if words else None
    for sc in scenes:
        if sc.pov is not None and sc.person == main_person:
            pov_scenes[sc.pov] += 1
    total = sum(pov_scenes.values())
    main_povs = [c for c, k in pov_scenes.most_common() if (k >= 2 or total < 4) and k >= 0.25 * total]
    if len(main_povs) >= 2:
        extra.append("POV Alternating")
    for c in main_povs[:3]:
        name = cast.characters[c].name
        extra.append(f"{name}'s POV")
    if main_person:
        extra.append({"first": "First Person", "second": "Second Person", "third": "Third Person"}[main_person])
    # tense: the first 200,000 characters of narration say it as well as the whole novel would
    t = tense(text, pov.narration_text(text, quotes)[:200_000]) if text.paragraphs else None
    if t:
        extra.append("Present Tense" if t == "present" else "Past Tense")
    return {"characters": tuple(characters), "relationships": tuple(relationships), "additional_tags": tuple(extra)}
