"""Chinese, Japanese and Korean works: words counted as AO3 counts them, the language told by the
script when the metadata is silent, and one warning instead of English-only stages run on them."""

from __future__ import annotations

from fabula import ingest, pipeline
from fabula.language import count_words, script_language

ZH = ("雨夜\n\n“你来了。”她说。\n\n他站在门口，没有说话。雨从他的伞上滴下来，落在地板上。\n\n"
      "“进来吧，”她又说，“外面冷。”\n\n* * *\n\n第二天早上，雨停了。\n")
JA = "雨の夜\n\n「来たのね」と彼女は言った。\n\n彼は黙って戸口に立っていた。傘から雨が落ちた。\n"
KO = "비 오는 밤\n\n\"왔구나.\" 그녀가 말했다.\n\n그는 문간에 서서 아무 말도 하지 않았다.\n"


def test_each_han_or_kana_character_is_a_word_and_other_runs_are_words():
    assert count_words("他站在门口") == 5
    assert count_words("こんにちは世界") == 7
    assert count_words("Hello 世界, don't stop") == 1 + 2 + 1 + 1
    assert count_words("안녕하세요 세계") == 2  # Hangul is written with spaces: AO3 counts its words
    assert count_words("She didn't knock twice.") == 4


def test_a_long_chinese_work_counts_every_character():
    para = "他站在门口没有说话雨从他的伞上滴下来。"  # 18 characters and a full stop
    work = pipeline.analyze("雨夜\n\n" + "\n\n".join([para] * 1000))
    assert work.work.title == "雨夜"
    assert work.text.words == 18_000


def test_the_script_tells_the_language_when_the_metadata_is_silent():
    assert script_language(ZH) == "zh" and script_language(JA) == "ja" and script_language(KO) == "ko"
    assert ingest.read(ZH).language == "zh"
    assert ingest.read(JA).language == "ja"
    assert ingest.read("Language: 日本語\n\n" + ZH.split("\n\n", 1)[1]).language == "ja"  # metadata wins
    assert ingest.read("The 龍 stayed in the cave. Nobody saw it leave.").language == "en"


def test_stages_that_read_only_english_say_so_once_instead_of_guessing():
    a = pipeline.analyze(ZH)
    assert a.work.language == "zh"
    assert a.text.words == 45
    assert len(a.quotes) == 0 and len(a.cast.characters) == 0
    [warning] = [w for w in a.craft.warnings if w.kind == "language"]
    assert "Chinese" in warning.message
    assert len(a.craft.warnings) == 1


def test_an_english_story_with_a_few_han_characters_is_read_as_english():
    story = ("The sign over the door said 龍門, and Maren read it aloud.\n\n"
             "\"Dragon Gate,\" she said. \"We're here.\"\n\nTobin shrugged and followed her in.\n")
    a = pipeline.analyze(story)
    assert a.work.language == "en" and len(a.quotes) == 1
    assert not [w for w in a.craft.warnings if w.kind == "language"]
