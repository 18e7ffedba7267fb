"""A long exchange keeps its talkers as candidates after the narration has stopped naming them, and
training reads a quote with the candidates the reader would have."""

from fabula import ingest, quotes, text
from fabula.speakers.candidates import WINDOW, candidates
from fabula.speakers.context import run_of, turn_of
from fabula.speakers.document import Document
from fabula.speakers.evidence import evidence
from tests.test_speakers import cast_of

LINES = ["Is the boat ready?", "Not yet.", "When, then?", "By noon, I hope.", "That is late.",
         "The tide is late too.", "You always say so.", "And I am always right."]


def _exchange(opening: str, turns: int) -> tuple[Document, list]:
    story = ("The harbour was grey.\n\n" + opening + "\n\n"
             + "\n\n".join(f'"{LINES[i % len(LINES)]}"' for i in range(turns))
             + "\n\nThe gulls went quiet.")
    txt = text.segment(ingest.read(story))
    qs = quotes.find(txt)
    cast = cast_of(txt.text, [("Orla", ("Orla",), "she/her"), ("Brannock", ("Brannock",), "he/him"),
                              ("Tamsin", ("Tamsin",), "she/her")])
    doc = Document(txt, qs, cast)
    doc.arrays()
    for m in cast.mentions:  # the narration's mentions, as the decoder marks them before each quote
        if doc.quote_at(m.start) is None:
            p = next(i for i, pa in enumerate(txt.paragraphs) if pa.start <= m.start < pa.end)
            doc.last_active_arr[m.character] = max(doc.last_active_arr[m.character], p)
    return doc, [evidence(doc, q) for q in qs]


def _last_candidates(doc: Document, evs: list) -> list[int]:
    run = run_of(doc, evs)
    intro: set[int] = set()
    for qi in range(len(evs)):
        turn = turn_of(doc, evs, qi, intro)
        intro = turn.run_intro
    return candidates(doc, turn, set(), members=run.members[qi])


def test_the_talkers_named_where_the_exchange_opens_stay_candidates():
    doc, evs = _exchange("Orla met Brannock at the pier.", WINDOW + 10)
    assert {0, 1} <= set(_last_candidates(doc, evs))
    assert 2 not in _last_candidates(doc, evs)  # no one named Tamsin in this exchange


def test_a_talker_named_by_a_tag_early_in_the_exchange_stays_a_candidate():
    doc, evs = _exchange('"Tamsin!" called Orla from the pier.', WINDOW + 10)
    run = run_of(doc, evs)
    assert 0 in run.members[-1] and 2 in run.members[-1]  # the tag's speaker, and her addressee
    assert {0, 2} <= set(_last_candidates(doc, evs))
