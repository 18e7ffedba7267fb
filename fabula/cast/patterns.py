"""Regular expressions and closed word classes the cast stage reads the text with."""

from __future__ import annotations

import re

from fabula.names import TITLE_PATTERN, word_start, words

_L = "a-zà-öø-ÿ"
_U = "A-ZÀ-ÖØ-Þ"
_TOK = rf"(?:[A-Z]['’])?[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:-[A-Za-z][{_L}]+)*"
_WS = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
# an initial inside or before a name ("Rosa J. Whitlow", "F. Marsh"): part of the mention, no token
_INITIAL = r"(?<![\w.])[A-Z]\."
# name particles, one or two ("de Vere", "van der Berg", "de la Cruz")
_PART1 = r"(?:de|De|du|Du|van|Van|von|Von|der|den|da|di|del|della|le|la|La|ten|ter|bin|ibn|los|las)"
_PART = rf"(?:{_PART1}(?:{_WS}(?:der|den|la|le|los|las))?)"
# only a short title is an abbreviation with a full stop ("Mr.", "Capt."): after "Queen." a sentence ends
_ABBR_DOT = r"(?:(?:(?<=[A-Z])|(?<=[A-Z][a-z])|(?<=[A-Z][a-z]{2})|(?<=[A-Z][a-z]{3}))\.)"
_SEQ = re.compile(
    rf"(?=[{_U}])(?<![^\W_])(?<!['’-])(?:(?P<title>{TITLE_PATTERN}){_ABBR_DOT}?{_WS})?"
    rf"(?P<name>(?:{_INITIAL}{_WS})?(?:(?<=[ \t\n])(?:de|du|van|von|da|di|le|la)(?:{_WS}(?:der|den|la|le))?{_WS})?"
    rf"{_TOK}(?:{_WS}(?:{_INITIAL}{_WS})?(?:{_PART}{_WS})?{_TOK})*)(?![^\W_])"
)
_TOKEN = re.compile(rf"(?:{_PART}{_WS})?{_TOK}")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_AFTER = re.compile(r"[ \t\n]*(?:,[ \t\n]*)?(?:[a-z]+ly[ \t\n]+)?([a-z]+)\b(?!['’])")
_PRONOUN = re.compile(  # \b(he|she|...)\b, then the next word
    "(" + word_start(words("""he she they xe ze his himself herself hers their themself xyr xemself zir hir her
    He She They Xe Ze His Her Their Xyr Zir Hir""")) + r")\b(?:[ \t\n]+([a-z]+))?"
)
_PRONOUN_KIND = {"he": "he", "his": "he", "himself": "he", "she": "she", "herself": "she", "hers": "she",
                 "her": "she", "they": "they", "their": "they", "themself": "they", "xe": "xe", "xyr": "xe",
                 "xemself": "xe", "ze": "ze", "zir": "ze", "hir": "ze"}
# "her" followed by one of these is an object pronoun ("looked at her and"), not a possessive.
_NOT_NOUN = frozenset(words("""and or but to a an the at in on of for with from by as that than then so if
when while up down out back off away again too very was is had has be been would could should will
did do does not never now here there this it he she they him them her his"""))
_AFTER_NAME_AND = re.compile(rf"{_TOK}[ \t\n]+(?:and|&)[ \t\n]+$")
_PATRONYMIC = re.compile(r"(?:ovi?tch|evi?tch|ovich|evich|ovna|evna|ichna)$")
_PATRONYMIC_M = re.compile(r"(?:ovi?tch|evi?tch|ovich|evich)$")
_POST_TITLES = frozenset(words("begum sahib memsahib"))
_SUBORDINATORS = frozenset(words("that when whenever while as if because though although whether than till until "
                                  "unless since before after where whom which"))
_THE_PARTICLES = re.compile(r"\b[Tt]he[ \t\n]+(?:(?:van|von|de|der|den|du|la|le)[ \t\n]+){1,2}$")
_DETERMINERS = frozenset(words("the a an any every each no some another"))
# Japanese and Korean honorific suffixes are forms of the name: "Haruki-kun" is Haruki
_HONORIFIC_SUFFIX = re.compile(r"-(?:san|kun|chan|sama|senpai|sempai|sensei|dono|tan|nim|ssi|shi|hyung|oppa|noona|unnie)$")
# A pattern that opens with a character (class) lets the regex engine skip straight to where it can
# match; one that opens with \b or a look-behind is tried at every character. So "\bthe" is written
# "t(?<=\b.)he": the same test of the same place (the \b before the "t"), made once the "t" is found.
_READER = re.compile(r"[YyFfLl](?<![\w/].)/[Nn](?![\w/])")
_NEXT_WORD = re.compile(r"[ \t\n]+([a-z]+)\b")
_AUXILIARIES = frozenset(words("""had has was is were could would should might must did does will can shall
may never always just still only also had hadn't wasn't couldn't wouldn't didn't doesn't isn't won't
can't went came took gave made kept felt knew thought saw heard began seemed stood sat ran"""))
# irregular past tenses: "Hermione found them" is a person doing something (regular ones end in -ed)
_PAST = frozenset(words("""found got put left brought caught held led lost meant met paid read sent slept spoke
spent struck swore taught threw understood woke wore won wrote drew drove fell flew forgot forgave froze grew
hid hung lay rode rang shook shot shut sang sank slid stole stuck swam swung tore wept bit blew broke chose
dug fed fought fled hit knelt lit quit rose sought sold sprang stank strode stung swept told went came took
gave made kept felt knew thought saw heard began stood sat ran"""))
_LOCATIVE = frozenset(words("at to from of for by towards toward round about on upon"))
_EPITHET = re.compile(rf"([Tt](?<=\b.)he)[ \t\n]+(?P<word>{_TOK}(?:[ \t\n]+{_TOK}){{0,2}})(?![^\W_])(?!{_WS}{_TOK})")
# after "Grell, the smith": a comma and a verb or clause, not another list item ("..., Omar Reyes, and")
_APPOSITION_END = re.compile(r",[ \t\n]+(?!and\b|or\b|nor\b)[a-z]")
_COMMA = re.compile(r"[ \t]*,[ \t\n]*")
_APPOSITION = re.compile(
    r"[ \t\n]*(?:\([ \t\n]*|,[ \t\n]*(?:aka|a\.k\.a\.|alias|called|known as|also known as|nicknamed)[ \t\n]+)"
)
_NARRATOR = re.compile(r"(?:I(?<=\bI)|m(?<=\bm)(?:e|y|ine|yself))\b")  # \b(?:I|me|my|mine|myself)\b
_NAME_IS = re.compile(rf"\b(?:[Mm]y name(?:'s| is)|[Cc]all me|I'm|I am)[ \t\n]+(?P<name>{_TOK})(?![^\W_])")
_TO_ME = re.compile(
    r"\b(?:to|at|toward|towards|with|beside)[ \t\n]+me\b|\b(?:told|asked|answered|greeted|called|handed|gave"
    r"|showed|warned|reminded|hugged|kissed|nudged|teased|thanked|tells|asks|greets|calls|hands|gives)[ \t\n]+me\b"
)
_I_SPEAK = re.compile(r"\bI[ \t\n]+(?:said|say|asked|ask|replied|reply|answered|answer|told|called|shouted"
                      r"|whispered|muttered|murmured|cried)\b")
_VOC_BEFORE = re.compile(r"(?:^|[,;!?.—–-][ \t\n]*|\b(?:[Oo]h?|[Aa]h|[Dd]ear|[Dd]earest|[Mm]y|[Pp]oor|[Hh]ey|[Hh]i"
                         r"|[Hh]ello|[Mm]orning|[Nn]ight|[Yy]es|[Nn]o|[Tt]hanks|[Ss]orry),?[ \t\n]+)$")
_VOC_AFTER = re.compile(r"[ \t\n]*(?:[,!?;.—–]|-{2}|$)")

_RANKS = words("""captain colonel general major lieutenant sergeant corporal admiral commander commodore
inspector detective constable judge senator governor president doctor professor reverend bishop cardinal
archbishop duke duchess count countess baron baroness earl king queen prince princess emperor empress
comrade dean coach chief nurse""")
_TITLE_EPITHET = re.compile(
    r"[Tt](?<=\b.)he[ \t\n]+(?P<word>" + "|".join(sorted(_RANKS, key=len, reverse=True)) + r")\b(?![ \t\n]+[A-Z])"
)


_WILL_DO = re.compile(rf"[\W_]*(?P<name>{_TOK}) will do\b")
_SELF_NAME = re.compile(word_start(("My name(?:'s|’s| is)", "my name(?:'s|’s| is)", "Call me", "call me", "I'm", "I’m",
                                     "I am")) + rf"[ \t\n]+(?P<name>{_TOK})(?=[ \t]*(?:[.,!?;—–]|-{{2}}|$))")
_PARTICLE = re.compile(rf"^{_PART1}$")

