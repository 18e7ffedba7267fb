"""Stage 4, cast: who is in the story.

Reads: Work (metadata character tags), Text (paragraphs, sentences), Quotes (to tell narration from
speech). Adds: ``Cast`` (characters with aliases and pronouns, every mention, the first-person narrator).

No cast list and no trained NER: names are found from capitalisation statistics and person evidence,
in a few regular-expression passes over the story paragraphs.

1. **Candidates.** Every run of capitalised words, with an optional title (``Mr.``, ``Lady``,
   ``Captain``...) and honorific suffixes folded in ("Haruki-kun" is Haruki). A word counts as a name
   when it is capitalised in the middle of sentences at least as often as it is written in lower case,
   or when the text treats it as a person (below); after a title or a given name any capitalised word
   is a surname ("Mrs. Bell", "Hollis Stone"). Function words, interjections, numbers, days, deities,
   nationalities and bare titles never are names (``fabula/data/*.txt``). "Y/N" is the reader.
2. **Person evidence** per occurrence: a title, a speech verb next to it ("said Wren", "Wren asked"),
   a person verb after it ("Wren smiled"), use as a vocative inside a quotation (", Wren." counts more
   than a quotation's first word, which is often an imperative), "'s", a common given name used twice.
   Place evidence: after "in/into/near/through...", mostly after "at/to/from/of" ("at Ashcombe"),
   a place word at its end ("Hyde Park"). "the/a/any X" is not a name mention ("the Bennets").
3. **Alias clustering** (after Vala et al. 2015): full names first, then titled forms, then bare
   names and nicknames, each joining the most frequent compatible character, found through indexes
   by given name, surname, title and initial letters. Anti-edges keep people apart: conflicting
   titles (Mr/Mrs, Mrs/Miss), two different titles on one surname ("Dr. Pryce", "Mrs. Pryce"),
   conflicting pronouns or usual given-name gender, different given names with one surname. A titled
   surname ("Mr. Thornbury") joins a full name only when one family member carries that surname, or one
   member carries the same rank ("Captain Amos Harrow"). A bare surname shared by a family
   prefers its men (narrators call men by surname), then the member called by it with a title often
   enough ("Calloway" is Mr. Calloway), else the one with a full name ("Fenwick" is Jasper Fenwick); a bare
   name that still fits several characters ("John") is resolved mention by mention to the most
   recently mentioned candidate (of the right gender when a pronoun follows). Nicknames join through
   a hypocorism table (Bill/William) and by form (Marc, Marky -> Marcus), but not to someone called
   by given name mostly with a title ("Tilly" is not "Lady Matilda"), and short forms that are
   names in their own right ("Nancy", "Molly") only when mostly spoken; a name only ever used in
   address joins the one character whose invented name starts like it ("Pip" for Piran). The text's
   own links merge too: "X, known as Y", "X (Y)", a name and an epithet in apposition twice ("Grell,
   the smith"), and a speaker naming themself ("Casimir will do," said the Pale Lord). Metadata
   character tags (AO3 "Min Yoongi | Suga (BTS)") seed characters; generic tags ("Original
   Characters", "Reader") do not.
4. **Pruning:** a name seen once with no person evidence, or used like a place, is not a character.
5. **Pronouns** per character: the first subject or possessive pronoun after each narration mention
   that is a subject (sentence-initial, or followed by a verb), skipping quotations and stopping at
   the next name; honorifics decide unless the text clearly disagrees ("he/him", "she/her",
   "they/them", "xe/xem", "ze/zir", or None when the text gives nothing).
6. **Narrator:** a story whose narration (outside quotations) says "I" in 1% of its words gets a
   narrator character, named when the text names it: a name used in address but hardly ever in the
   narration, addressed "to me", or "my name is X" / "call me X". Its pronouns stay None: the
   narration calls the narrator "I", so a "he said" there is never the narrator.

7. **Descriptions** (``descriptions.py``): "the angel", "the elf" (the + a lower-case noun that
   does what only people do, twice) in a story carried by two leads: a sentence that names one
   lead next to the description says it is the other; agreeing votes make it that lead's alias.

Mention kinds produced: ``"name"`` (a proper name, with or without title, in narration or in a
quotation), ``"vocative"`` (a name used in address inside a quotation), ``"epithet"`` ("the Doctor",
"the Hunter", "the Pale Lord": ``the`` + capitalised words used as a name, more often with "the"
than without; "the captain", "the doctor" when the story has exactly one character with that
title; a linked description, step 7), ``"narrator"`` (I/me/my/mine/myself outside quotations in a
first-person story). No pronoun mentions and no unlinked lower-case descriptions ("the old man"):
those are coreference, left to the speakers stage.

``resolve(cast, surface)`` maps a surface form ("Miss Thornbury", "Penny", "the Doctor", "I") to a
character index for the speakers stage.
"""

from __future__ import annotations

import gc
from dataclasses import replace

from fabula import script
from fabula.cast.characters import assign, make_cast, narrator_cluster, prune, reader_cluster, totals
from fabula.cast.clustering import cluster
from fabula.cast.descriptions import description_occurrences, link_descriptions, name_like, own_descriptions
from fabula.cast.forms import build_forms, drop_places
from fabula.cast.kin import find_kin, link_kin
from fabula.cast.links import _link_appositions, _link_self_naming
from fabula.cast.mentions import find_mentions, reading
from fabula.cast.narrator import _narrator
from fabula.cast.pairs import Judge, form_contexts, kin_links
from fabula.cast.patronymics import extend_patronymics, patronymic_epithets
from fabula.cast.patterns import _READER
from fabula.cast.possessive_kin import find_possessive_kin, link_possessive_kin
from fabula.cast.pronouns import _pronoun_votes
from fabula.cast.reader import reader_partners, reader_spans
from fabula.cast.resolve import resolve
from fabula.cast.seeds import _seed_names
from fabula.model import Cast, Quotes, Text, Work

__all__ = ["build", "resolve"]


def build(work: Work, text: Text, quotes: Quotes) -> Cast:
    """The cast of the story: characters with aliases and pronouns, every mention, the narrator."""
    # many small objects and no reference cycles: the cyclic collector would only rescan them
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(work, text, quotes)
    finally:
        if enabled:
            gc.enable()


def _build(work: Work, text: Text, quotes: Quotes) -> Cast:
    if not text.paragraphs:
        return Cast(characters=(), mentions=())
    seeds = _seed_names(work) + script.seed_names(quotes)  # script-format speaker labels are names
    rd = reading(work, text, quotes, seeds)
    occs = find_mentions(work, text, rd)                      # names and epithets with their evidence
    owners = extend_patronymics(rd.s, occs, rd.quote_piece, rd.piece_starts, rd.piece_ends)
    _pronoun_votes(rd.s, occs, rd.piece_starts, rd.piece_ends, rd.sent_starts, rd.sent_ends)
    forms = build_forms(occs)                                 # one entry per name form
    occs = drop_places(rd.s, forms, occs)
    judge = Judge(forms, form_contexts(occs, rd.s, rd.sent_starts, text.paragraphs), kin_links(occs, rd.s))
    _, form_cluster, ambiguous = cluster(forms, seeds, judge)  # forms -> characters
    _link_appositions(rd.s, occs, forms, form_cluster)        # "Marcus (Marc)", "Grell, the smith"
    _link_self_naming(rd.s, quotes, text.paragraphs, occs, form_cluster)
    by_word = description_occurrences(rd.s, text.paragraphs, rd.quote_piece, rd.piece_starts, rd.piece_ends)
    linked = link_descriptions(rd.s, name_like(by_word), occs, form_cluster, text.paragraphs, rd.sent_starts)
    linked += own_descriptions(rd.s, by_word, occs, form_cluster, rd.piece_starts, rd.piece_ends,  # "said the clerk"
                               text.paragraphs, rd.sent_starts)
    kin = link_kin(find_kin(rd.s, text.paragraphs, rd.quote_piece, rd.piece_starts, rd.piece_ends),
                   occs, form_cluster)                        # "Mum": Mrs. Quorn
    kin += link_possessive_kin(find_possessive_kin(rd.s, text.paragraphs, rd.quote_piece), occs,
                               form_cluster)                  # "her father": Mr. Quorn
    kin += patronymic_epithets(rd.s, text.paragraphs, owners, form_cluster, rd.quote_piece, rd.piece_starts,
                               rd.piece_ends)                 # "the son of Bram": Tarin son of Bram
    occs = sorted(occs + linked + kin, key=lambda o: o.start)    # "the angel": the lead it stands for
    if linked or kin:  # "said the clerk. He...": the descriptions' pronouns too (a name's vote stays)
        _pronoun_votes(rd.s, occs, rd.piece_starts, rd.piece_ends, rd.sent_starts, rd.sent_ends)
    narrator_mentions, narrator_name = _narrator(rd.s, text.paragraphs, rd.pieces, occs)
    stats = totals(assign(occs, form_cluster, ambiguous))
    narrator = narrator_cluster(stats, narrator_mentions, narrator_name)
    placeholders = sum(1 for o in occs if len(o.tokens) == 1 and _READER.fullmatch(o.tokens[0]))
    you = reader_spans(rd.s, text.paragraphs, rd.pieces, placeholders)  # a second-person reader insert
    reader = reader_cluster(stats, you)
    cs = make_cast(prune(stats, narrator, rd.s), narrator, narrator_mentions, reader, you)
    partners = reader_partners(work.relationships, cs)  # "Pairing: X x Reader": the Reader's other
    return replace(cs, partners=partners) if partners else cs
