"""The text layer: paragraphs, sentences and tokens as offsets into the story text."""

from fabula.model import Chapter, SceneBreak, Span, Work
from fabula.text import segment


def layer(story: str, breaks=()):
    work = Work(text=story, source_format="text", story=(Span(0, len(story)),),
                chapters=(Chapter(1, None, 0, len(story)),), breaks=tuple(breaks))
    return segment(work)


def paragraphs(story: str) -> list[str]:
    return [story[p.start : p.end] for p in layer(story).paragraphs]


def sentences(story: str) -> list[str]:
    return [story[s.start : s.end] for s in layer(story).sentences]


def test_blank_lines_separate_paragraphs_and_hard_wrapped_lines_stay_together():
    story = ("The lantern swung in the wind and the keeper\nwatched it for a long time.\n\n"
             "Nobody came up the hill that night, and nobody\nwent down it either.\n")
    assert paragraphs(story) == [
        "The lantern swung in the wind and the keeper\nwatched it for a long time.",
        "Nobody came up the hill that night, and nobody\nwent down it either.",
    ]


def test_one_paragraph_per_line_without_blank_lines():
    lines = [
        "Ren climbed the stairs two at a time, lantern held high, and did not look back at the door.",
        "“Wait,” said Pip.",
        "She did not wait. The stairs went on and on, and the light went with her, thin and yellow.",
        "Below, the kid counted to a hundred and then started again because he had lost his place.",
        "“Ren!”",
    ]
    assert paragraphs("\n".join(lines)) == lines


def test_sentences_do_not_split_after_titles_initials_or_inside_a_tagged_question():
    story = '"Are you crying?" she asked. Mr. Hale nodded to J. R. Smith. Then he left! Why?'
    assert sentences(story) == ['"Are you crying?" she asked.', "Mr. Hale nodded to J. R. Smith.",
                                "Then he left!", "Why?"]


def test_a_scene_break_line_is_not_a_paragraph():
    story = "First scene.\n\n* * *\n\nSecond scene."
    start = story.index("*")
    t = layer(story, [SceneBreak(start, start + 5, "* * *")])
    assert [story[p.start : p.end] for p in t.paragraphs] == ["First scene.", "Second scene."]


def test_words_and_tokens():
    story = "Don’t go, Ren—please."
    t = layer(story)
    assert t.words == 4  # Don’t, go, Ren, please
    toks = [story[a:b] for a, b in zip(t.tokens.starts, t.tokens.ends)]
    assert toks == ["Don’t", "go", ",", "Ren", "—", "please", "."]


def test_only_story_regions_are_segmented():
    story = "My Title\n\nSummary: a summary.\n\nThe story begins here."
    begin = story.index("The story")
    work = Work(text=story, source_format="text", story=(Span(begin, len(story)),),
                chapters=(Chapter(1, None, begin, len(story)),))
    t = segment(work)
    assert [story[p.start : p.end] for p in t.paragraphs] == ["The story begins here."]
    assert t.words == 4
