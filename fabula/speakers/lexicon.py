"""Closed word classes and patterns the speaker stage reads tags and vocatives with (pronouns,
determiners, gendered nouns, prepositions); speech verbs are in ``fabula.speech_verbs``."""

from __future__ import annotations

import re

ITEM = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+|[.;:!?]|[,—–-]+|[“”\"‘’']")
PRON = {"he": "m", "she": "f", "i": "I", "they": "n", "we": "n"}
NOMINATIVE = frozenset(["he", "she", "i", "they", "we"])
OBJECT_PRON = {"him": "m", "her": "f"}  # before a bare infinitive ("heard her say"): its subject
# particles of phrasal verbs of saying ("called back", "put in", "broke out", "spoke up")
PARTICLES = frozenset(["back", "out", "in", "up", "on", "over", "forth", "aloud", "away", "down", "off"])
# nouns naming an utterance ("Tom's reply was:", "was Ann's answer")
SPEECH_NOUNS = frozenset(["remark", "reply", "answer", "declaration", "word", "words", "observation", "rejoinder",
                          "exclamation", "response", "comment", "question", "retort", "cry", "greeting", "complaint",
                          "amendment", "speech", "advice", "verdict", "explanation", "rebuke", "protest"])
OBJECT_PRONOUNS = frozenset(["me", "him", "her", "us", "them", "you"])
DET = frozenset(["the", "a", "an", "his", "her", "their", "my", "our", "its", "your", "this", "that", "one"])
MALE = frozenset(
    ["man", "gentleman", "boy", "father", "son", "brother", "husband", "uncle", "king", "lord", "sir", "prince", "duke", "earl", "count", "baron", "monk", "priest", "lad", "fellow", "master", "mr", "nephew", "grandfather", "squire", "colonel", "captain", "major", "general"])
FEMALE = frozenset(
    ["woman", "lady", "girl", "mother", "daughter", "sister", "wife", "aunt", "queen", "princess", "duchess", "countess", "mrs", "miss", "madam", "madame", "niece", "grandmother", "maid", "mistress", "lass", "widow"])
HEAD_ALIASES = {"doctor": "dr", "professor": "prof", "reverend": "rev", "mister": "mr", "missus": "mrs",
                "colonel": "col", "captain": "capt"}
PREPOSITIONS = frozenset(["to", "at", "on", "in", "into", "from", "with", "by", "for", "of", "upon", "towards", "toward", "over", "under", "about"])
VOC_BEFORE = frozenset(["oh", "o", "ah", "dear", "my", "yes", "no", "well"])
FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")
# "you" as the subject of a narration clause (opening a sentence or clause, not an object: "he eyes
# you", "toward you"): in a reader insert it is the Reader acting; the object "you" is everywhere
SECOND_PERSON = re.compile(
    r"(?:^|[.!?;:—–]\s*|\b(?:and|but|then|so|as|when|while|until|till|before|after|because|if|since|once|"
    r"where|or|yet)\s+)[Yy]ou(?:['’](?:re|ve|d|ll))?\b(?!\s*[.,;:!?—–\"”])")
# what precedes a "you" that is the subject of its clause (a sentence or clause opening, a conjunction)
SUBJECT_OPENERS = frozenset(["and", "but", "then", "so", "as", "when", "while", "until", "till", "before", "after",
                             "because", "if", "since", "once", "where", "or", "yet", "now"])
# conjunctions opening a subordinate clause ("until she had done, ...")
SUBORDINATORS = frozenset(["until", "till", "when", "while", "whilst", "after", "before", "as", "because", "if",
                           "since", "though", "although", "once", "unless", "where", "whenever"])
NOT_VERB = frozenset(["and", "or", "but", "who", "whom", "that", "which", "is", "if", "to", "of", "in", "the",
                      "a", "an", "as", "at", "with", "from", "for", "on", "by", "himself", "herself"])
BEAT_PRON = re.compile(r"(?:^|[.!?;]\s+)(He|She)\b")
QUOTE_MARKS = "“”\"‘’'«»—–- \t\n"
NARRATION_WINDOW = 1000  # characters of a paragraph's narration read around a quote
CROWDED_MENTIONS = 60  # more name mentions than this in a quote's paragraphs: read only the window
