"""Word lists the speaker and point-of-view rules read.

Why a lexicon and not a parser: a speech tag is a short, formulaic phrase next to a
quotation ("said Mrs. Bennet", "he whispered to her"), so a verb list plus a few
token-window patterns finds it at regex speed; a full parse of a novel would cost
more than the rest of the pipeline together.
"""

from __future__ import annotations

import re

# Base forms of verbs that introduce or tag speech.  Inflections are generated below.
_SPEECH_BASES = """
say ask reply answer cry exclaim whisper mutter murmur shout call yell scream gasp
add continue begin observe remark respond retort return rejoin repeat declare announce
explain insist interrupt protest suggest demand inquire enquire query question beg plead
urge warn advise admit confess agree concede acknowledge allow assent object complain
grumble groan moan sigh sob laugh chuckle giggle snort scoff sneer snap snarl growl hiss
bark roar bellow thunder shriek squeal stammer stutter splutter sputter blurt breathe
purr coo drawl lisp mumble muttered whimper wail howl chime pipe chirp trill croak rasp
grunt huff puff pant choke falter venture offer promise assure reassure swear vow
note point mention state tell inform remind order command instruct correct counter
argue reason conclude finish resume persist press prompt tease joke jest taunt mock
chide scold rebuke reprove cheer greet hail sing chant recite read proclaim pronounce
predict guess wonder muse reflect think murmured address
explode interpose drone assert chirrup gush babble prattle simper lament inquire
snigger titter smile grin nod shrug pout hint corroborate speak
pursue ejaculate proceed echo implore entreat hazard sniff confide quaver reiterate
bluster bawl speculate interject quote screech utter report appeal intervene
remonstrate chatter expostulate affirm contradict boom comment mourn
""".split()

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "begin": ("begins", "began", "beginning", "begun"),
    "think": ("thinks", "thought", "thinking"),
    "read": ("reads", "read", "reading"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "sing": ("sings", "sang", "sung", "singing"),
    "breathe": ("breathes", "breathed", "breathing"),
    "cry": ("cries", "cried", "crying"),
    "reply": ("replies", "replied", "replying"),
    "query": ("queries", "queried", "querying"),
    "stammer": ("stammers", "stammered", "stammering"),
    "stutter": ("stutters", "stuttered", "stuttering"),
    "snap": ("snaps", "snapped", "snapping"),
    "sob": ("sobs", "sobbed", "sobbing"),
    "chat": ("chats", "chatted", "chatting"),
    "plead": ("pleads", "pleaded", "pled", "pleading"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "nod": ("nods", "nodded", "nodding"),
    "grin": ("grins", "grinned", "grinning"),
    "admit": ("admits", "admitted", "admitting"),
    "chide": ("chides", "chided", "chid", "chiding"),
    "beg": ("begs", "begged", "begging"),
    "echo": ("echoes", "echoed", "echoing"),
}


def _inflect(base: str) -> set[str]:
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    if base.endswith("ed"):
        return {base}
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    return forms


SPEECH_VERBS: frozenset[str] = frozenset(f for b in _SPEECH_BASES for f in _inflect(b))
# Past/present forms only: "-ing" forms are rarely the head of a tag ("he said, laughing").
SPEECH_VERBS_FINITE: frozenset[str] = frozenset(v for v in SPEECH_VERBS if not v.endswith("ing"))

# Verbs that tag speech only with a particle: "put in", "went on", "broke in", "spoke up".
PARTICLE_VERBS = frozenset(
    """put puts went goes go broke breaks cut cuts chimed chime spoke speaks speak struck
    burst bursts sang""".split()
)

# Verbs a quotation may follow with "to" + addressee: "said to her", "whispered to Finn".
ADDRESS_PREPS = frozenset({"to", "at", "towards", "toward"})

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SUBJECT_PRONOUNS = {"he": "male", "she": "female", "i": "first", "they": None, "we": "first"}
OBJECT_PRONOUNS = {"him": "male", "her": "female", "me": "first", "them": None}

# Nominal speakers in tags: "his wife cried", "the old man said".
MALE_NOUNS = frozenset(
    """man gentleman boy father husband son brother uncle king lord sir fellow lad
    mr master prince duke count doctor colonel captain major general""".split()
)
FEMALE_NOUNS = frozenset(
    """woman lady girl mother wife daughter sister aunt queen mrs miss madam madame
    maid princess duchess countess""".split()
)

# Third-person perception/thought verbs: whose mind is narrated (point of view).
PERCEPTION_VERBS = frozenset(
    """felt feel feels saw see sees noticed notices heard hears wondered wonders thought
    thinks knew knows realized realised realizes realises wanted wants wished wishes
    hoped hopes feared fears remembered remembers recalled imagined imagines sensed senses
    watched watches looked looks smelled smelt smells tasted tastes longed longs
    decided decides understood understands believed believes loved loves hated hates
    couldn't could didn't wasn't""".split()
)
BODY_PARTS = frozenset(
    """heart chest stomach throat breath mind head eyes face cheeks skin spine pulse
    hands fingers lips""".split()
)

WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*\.?")
