"""Plain-text front matter as fans paste it: a Tumblr/AO3-style header block becomes work metadata with
spans; the paragraph under a bare title is a summary only when it reads as one, else it is the story's
first paragraph. All snippets invented."""

from __future__ import annotations

from fabula import ingest

PAST_STORY = ("The ferry left at six, as it always had. Orla stood at the rail and counted the gulls, "
              "and when she lost count she started again. Nobody spoke to her. The engine coughed and "
              "the deck shuddered under her boots.\n\n\"Ticket,\" said the mate, and held out his hand.\n\n"
              "She gave it to him and he punched it and walked away whistling.\n")
PRESENT_STORY = ("The kettle screams. Mara ignores it and keeps reading, one finger on the line, until the "
                 "smoke alarm joins in.\n\n\"Fine,\" she tells the kitchen. \"Fine.\"\n\n"
                 "She gets up. The tea is terrible. She drinks it anyway and the morning goes on.\n")


def _at(work, span):
    return work.text[span.start:span.end]


def test_a_tumblr_header_block_under_the_title_is_metadata_with_spans():
    story = ("Low Tide\nPairing: Orla x Reader\nRating: T\nWarnings: drowning (not really), swearing\n"
             "Word count: 2.1k\nFandom: Original Work\nCharacters: Orla, the mate\n"
             "Relationship(s): Orla/Reader\nTags: ferries, fluff\n"
             "Summary: You miss the last ferry. Orla does not.\n"
             "A/N: written for a prompt, sorry it is late!\n\n" + PAST_STORY)
    work = ingest.read(story)
    assert work.title == "Low Tide"
    assert work.relationships == ("Orla x Reader",)
    assert work.rating == "T" and _at(work, work.meta_spans["rating"]) == "T"
    assert work.warnings == ("drowning (not really)", "swearing")
    assert _at(work, work.meta_spans["warnings"]) == "drowning (not really), swearing"
    assert work.stats["words"] == "2.1k" and work.fandoms == ("Original Work",)
    assert work.characters == ("Orla", "the mate") and work.tags == ("ferries", "fluff")
    assert work.summary == "You miss the last ferry. Orla does not."
    assert _at(work, work.summary_span) == work.summary
    [note] = work.notes
    assert note.kind == "author_note" and _at(work, note.span).startswith("A/N: written for a prompt")
    assert work.story_start == story.index("The ferry left at six")
    assert work.text == story  # the file itself, spans into it


def test_a_title_followed_straight_by_a_past_tense_story_keeps_its_first_paragraph():
    story = "The Crossing\n\n" + PAST_STORY
    work = ingest.read(story)
    assert work.title == "The Crossing" and work.summary is None
    assert work.story_start == story.index("The ferry left at six")


def test_a_title_followed_straight_by_a_present_tense_story_keeps_its_first_paragraph():
    story = "Burnt Tea\n\n" + PRESENT_STORY
    work = ingest.read(story)
    assert work.title == "Burnt Tea" and work.summary is None
    assert work.story_start == story.index("The kettle screams")


def test_a_present_tense_blurb_over_a_past_tense_story_is_the_summary():
    blurb = "Orla hates boats. The ferry is the only way home, and the mate has opinions about her luggage."
    story = "The Crossing\n\n" + blurb + "\n\n" + PAST_STORY
    work = ingest.read(story)
    assert work.summary == blurb
    assert work.story_start == story.index("The ferry left at six")


def test_a_blurb_with_fic_words_over_a_present_tense_story_is_the_summary():
    blurb = "A kitchen AU one-shot where nothing goes right and the tea suffers for it."
    story = "Burnt Tea\n\n" + blurb + "\n\n" + PRESENT_STORY
    work = ingest.read(story)
    assert work.summary == blurb
    assert work.story_start == story.index("The kettle screams")


def test_a_paragraph_set_apart_by_a_break_line_is_the_summary():
    blurb = "Mara and the smoke alarm disagree about breakfast."
    story = "Burnt Tea\n\n" + blurb + "\n\n~~~\n\n" + PRESENT_STORY
    work = ingest.read(story)
    assert work.summary == blurb
    assert work.story_start == story.index("The kettle screams")


def test_a_first_person_story_under_a_third_person_blurb():
    blurb = "Tamsin needs a roommate. Her new one brings a goat."
    body = ("I found the goat first, which I think was the goat's plan. It stood in my kitchen and looked at "
            "me and I looked at it, and neither of us was sorry. My flatmate came in behind it.\n\n"
            "\"This is Gerald,\" she said, as if that explained anything.\n\nI did not ask. I made tea.\n")
    work = ingest.read("Goat Season\n\n" + blurb + "\n\n" + body)
    assert work.summary == blurb
    work = ingest.read("Goat Season\n\n" + body)
    assert work.summary is None and work.story_start == len("Goat Season\n\n")


def test_an_unlabelled_pairing_line_and_hashtag_tags_are_metadata():
    story = "Low Tide\nOrla x Reader\nTags: #fluff #ferries #slow burn\nRating: G\n\n" + PAST_STORY
    work = ingest.read(story)
    assert work.title == "Low Tide"
    assert work.relationships == ("Orla x Reader",)
    assert _at(work, work.meta_spans["relationships"]) == "Orla x Reader"
    assert work.tags == ("fluff", "ferries", "slow burn")
    assert work.story_start == story.index("The ferry left at six")


def test_a_header_block_with_no_title_and_markdown_bold_labels():
    story = "**Pairing:** Orla x Reader\n**Warnings:** none\n**Words:** 1,200\n\n" + PAST_STORY
    work = ingest.read(story)
    assert work.title is None
    assert work.relationships == ("Orla x Reader",) and work.warnings == ("none",)
    assert work.stats["words"] == 1200
    assert work.story_start == story.index("The ferry left at six")
