"""The speech-verb lexicon used to recognise speech tags ("said Marcus", "she whispered").

Each verb is listed once by its base form; its -s, -ed and -ing forms are made by rule, irregular
pasts are listed beside it. ``SPEECH`` holds verbs of saying; ``ACTION`` holds verbs that writers use
as tags or beats right beside a quotation ("she laughed", "he shrugged").
"""

from __future__ import annotations

_SPEECH_BASE = """
say ask reply answer cry exclaim return continue add observe remark whisper murmur mutter shout call
yell scream shriek roar bellow holler growl snarl hiss snap bark grunt groan moan sob wail whimper
stammer stutter mumble drawl lisp purr coo croon sing chant breathe gasp pant sigh laugh chuckle giggle
titter snicker snigger sneer scoff jeer mock tease taunt joke retort rejoin respond repeat insist
protest object agree admit confess declare announce state explain suggest propose inquire enquire
query question demand beg plead pray implore entreat urge warn caution advise order command instruct
interrupt interpose interject resume begin start conclude finish end persist pursue press urge counter
argue reason point note mention comment muse wonder think guess venture hazard offer promise swear
vow assure reassure confirm deny correct concede allow acknowledge grant reflect recall remember
explain complain grumble whine fret lament mourn rage storm fume thunder blurt splutter sputter
babble gabble chatter prattle squeak squeal yelp howl cheer greet hail welcome thank apologize
apologise congratulate console comfort soothe encourage prompt coax wheedle cajole flatter scold chide
rebuke reprove reproach tell inform report relate recount narrate whistle quaver falter rasp croak
expostulate ejaculate counsel demur accuse acquiesce affirm assent reiterate vouchsafe volunteer
remonstrate supplement supply hint chime opine quip proceed recommence admit commit submit
proclaim assert echo boom accost
"""

_IRREGULAR = {
    "say": ["said"], "begin": ["began", "begun"], "think": ["thought"], "tell": ["told"],
    "swear": ["swore", "sworn"], "sing": ["sang", "sung"], "breathe": [], "go": ["went"],
    "break": ["broke"], "put": ["put"], "come": ["came"], "speak": ["spoke"], "write": ["wrote"],
    "burst": ["burst"], "cut": ["cut"], "throw": ["threw"], "shake": ["shook"], "read": ["read"],
}

_EXTRA_SPEECH = "demurred demurring speak spoke speaks went goes broke breaks put puts cut cuts came comes wrote writes burst bursts"

_ACTION_BASE = """
smile grin nod shrug frown laugh sigh blush wink grimace scowl glare pout sniff snort smirk beam
look glance gaze stare turn rise stand sit lean pause hesitate shake wave gesture point stop step
move walk cross reach take raise lift drop add interrupt shudder tremble flush redden colour color
"""
_EXTRA_ACTION = "rose risen stood sat took shook"


def _forms(base: str) -> set[str]:
    out = {base}
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        out.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        out.add(base[:-1] + "ies")
    else:
        out.add(base + "s")
    if base.endswith("e"):
        out.add(base + "d")
        out.add(base[:-1] + "ing")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        out.add(base[:-1] + "ied")
        out.add(base + "ing")
    else:
        out.add(base + "ed")
        out.add(base + "ing")
        # doubled final consonant (nod/nodded, grin/grinned, snap/snapped, stop/stopped, step/stepped)
        if (len(base) <= 4 and base[-1] in "bdgmnprt" and base[-2] in "aeiou" and base[-3:-2] not in "aeiou"):
            out.add(base + base[-1] + "ed")
            out.add(base + base[-1] + "ing")
        if base.endswith(("mit", "fer", "cur")):  # admitted, referred, occurred
            out.add(base + base[-1] + "ed")
            out.add(base + base[-1] + "ing")
        if base.endswith("l") and base[-2] in "aeiou" and base[-3:-2] not in "aeiou":  # counselled, travelled
            out.add(base + "led")
            out.add(base + "ling")
    out.update(_IRREGULAR.get(base, ()))
    return out


def _build(words: str, extra: str) -> frozenset[str]:
    out: set[str] = set()
    for w in words.split():
        out |= _forms(w)
    out.update(extra.split())
    return frozenset(out)


SPEECH = _build(_SPEECH_BASE, _EXTRA_SPEECH)
ACTION = _build(_ACTION_BASE, _EXTRA_ACTION) - SPEECH
TAG_VERBS = SPEECH | ACTION
# Verbs that carry on the same speaker's words after a break ("he added", "she went on"), never a
# new turn.
CONTINUING = _build("continue add resume proceed pursue persist repeat recommence supplement conclude finish "
                    "reiterate", "went goes going go")

# Verbs that announce the words to come, said by their subject: someone starts ("began",
# "interposed", "put in", "broke in") or goes on ("went on", "added"). A sentence of one of them
# alone ("Bram interposed.") tags the quotation opening the next paragraph; other verbs of saying
# alone sum a reply up ("Bram assented.", "Ann thanked him.") and the next words are often another's.
OPENING = _build("begin interrupt interpose interject resume continue add proceed pursue persist repeat "
                 "recommence reiterate", "")
# ... and those that announce words only with their particle ("put in", "broke in", "went on")
OPENING_PHRASAL = frozenset(["put", "puts", "broke", "breaks", "cut", "cuts", "chimed", "chimes", "joined", "joins",
                             "went", "goes"])

# Words that may stand between a subject and its verb, or between a verb and its subject
# ("Marcus then said", "said Marcus quietly", "she had answered").
FILLERS = frozenset(
    ["then", "again", "now", "presently", "at", "once", "had", "has", "was", "would", "could", "did", "quickly", "slowly", "softly", "quietly", "still", "also", "only", "just", "first", "finally", "suddenly", "simply", "calmly", "coldly", "gently", "angrily"]
)


def is_speech(word: str) -> bool:
    return word.lower() in SPEECH


def is_tag_verb(word: str) -> bool:
    return word.lower() in TAG_VERBS
