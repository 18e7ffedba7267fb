"""Name lexicons and rules for the cast stage: titles, non-name capitalised words, place words,
hypocorisms (Liz -> Elizabeth), speech and person verbs, and how two name forms may be the same person.

The word lists live in ``fabula/data/*.txt`` (written for fabula); this module loads them once.
Nothing here looks at a particular story: the cast stage (``fabula.cast``) does that.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_DATA = "fabula.data"


def words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written in the source."""
    return text.split()


def word_start(alternatives) -> str:
    r"""``\b(?:a1|a2|...)`` written to open with the alternatives' first letters, e.g. ``\b(?:son|sons|
    father)`` as ``(?:s(?<=\bs)(?:on|ons)|f(?<=\bf)(?:ather))``: the same matches (at a place only the
    alternatives opening with its letter can match, tried in the same order), but the regex engine
    skips straight to those letters instead of trying the pattern at every character. Each alternative
    is a regex that opens with a literal letter ("kiss(?:ed|es)?" is one)."""
    by_first: dict[str, list[str]] = {}
    for a in alternatives:
        assert a[:1].isalpha(), a
        by_first.setdefault(a[0], []).append(a[1:])
    return "(?:" + "|".join(f"{c}(?<=\\b{c})(?:{'|'.join(rest)})" for c, rest in by_first.items()) + ")"


def data_lines(name: str) -> list[str]:
    """The lines of the word list ``fabula/data/NAME``, comments (from "#") and blank lines left out."""
    raw = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return [ln.split("#", 1)[0].strip() for ln in raw.splitlines() if ln.split("#", 1)[0].strip()]


# --------------------------------------------------------------------------- titles


def _load_titles() -> dict[str, tuple[str | None, str]]:
    out: dict[str, tuple[str | None, str]] = {}
    for ln in data_lines("titles.txt"):
        word, gender, role = ln.split()
        out[word] = (None if gender == "-" else gender, role)
    return out


TITLES: dict[str, tuple[str | None, str]] = _load_titles()  # "Mr" -> ("M", "surname")
TITLE_CASEFOLD = {k.casefold(): k for k in TITLES}
# "Mrs" and "Miss" (married / unmarried) conflict even though both are female.
MARRIED = frozenset({"Mrs", "Missus", "Missis", "Madame", "Mme", "Signora", "Señora", "Senora", "Frau"})
UNMARRIED = frozenset({"Miss", "Mademoiselle", "Mlle", "Signorina", "Fraulein", "Master"})
# Plain honorifics (as opposed to ranks and offices such as Captain, Dr, Lady).
HONORIFICS = frozenset({"Mr", "Mrs", "Miss", "Ms", "Mx", "Master", "Madam", "Madame", "Mademoiselle", "Monsieur",
                        "Signor", "Signora", "Signorina", "Herr", "Frau", "Fraulein", "Señor", "Señora"})
SPELLINGS = {"Mister": "Mr", "M": "Monsieur", "Missus": "Mrs", "Missis": "Mrs", "Doctor": "Dr", "Prof": "Professor",
             "Capt": "Captain", "Col": "Colonel", "Gen": "General", "Lieut": "Lieutenant", "Lt": "Lieutenant",
             "Sgt": "Sergeant", "Rev": "Reverend", "Mme": "Madame", "Mlle": "Mademoiselle", "Auntie": "Aunt",
             "Aunty": "Aunt", "Senor": "Señor", "Senora": "Señora"}


def canonical_title(word: str) -> str:
    """'Mr.' / 'mister' / 'Mr' -> 'Mr'; 'Doctor' -> 'Dr'."""
    w = word.rstrip(".")
    w = TITLE_CASEFOLD.get(w.casefold(), w)
    return SPELLINGS.get(w, w)


def title_gender(title: str | None) -> str | None:
    if not title:
        return None
    t = TITLES.get(title) or TITLES.get(canonical_title(title))
    return t[0] if t else None


def title_role(title: str) -> str:
    t = TITLES.get(title) or TITLES.get(canonical_title(title))
    return t[1] if t else "surname"


def titles_conflict(a: str, b: str) -> bool:
    """Two titles that cannot belong to one person (Mr/Mrs, Mrs/Miss)."""
    ga, gb = title_gender(a), title_gender(b)
    if ga and gb and ga != gb:
        return True
    a, b = canonical_title(a), canonical_title(b)
    return (a in MARRIED and b in UNMARRIED) or (a in UNMARRIED and b in MARRIED)


TITLE_PATTERN = "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))

# --------------------------------------------------------------------------- word lists

NONNAMES: frozenset[str] = frozenset(w.casefold() for ln in data_lines("nonnames.txt") for w in ln.split())
PLACE_WORDS: frozenset[str] = frozenset(w.casefold() for ln in data_lines("places.txt") for w in ln.split())
# Short forms that are also given names in their own right: they join a fuller name only with support.
STANDALONE_SHORT_FORMS: frozenset[str] = frozenset(words("""nancy molly polly sally peggy daisy kitty betty dolly
nell nellie maud greta rita lena elsie bella belle harry jack ned ted hal kit meg madge bess jenny kate
lottie mae may minnie mamie flora dora gail sandra tina ellie nora lisa liza eliza hetty etta"""))
# Place words that are also common surnames ("Casimir Vale", "Heron Hill", "Lois Lane", "Park Jimin").
SURNAME_PLACES: frozenset[str] = frozenset(words("""vale hill hills wood woods green hall field fields marsh moor
moors brook ford mill mills bridge church bank banks cliff forest grove heath dale lane park rivers lake
house castle tower towers mount cross row shaw street"""))
# Title words are not names by themselves ("Sir", "Captain"), but they make epithets ("the Captain").
TITLE_WORDS: frozenset[str] = frozenset(t.casefold() for t in TITLES)


def _load_hypocorisms() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Short form (casefolded) -> the full given names it can stand for (casefolded); and the usual
    gender of given names and their short forms."""
    out: dict[str, set[str]] = {}
    gender: dict[str, str] = {}

    def note(name: str, g: str) -> None:
        if g in "MF":
            gender[name] = g if gender.get(name, g) == g else "-"

    for ln in data_lines("hypocorisms.txt"):
        head, forms = ln.split(":", 1)
        full, g = head.split()
        full = full.casefold()
        note(full, g)
        for f in forms.split():
            out.setdefault(f.casefold(), set()).add(full)
            note(f.casefold(), g)
        out.setdefault(full, set()).add(full)
    for ln in data_lines("given_names.txt"):
        g, names = ln.split(":", 1)
        for n in names.split():
            note(n.casefold(), g.strip())
    return {k: frozenset(v) for k, v in out.items()}, {k: v for k, v in gender.items() if v in "MF"}


HYPOCORISMS, GIVEN_NAME_GENDER = _load_hypocorisms()
NICKNAMES_OF: dict[str, frozenset[str]] = {}  # given name -> its short forms (the table read backwards)
for _short, _fulls in HYPOCORISMS.items():
    for _full in _fulls:
        NICKNAMES_OF[_full] = NICKNAMES_OF.get(_full, frozenset()) | {_short}


def _full_given_names() -> frozenset[str]:
    out = {ln.split(":", 1)[0].split()[0].casefold() for ln in data_lines("hypocorisms.txt")}
    for ln in data_lines("given_names.txt"):
        out.update(n.casefold() for n in ln.split(":", 1)[1].split())
    return frozenset(out)


# Given names in their full form (from both lists): "Mary", "Nancy" are names, "Pip" is a short form.
FULL_GIVEN_NAMES: frozenset[str] = _full_given_names()


def given_name_gender(name: str) -> str | None:
    """'M'/'F' for a common given name or its short form, else None (a weak prior only)."""
    return GIVEN_NAME_GENDER.get(name.casefold())

# --------------------------------------------------------------------------- verbs

SPEECH_VERBS = frozenset(words("""
said says say saying asked asks ask replied replies reply answered answers answer cried cries
exclaimed exclaims shouted shouts yelled yells screamed whispered whispers murmured murmurs muttered
mutters mumbled mumbles called calls continued continues added adds began begins repeated repeats
responded responds returned retorted snapped snaps sighed sighs laughed laughs grinned smiled
interrupted interrupts insisted insists demanded demands declared declares observed observes
remarked remarks suggested suggests explained explains agreed agrees protested protests
pleaded begged urged warned offered admitted confessed announced inquired enquired queried growled
snarled hissed breathed gasped groaned moaned sobbed wailed stammered stuttered croaked drawled
chuckled giggled teased joked scoffed sneered huffed grumbled grunted purred cooed called roared
bellowed barked thundered squeaked squealed shrieked piped rejoined resumed concluded ventured
corrected conceded countered assured reminded told tells promised vowed swore cautioned chided
scolded prompted persisted objected mused reasoned reflected wondered hazarded stated noted
pointed answered
"""))
PERSON_VERBS = frozenset(words("""
smiled smiles grinned grins laughed laughs nodded nods shook shakes shrugged shrugs sighed sighs
frowned frowns looked looks glanced glances stared stares gazed turned turns walked walks ran runs
stood stands sat sits rose rises leaned leans knelt kneels felt feels thought thinks knew knows
wanted wants loved loves hated hates liked likes wished wishes hoped hopes feared fears believed
remembered remembers forgot forgets decided decides tried tries seemed seems cried wept weeps
blushed blushes winced flinched paused pauses hesitated waited waits watched watches listened
listens heard hears saw sees noticed notices took takes gave gives handed held holds grabbed
pulled pushed reached touched kissed hugged whispered murmured muttered said says asked asks
replied answered called told tells opened closed closes entered entered left leaves came comes went
goes arrived returned followed married died dies slept sleeps woke wakes ate eats drank drinks
swallowed breathed gasped groaned laughed giggled chuckled snorted scowled glared rolled
raised lifted dropped threw caught picked put set began begins continued stopped started agreed
refused promised explained admitted
"""))
PLACE_PREPOSITIONS = frozenset(words("""
in into inside within near across through throughout around towards toward reached visit visited
visiting leave leaving quit reach via beyond outside
"""))
PRONOUN_SETS = {"he": "he/him", "she": "she/her", "they": "they/them", "xe": "xe/xem", "ze": "ze/zir",
                "it": None}

# --------------------------------------------------------------------------- name matching

_DOUBLE = re.compile(r"(.)\1+")
_DIMINUTIVE = re.compile(r"(?:kins|sie|sy|ie|ey|y)$")


@lru_cache(maxsize=4096)
def stem(name: str) -> str:
    """A rough key for matching a nickname to a given name: casefolded, c->k, ph->f, doubled
    letters single, a diminutive ending (-y, -ie, -ey, -kins...) removed. 'Marky' -> 'mark',
    'Marcus' -> 'markus', 'Tommy' -> 'tom'."""
    s = name.casefold().replace("ph", "f").replace("ck", "k").replace("ch", "\x00").replace("c", "k")
    s = s.replace("\x00", "ch")
    s = _DOUBLE.sub(r"\1", s)
    short = _DIMINUTIVE.sub("", s)
    return short if len(short) >= 3 else s


# Words that are names only with strong evidence (months, modal verbs): "June", "Will", "May".
SOFT_NONNAMES = frozenset(words("may june april august march will"))


def nickname_of(short: str, full: str) -> bool:
    """True when ``short`` can be a short form or diminutive of the given name ``full``:
    from the hypocorism table (Bill/William, Penny/Penelope) or by form (Marc/Marcus, Marky/Marcus,
    Penelope/Pen)."""
    a, b = short.casefold(), full.casefold()
    if a == b:
        return True
    if b in HYPOCORISMS.get(a, ()):
        return True
    if len(a) >= len(b) or len(a) < 3:
        return False
    if b.startswith(a):
        return True
    if b not in GIVEN_NAME_GENDER and b not in HYPOCORISMS:
        return False  # by form only towards a known given name: "Harv" is not "Harvard"
    sa, sb = stem(a), stem(b)
    return len(sa) >= 4 and sb.startswith(sa) and len(sa) < len(sb)


def hypocorism_targets(short: str) -> frozenset[str]:
    return HYPOCORISMS.get(short.casefold(), frozenset())
