"""Stage 5, speakers: who says each quotation, and to whom.

Reads: Text, Quotes, Cast. Adds: ``Speakers`` (one Attribution per quote, with confidence).

The flow, one module per step:

1. ``document``: the story indexed for this stage (which mentions are narration, which are speech).
2. ``tags``: the speech tag beside each quotation (``said Marcus``, ``she whispered``, ``I said``);
   ``vocatives``: names inside the quotation (its addressees); ``evidence``: per quote, all that does
   not depend on earlier decisions (tag, beats, vocatives, pronoun beats).
3. ``context``: the quote in its conversation (gap to the quote before, unbroken runs, what the next
   quotes' tags say, salience); ``candidates``: who may speak it, with the decision-independent
   features; ``turns``: the features that depend on who spoke before (turn-taking, addressee of the
   previous line, pronoun recency). Feature names: ``features``.
4. ``ranker``: the learned scorer (weights in ``fabula/models/speakers.json``, ``fabula train
   speakers``); ``decode``: a beam search over speaker sequences; the softmax of the winner is the
   confidence.
5. ``addressees``: vocatives, ``said X to Y``, else the other participant of a two-person run.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from fabula import script
from fabula.model import Cast, Quotes, Speakers, Text
from fabula.speakers.candidates import WINDOW
from fabula.speakers.decode import BEAM, decode
from fabula.speakers.document import Document, gender_of
from fabula.speakers.features import DEFAULT_WEIGHTS, FEATURES, F
from fabula.speakers.ranker import MLP, MODEL_PATH, calibrated, score, weights
from fabula.speakers.tags import Tag

__all__ = ["BEAM", "DEFAULT_WEIGHTS", "FEATURES", "MLP", "MODEL_PATH", "WINDOW", "F", "Tag", "attribute",
           "gender_of", "score", "training_examples", "weights"]


READINGS = 1  # readings of the conversation; a second one would know who the first gave each line to
# (first_* features). Once the runs' re-reading (``reread``) was in, one reading did as well: PDNC CV-15
# 78.5% with one, 78.3% with two (beam 1, fabula eval pdnc --cv 5), at half the cost.


def attribute(text: Text, quotes: Quotes, cast: Cast, *, model=None, readings: int = READINGS) -> Speakers:
    """One Attribution per quote (speaker None when the cast is empty)."""
    w = weights() if model is None else model
    doc = Document(text, quotes, cast)
    out = decode(doc, w)
    for _ in range(readings - 1):
        doc.first = out
        out = decode(doc, w)
    if getattr(w, "calibration", None) is not None:  # confidences as calibrated on held-out novels
        out = [replace(a, confidence=round(calibrated(w, a.confidence), 4)) for a in out]
    return script.labelled_speakers(quotes, cast, Speakers(tuple(out)))  # "NAME: line" -> NAME speaks it


def training_examples(text: Text, quotes: Quotes, cast: Cast, gold: list[int | None],
                      w: np.ndarray | None = None, second: bool = False):
    """(quote index, candidate indices, feature matrix, gold position or -1) for each quote whose gold
    speaker is known; the turn-taking history is the gold one (teacher forcing) unless ``w`` is given,
    in which case it is the model's own predictions (as at run time). ``second``: examples of the
    second reading (the first reading by ``w`` gives its features)."""
    examples: list[tuple[int, list[int], np.ndarray, int]] = []
    doc = Document(text, quotes, cast)
    w0 = w if w is not None else weights()
    if second:
        doc.first = decode(doc, w0)
    decode(doc, w0, gold=None if w is not None else gold, collect=examples, collect_gold=gold)
    return examples
