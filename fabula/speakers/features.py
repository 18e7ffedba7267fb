"""The ranker's features: one row per (quote, candidate speaker), named in ``FEATURES``.

Each base feature is repeated for he/she-tagged quotes ("pron:...") and for untagged quotes
("none:..."), so that the ranker can weigh turn-taking, beats and recency differently per kind of quote.
``DEFAULT_WEIGHTS`` are hand-set weights used only when no trained model is shipped.
"""

from __future__ import annotations

import numpy as np

FEATURES = (
    "tag_name",  # the speech tag names this character
    "tag_pron_match",  # the tag is he/she and the character's gender matches
    "tag_pron_recent",  # ... and it is the most recently active character of that gender
    "tag_pron_recent_np",  # ... most recent of that gender other than the previous turn's speaker
    "tag_pron_mismatch",  # the tag pronoun's gender differs from the character's
    "tag_I_narrator",  # "I said" and the character is the first-person narrator
    "tag_desc_gender",  # a description tag ("the old man") whose noun's gender matches
    "tag_pron_rank",  # he/she tag: 1 / (1 + rank) of this character among the same-gender candidates by
    #                   how recently the narration named them (the nearest named: 1; not named lately: 0)
    "tag_pron_dist",  # ... log distance (characters / 1000) from its latest narration mention to the quote
    "tag_pron_nsame",  # ... how many same-gender candidates the narration named in the last 3 paragraphs
    "tag_pron_gap",  # ... the nearest one's lead over this one (log characters / 1000; 0 for the nearest)
    "tag_none",  # there is no tag (interaction with the features below)
    "beat_before",  # named in this paragraph's narration before the quote
    "beat_after",  # named in this paragraph's narration after the quote's start
    "beat_first",  # the first character named in this paragraph's narration
    "beat_subject",  # named at the start of a sentence of this paragraph's narration
    "voc_this",  # named as a vocative inside this quote (the addressee)
    "named_in_quote",  # named inside this quote, not as a vocative
    "voc_prev",  # named as a vocative in the previous quote of an unbroken run
    "prev1_adj",  # spoke the previous quote, in the paragraph just before
    "prev2_adj",  # spoke two quotes ago, in an unbroken run (turn-taking A B A)
    "prev1_near",  # spoke the previous quote, one or two narration paragraphs before
    "prev_para_mention",  # named in the previous paragraph's narration
    "prev_para_noquote",  # ... and the previous paragraph has no quote (a conversation opening)
    "recent_speaker",  # among the speakers of the last 6 quotes
    "recency",  # 1 / (1 + paragraphs since last named or speaking)
    "prominence",  # log mentions / log max mentions
    "narrator",  # the first-person narrator
    "narrator_fp_para",  # narrator, and this paragraph's narration says "I"
    "addressed_prev",  # the addressee of the previous quote
    "run_speaker",  # already spoke in this run of dialogue
    "run_intro",  # named in the narration that opens this run, or inside it
    "pure_prev1",  # spoke the previous turn, and this paragraph is nothing but the quote
    "pure_prev2",  # spoke two turns ago (A B A), and this paragraph is nothing but the quote
    "pure_run_other",  # a run speaker other than the previous one, and this paragraph is only the quote
    "next1_tag",  # the next quote (next paragraph) is tagged with this character's name
    "next2_tag",  # the quote after next, in an unbroken run, is tagged with this character (A B A)
    "next_voc",  # the next quote (next paragraph) names this character as its addressee
    "next1_gender",  # the next quote's pronoun tag has this character's gender
    "next2_gender",  # the pronoun tag two quotes ahead (unbroken run) has this character's gender
    "pron_run_unique",  # the tag's gender matches, and no other participant of the run has that gender
    "salience",  # narration mentions in the last 3 paragraphs (log-scaled)
    "pron_salient",  # the tag's gender matches, and the most mentioned such character lately
    "pron_subject",  # the tag's gender matches, and the latest such character named as a sentence subject
    "subject_recent",  # named as a sentence's subject in the narration of the last 3 paragraphs
    "desc_name_word",  # a description tag whose head noun is in the character's names ("the Major")
    "ahead_even",  # the nearest name-tagged quote ahead in this unbroken run, an even number of turns on
    "ahead_odd",  # ... an odd number of turns on (so probably the other participant)
    "behind_even",  # the nearest name-tagged quote behind in this unbroken run, an even number of turns back
    "behind_odd",  # ... an odd number of turns back
    "ahead_g_even",  # the nearest he/she-tagged quote ahead in the run, an even number of turns on, has this gender
    "ahead_g_odd",  # ... an odd number of turns on
    "run_ahead",  # named by the tag of some quote further on in this unbroken run (a participant)
    "run_ahead_only2",  # ... and the run's named participants ahead and behind are just two, this one included
    "prev2_near",  # spoke two quotes ago, the quotes no more than one narration paragraph apart
    "absent",  # neither named in the narration nor speaking in the last 10 paragraphs
    "beat_pron_match",  # no tag, the paragraph's narration has a sentence opening with he/she of this gender
    "beat_pron_mismatch",  # ... of the other gender
    "beat_pron_np",  # ... this gender, and not the previous turn's speaker in an unbroken run
    "pron_run_other",  # he/she tag of this gender, a participant of this run, not the previous turn's speaker
    "pron_prev_same",  # he/she tag of this gender, and this character spoke the previous turn (gap 1)
    "pron_last_name",  # he/she tag (or pronoun beat) of this gender, and the last such name in the narration before
    "pron_first_name",  # ... the first such name in the nearest narration before the quote (its subject, roughly)
    "desc_last_name",  # a description tag of this gender ("the old man"), and the last such name before
    "desc_prominence",  # a description tag: the character's prominence (descriptions name lesser people)
    "desc_prev_spk",  # a description tag, and this character spoke the previous turn (gap 1)
    "desc_near_name",  # a description tag: how often (log) its noun stood within a few words of this
    #                    character's name in the text of the last ~10,000 characters ("the matron")
    "desc_near_top",  # ... and this character is the one its noun stood beside most often
    # the second reading of a conversation: what the first reading decided (its confidence)
    "first_self",  # the first reading gave this quote to this character
    "first_next1",  # ... gave the next quote (next paragraph) to this character
    "first_next2",  # ... gave the quote after next (unbroken run) to this character
    "first_prev1",  # ... gave the previous quote (paragraph before) to this character
)
# The same features again for he/she-tagged and for untagged quotes, so that the ranker can weigh
# turn-taking, beats and recency differently for each kind of quote.
_CONJ = tuple(f for f in FEATURES if not f.startswith(("tag_", "desc_")))
FEATURES = FEATURES + tuple("pron:" + f for f in _CONJ) + tuple("none:" + f for f in _CONJ)
F = {name: i for i, name in enumerate(FEATURES)}
CONJ_COLS = np.array([F[f] for f in _CONJ], dtype=np.int64)
PRON_COLS = np.array([F["pron:" + f] for f in _CONJ], dtype=np.int64)
NONE_COLS = np.array([F["none:" + f] for f in _CONJ], dtype=np.int64)

# Hand-set weights, used when no trained model is shipped; a trained model replaces them.
DEFAULT_WEIGHTS = {
    "tag_name": 8.0, "tag_pron_match": 1.5, "tag_pron_recent": 1.5, "tag_pron_recent_np": 2.0,
    "tag_pron_mismatch": -4.0, "tag_I_narrator": 8.0, "tag_desc_gender": 0.5, "beat_before": 1.6,
    "beat_after": 0.8, "beat_first": 0.8, "beat_subject": 0.8, "voc_this": -3.0, "named_in_quote": -1.5,
    "voc_prev": 2.0, "prev1_adj": -1.5, "prev2_adj": 2.0, "prev1_near": 0.3, "prev_para_mention": 0.8,
    "prev_para_noquote": 0.5, "recent_speaker": 1.0, "recency": 1.0, "prominence": 0.8,
    "narrator": 0.0, "narrator_fp_para": 0.5, "addressed_prev": 1.0,
    "run_speaker": 0.5, "run_intro": 0.5, "pure_prev1": -1.0, "pure_prev2": 1.0, "pure_run_other": 0.3,
    "next1_tag": -1.5, "next2_tag": 1.5, "next_voc": 1.5, "next1_gender": -0.3, "next2_gender": 0.3,
    "pron_run_unique": 1.5, "salience": 0.3, "pron_salient": 0.5,
    "pron_subject": 0.5, "subject_recent": 0.3, "desc_name_word": 3.0,
    "ahead_even": 1.0, "ahead_odd": -0.5, "behind_even": 1.0, "behind_odd": -0.5,
    "ahead_g_even": 0.3, "ahead_g_odd": -0.3, "run_ahead": 0.5, "run_ahead_only2": 0.5,
    "prev2_near": 0.3, "absent": -1.0, "beat_pron_match": 0.5, "beat_pron_mismatch": -0.5,
    "beat_pron_np": 0.5, "pron_run_other": 0.5, "pron_prev_same": -0.5,
    "pron_last_name": 0.5, "pron_first_name": 0.5, "desc_last_name": 0.3, "desc_prominence": -0.3,
    "desc_prev_spk": -0.5,
}
