"""Writing systems: word counts as AO3 counts them, and the language told by the script when the
metadata does not say.

- ``count_words``: every Han, Hiragana, Katakana or Thai character is a word (those scripts do not put
  spaces between words; AO3's counter does the same), every other run of word characters is a word
  (apostrophes inside it do not split it: "don't" is one). Hangul is written with spaces, so Korean
  is counted by its space-separated words, as AO3 does.
- ``script_language``: "zh", "ja" or "ko" when Han/kana/Hangul make up most of the letters, else None.
- ``settle``: a ``Work`` whose metadata gives no language (or only the "en" default) gets the one its
  script shows.
- ``gate``: the stages after text read English; for a CJK work they get no paragraphs to read (so they
  produce nothing rather than nonsense) and ``warnings`` says so once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from fabula.model import Text, Warning, Work

_HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u32d0-\u32fe\u3300-\u3357\uff66-\uff9d"
_THAI = "\u0e01-\u0e3a\u0e40-\u0e4e"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_CHAR_WORD = re.compile(f"[{_HAN}{_KANA}{_THAI}]")
_ANY = re.compile(f"[{_HAN}{_KANA}{_HANGUL}]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SAMPLE = 200_000
CJK = frozenset({"zh", "ja", "ko"})
NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean"}


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Words in text[start:end], counted as AO3 counts them."""
    end = len(text) if end is None else end
    if _CHAR_WORD.search(text, start, end) is None:
        return len(_WORD.findall(text, start, end))
    seg = text[start:end]
    return len(_CHAR_WORD.findall(seg)) + len(_WORD.findall(_CHAR_WORD.sub(" ", seg)))


def extra_words(text: str, spans: list[tuple[int, int]]) -> int:
    """How many more words ``count_words`` finds in the spans than plain word runs do (0, at the cost
    of one search, for a text with no Han, kana or Thai character)."""
    if _CHAR_WORD.search(text) is None:
        return 0
    return sum(count_words(text, a, b) - len(_WORD.findall(text, a, b)) for a, b in spans
               if _CHAR_WORD.search(text, a, b) is not None)


def script_language(text: str) -> str | None:
    """"zh", "ja" or "ko" when the text (a sample of it) is written mostly in that script, else None."""
    sample = text if len(text) <= _SAMPLE else text[:_SAMPLE // 2] + text[-_SAMPLE // 2:]
    if _ANY.search(sample) is None:
        return None
    han = len(re.findall(f"[{_HAN}]", sample))
    kana = len(re.findall(f"[{_KANA}]", sample))
    hangul = len(re.findall(f"[{_HANGUL}]", sample))
    cjk = han + kana + hangul
    if cjk < 20:
        return None
    latin = len(re.findall(r"[^\W\d_]", sample)) - cjk - len(re.findall(f"[{_THAI}]", sample))
    if cjk < latin:
        return None
    if hangul >= han + kana:
        return "ko"
    return "ja" if kana >= 0.1 * (han + kana) else "zh"


def settle(work: Work) -> Work:
    """``work`` with the language of its script when its metadata gives none (or only "en")."""
    if work.language not in (None, "en"):
        return work
    lang = script_language(work.text)
    return replace(work, language=lang) if lang else work


def readable(work: Work) -> bool:
    """False when the story is in a script the stages after text cannot read (Chinese, Japanese, Korean)."""
    return work.language not in CJK and script_language(work.text) is None


def gate(work: Work, text: Text) -> Text:
    """``text`` as the later stages should see it: unchanged, or, for a work they cannot read, with no
    paragraphs or sentences (its word count kept)."""
    return text if readable(work) else replace(text, paragraphs=(), sentences=())


def warnings(work: Work, text: Text) -> list[Warning]:
    """One warning when the stages could not read the work's language, else none."""
    if text.paragraphs or readable(work):
        return []
    lang = work.language if work.language in CJK else script_language(work.text)
    name = NAMES.get(lang or "", lang or "this language")
    return [Warning("language", 0, 0, f"the story is in {name}: quotations, characters, speakers, scenes and "
                                      "feelings are only read in English, so none are given")]
