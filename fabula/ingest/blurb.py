"""Is the unlabelled paragraph under a title a summary (a blurb about the story) or the story's opening?

Decided from what the paragraph is, measured against the story that follows it, never from its
position alone:

- blurb words: "AU", "one-shot", "fic", "in which", "summary", "sequel", a ship "A/B", a closing
  parenthesised tag list ("(Fluff, post-canon.)"), a list of noun phrases ("Two thieves, one map, and
  a very bad plan.");
- tense against the story's: a blurb is told in the present ("Harry finds a kitten") over a story
  narrated in the past; a paragraph in the story's own tense is the story;
- person against the story's: a paragraph with no "I" above a first-person story is about it;
- what follows it: a chapter heading or an author's note (front matter goes on), a scene-break line
  (it is set apart), two blank lines.

Each cue counts for or against; ``is_summary`` says yes when the evidence for outweighs the evidence
against by ``THRESHOLD``. Closed classes only (auxiliaries, pronouns, a handful of blurb words).
"""

from __future__ import annotations

import re

THRESHOLD = 2.0

_CUES = re.compile(
    r"\b(?:AU|one-?shots?|drabbles?|ficlets?|fics?|fanfic(?:tion)?|in which|summary|sequel|prequel|"
    r"fluff|angst|slow ?burn|hurt/comfort|spoilers?|prompt|requested)\b|\bor:|(?-i:\b[A-Z]\w*/[A-Z]\w*\b)",
    re.IGNORECASE)
_TAG_TAIL = re.compile(r"\([^()]{3,200}\)\s*$")  # "... (Gen, friendship, post-canon road trip.)"
# a blurb's list of noun phrases: three or more short comma-separated items, none opening with a
# preposition or a conjunction (those are narration's clauses: "At the inn, in the rain, she...")
_ITEM = r"(?!(?:at|in|on|by|for|from|with|to|of|into|onto|after|before|when|while|if|as|but|so|then|there)\b)[^,.;:!?\n]{1,40}"
_NOUN_LIST = re.compile(rf"\s*(?:{_ITEM},\s+){{2,}}(?:and\s+)?[^,.;:!?\n]{{1,80}}[.!?]", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"“”\n]{0,600}[\"”]|(?<!\w)['‘][^'‘’\n]{0,600}['’](?!\w)")
_PRESENT = re.compile(
    r"\b(?:is|are|am|has|have|does|doesn't|isn't|aren't|hasn't|haven't|can|can't|must|will|won't|"
    r"doesn’t|isn’t|aren’t|hasn’t|haven’t|can’t|won’t)\b", re.IGNORECASE)
# third person singular present: "Harry finds", "she hunts" (closed list of -s words that are no verbs)
_PRESENT_S = re.compile(r"\b(?!(?:The|A|An|This|That|These|Those|His|Her|Their|Its|My|Our|Your|All|Some|No|Many|"
                        r"Two|Three|Four|Five)\b)(?:[A-Z][a-z]+|he|she|it)\s+(?!(?:was|has|is|does|his|hers|its|this|always|"
                        r"perhaps|sometimes|towards|afterwards|across|unless|thus|yes|less|as|us|was)\b)"
                        r"[a-z]{2,}[^s\W]s\b")
_PAST = re.compile(r"\b(?:was|were|had|did|didn't|didn’t|wasn't|wasn’t|weren't|weren’t|said|went|came|saw|"
                   r"thought|knew|took|told|felt|found|made|got)\b", re.IGNORECASE)
_ED = re.compile(r"\b(\w+)\s+(\w{2,}ed)\b")
_NOT_PAST_BEFORE_ED = frozenset({"is", "are", "am", "be", "been", "being", "get", "gets", "has", "have", "not",
                                 "very", "so", "too"})
_FIRST = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI['’](?:m|d|ve|ll)\b")
_WORD = re.compile(r"\w+")


def tense(text: str) -> tuple[int, int]:
    """(present, past) finite-verb cues in ``text`` (a rough count, enough to compare two passages)."""
    present = len(_PRESENT.findall(text)) + len(_PRESENT_S.findall(text))
    past = len(_PAST.findall(text))
    past += sum(1 for m in _ED.finditer(text) if m.group(1).lower() not in _NOT_PAST_BEFORE_ED)
    return present, past


def narration(text: str) -> str:
    """``text`` without its quoted speech (dialogue is in the present whatever the narration's tense)."""
    return _QUOTED.sub(" ", text)


def _present_share(text: str) -> float | None:
    present, past = tense(text)
    return present / (present + past) if present + past >= 2 else None


def evidence(para: str, story: str, *, heading_after: bool = False, note_after: bool = False,
             break_after: bool = False, gap_after: bool = False) -> float:
    """Evidence (positive: summary, negative: story) that ``para`` is a summary of ``story`` (a sample
    of the text after it)."""
    score = 0.0
    if _CUES.search(para):
        score += 2
    if _TAG_TAIL.search(para):
        score += 1
    if _NOUN_LIST.match(para):
        score += 1  # "Two runaways, one stolen car, and a road that will not end."
    told, own = narration(story), narration(para)
    p, s = _present_share(own), _present_share(told)
    if p is not None and s is not None:
        if p - s >= 0.35:
            score += 2  # a present-tense blurb over a past-tense story
        elif abs(p - s) < 0.25:
            score -= 1.5  # told like the story
    elif s is not None and s < 0.4:  # a paragraph with one verb or none over a past-tense story
        present, past = tense(own)
        if present and not past:
            score += 1.5  # "Harry finds a kitten." (one verb: not enough alone)
        elif past and not present:
            score -= 1.5  # "She knocked twice."
    words = max(1, len(_WORD.findall(told)))
    first_story = len(_FIRST.findall(told)) / words
    first_para = len(_FIRST.findall(narration(para)))
    if first_story > 0.02:
        score += 1 if first_para == 0 else -1
    if heading_after or note_after:
        score += 3
    if break_after:
        score += 2
    if gap_after:
        score += 1
    return score


def is_summary(para: str, story: str, **after: bool) -> bool:
    """True when the evidence says ``para`` is a summary of the story that follows it."""
    return evidence(para, story, **after) >= THRESHOLD
