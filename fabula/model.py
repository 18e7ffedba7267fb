"""The layers of a fabula analysis, one frozen dataclass family per stage.

Every offset is a character (Unicode code point) offset into ``Work.text``, which is what
``text.txt`` holds. Stages read earlier layers and return a new layer; they never mutate one.

    Work      <- ingest      (the text, metadata, chapters, notes, explicit scene breaks)
    Text      <- text        (paragraphs, sentences, tokens)
    Quotes    <- quotes      (every quotation and its pieces)
    Cast      <- cast        (characters, aliases, mentions, pronouns, narrator)
    Speakers  <- speakers    (speaker, addressees, type and confidence per quote)
    Scenes    <- scenes      (scene spans, boundary kind, narrative person, POV)
    Feelings  <- feelings    (valence per paragraph/scene/character, relationships)
    Network   <- network     (interaction graph, static and per chapter)
    Craft     <- craft       (writer warnings and suggested tags)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Note:
    """Paratext kept apart from the story: author's notes, disclaimers, chapter notes...

    ``kind`` is one of: "author_note", "disclaimer", "notes" (work notes), "end_notes",
    "chapter_summary", "chapter_notes", "chapter_end_notes".
    ``span`` locates the note in ``Work.text`` when it is there (plain-text input), else None.
    """

    kind: str
    text: str
    span: Span | None = None
    chapter: int | None = None


@dataclass(frozen=True, slots=True)
class Chapter:
    index: int  # 1-based
    title: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SceneBreak:
    """An explicit scene break marker (``* * *``, ``<hr>``, ``xXx``...) found at ingest."""

    start: int
    end: int
    marker: str


@dataclass(frozen=True)
class Work:
    """The ingest layer: the text every offset refers to, and what the file says about itself."""

    text: str
    source_format: str  # "text", "ao3-html", "ao3-epub", "ffnet-html", "fanficfare-epub", "fanficfare-html", "fanficfare-txt", "epub", "html"
    story: tuple[Span, ...]  # regions of ``text`` that are story (front matter and notes excluded)
    chapters: tuple[Chapter, ...]
    breaks: tuple[SceneBreak, ...] = ()
    title: str | None = None
    title_span: Span | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    summary_span: Span | None = None
    notes: tuple[Note, ...] = ()
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()  # character tags from the metadata (AO3 "Characters:")
    tags: tuple[str, ...] = ()  # freeform / additional tags
    language: str | None = "en"
    url: str | None = None
    series: tuple[str, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)  # published, updated, words, chapters as given
    # plain text: where each front-matter field's value is written ("rating" -> the "M" of "Rating: M")
    meta_spans: dict[str, Span] = field(default_factory=dict)
    genres: tuple[str, ...] = ()  # the site's genre list (fanfiction.net "Adventure/Angst")
    status: str | None = None  # "complete" or "in progress", when the site says
    work_id: str | None = None  # the story's id on its site (AO3 work id, fanfiction.net story id)

    @property
    def story_start(self) -> int:
        return self.story[0].start if self.story else len(self.text)


# --------------------------------------------------------------------------- text


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    chapter: int  # 1-based chapter index


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Tokens:
    """Token offsets as two int arrays (light views, not objects: a novel has ~10^5 tokens)."""

    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class Text:
    """The text layer: story paragraphs and sentences; tokens computed on first use."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    words: int

    @cached_property
    def tokens(self) -> Tokens:
        from fabula.text import tokenize  # the text stage owns tokenisation

        return tokenize(self.text, self.paragraphs)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing ``offset`` (binary search), or None."""
        import bisect

        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]


# --------------------------------------------------------------------------- quotes


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: the speech of one speaker, possibly interrupted by narration
    (``"Yes," said he, "I will."``) or running over several paragraphs.

    ``start``/``end`` cover the whole quotation including its quote marks; ``pieces`` are the
    spoken parts without the marks (what PDNC calls the sub-quotations).
    """

    index: int  # 0-based; the public id is f"Q{index + 1}"
    start: int
    end: int
    pieces: tuple[Span, ...]
    paragraph: int  # index of the first paragraph
    last_paragraph: int
    style: str  # "double", "single", "dash", "guillemet"
    closed: bool = True  # False when the closing mark was never found (damage kept to the paragraph)
    label: str | None = None  # script format ("DEAN: line"): the speaker label as written
    label_span: Span | None = None  # where that label is

    @property
    def id(self) -> str:
        return f"Q{self.index + 1}"


@dataclass(frozen=True)
class Quotes:
    quotes: tuple[Quote, ...]

    def __iter__(self):
        return iter(self.quotes)

    def __len__(self) -> int:
        return len(self.quotes)

    def __getitem__(self, i: int) -> Quote:
        return self.quotes[i]


def quote_text(text: str, quote: Quote) -> str:
    """The spoken words of a quotation, pieces joined by a space."""
    pieces = quote.pieces
    if len(pieces) == 1:  # most quotations: no join
        return text[pieces[0].start : pieces[0].end]
    return " ".join([text[p.start : p.end] for p in pieces])


# --------------------------------------------------------------------------- cast


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in the text that refers to a character.

    ``kind``: "name" (proper name, with or without title), "epithet" ("the Hunter"),
    "pronoun", "vocative" (a name used in address inside a quote), "narrator" (first person),
    "reader" (the "you" or Y/N of a second-person reader insert).
    """

    start: int
    end: int
    character: int  # index into Cast.characters
    kind: str


@dataclass(frozen=True, slots=True)
class Character:
    index: int  # 0-based; the public id is f"C{index + 1}"
    name: str  # the most used full name
    aliases: tuple[str, ...]
    pronouns: str | None  # "he/him", "she/her", "they/them", "xe/xem"... or None if unknown
    mentions: int
    narrator: bool = False
    minor: bool = False  # named once or twice: kept in the cast, marked minor

    @property
    def id(self) -> str:
        return f"C{self.index + 1}"


@dataclass(frozen=True)
class Cast:
    characters: tuple[Character, ...]
    mentions: tuple[Mention, ...]  # sorted by start
    narrator: int | None = None  # index of the first-person narrator, if any
    reader: int | None = None  # index of the Reader of a second-person reader insert ("you", Y/N), if any
    partners: tuple[int, ...] = ()  # characters a declared pairing puts with the Reader ("Pairing: X x Reader")

    def alias_of(self, name: str) -> Character | None:
        """The character who goes by ``name`` (case-insensitive), or None."""
        return self._by_alias.get(name.casefold())

    @cached_property
    def _by_alias(self) -> dict[str, Character]:
        """Casefolded alias -> the first character going by it: one dictionary look-up per call
        instead of a pass over every alias of the cast (the speakers stage asks for each tag's subject)."""
        out: dict[str, Character] = {}
        for c in self.characters:
            for a in c.aliases:
                out.setdefault(a.casefold(), c)
        return out


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class Attribution:
    quote: int  # index into Quotes
    speaker: int | None  # index into Cast.characters
    addressees: tuple[int, ...]
    type: str  # "explicit", "anaphoric", "implicit" (PDNC's definitions)
    confidence: float
    cue: Span | None = None  # the mention or tag that named the speaker, if any


@dataclass(frozen=True)
class Speakers:
    attributions: tuple[Attribution, ...]  # one per quote, same order

    def __iter__(self):
        return iter(self.attributions)

    def __len__(self) -> int:
        return len(self.attributions)

    def __getitem__(self, i: int) -> Attribution:
        return self.attributions[i]


# --------------------------------------------------------------------------- scenes


@dataclass(frozen=True, slots=True)
class Scene:
    index: int  # 0-based; the public id is f"S{index + 1}"
    start: int
    end: int
    chapter: int
    boundary: str  # "start", "chapter", "explicit", "implicit"
    person: str  # "first", "second", "third"
    pov: int | None  # character index
    confidence: float
    present: tuple[int, ...] = ()  # characters present in the scene

    @property
    def id(self) -> str:
        return f"S{self.index + 1}"


@dataclass(frozen=True, slots=True)
class Warning:
    """A writer-facing warning with its location: "head_hopping", "untagged_run",
    "said_bookism", "adverb_tag"."""

    kind: str
    start: int
    end: int
    message: str


@dataclass(frozen=True)
class Scenes:
    scenes: tuple[Scene, ...]
    head_hops: tuple[Warning, ...] = ()

    def __iter__(self):
        return iter(self.scenes)

    def __len__(self) -> int:
        return len(self.scenes)


# --------------------------------------------------------------------------- feelings


@dataclass(frozen=True)
class Relationship:
    a: int
    b: int
    exchanges: int  # quotes from one addressed to the other
    words: int
    tone: float  # mean valence of what they say to each other, -1..1
    arc: tuple[float, ...]  # tone per scene in which they interact (narrative order)
    scenes: tuple[int, ...]  # scene indices of that arc
    romantic: bool
    cues: tuple[Span, ...] = ()
    tones: tuple[float, float] = (0.0, 0.0)  # mean valence of what a says to b, and of what b says to a


@dataclass(frozen=True)
class Feelings:
    paragraph_valence: tuple[float, ...]  # VADER compound per story paragraph
    scene_valence: tuple[float, ...]
    arc: tuple[float, ...]  # smoothed story arc, 100 points over narrative time
    character_arcs: dict[int, tuple[float, ...]]  # smoothed, 100 points
    relationships: tuple[Relationship, ...]
    emotions: dict[str, tuple[float, ...]] | None = None  # opt-in NRC EmoLex, per scene


# --------------------------------------------------------------------------- network


@dataclass(frozen=True, slots=True)
class Edge:
    a: int
    b: int
    conversation: int  # quotes exchanged
    copresence: int  # scenes shared
    tone: float
    chapter: int | None = None  # None for the whole-story graph


@dataclass(frozen=True)
class Network:
    words_spoken: tuple[int, ...]  # node size, by character index
    edges: tuple[Edge, ...]  # whole story
    chapter_edges: tuple[Edge, ...]  # per chapter (Edge.chapter set)


# --------------------------------------------------------------------------- craft


@dataclass(frozen=True)
class Craft:
    warnings: tuple[Warning, ...]
    suggested_tags: dict[str, tuple[str, ...]]  # AO3 categories -> tags


# --------------------------------------------------------------------------- all of it


@dataclass(frozen=True)
class Analysis:
    work: Work
    text: Text
    quotes: Quotes
    cast: Cast
    speakers: Speakers
    scenes: Scenes
    feelings: Feelings
    network: Network
    craft: Craft
