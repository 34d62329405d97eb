"""Verbs of speech: the one list every stage reads.

Why one module: the quotes stage (is the narration between two quotations one
speech tag?), the cast (is this name the one speaking?), the speakers stage (whom
does a tag name?) and the proofreader (does '"Hi." she said' want a comma?) all ask
whether a word is a verb of speech. Kept apart, their lists drifted: "begged" was
missing from one, "hazarded" and "echoed" from all. Each set below says what it is
for; they are built from one table of base forms.
"""

from __future__ import annotations

# Base forms of verbs that introduce or tag speech (saying, manner of saying, and the
# gestures writers use as tags: "she smiled"). Inflections are generated below.
_BASES = """
say ask reply answer cry exclaim whisper mutter murmur shout call yell scream gasp
add continue begin observe remark respond retort return rejoin repeat declare announce
explain insist interrupt protest suggest demand inquire enquire query question beg plead
urge warn advise admit confess agree concede acknowledge allow assent object complain
grumble groan moan sigh sob laugh chuckle giggle snort scoff sneer snap snarl growl hiss
bark roar bellow thunder shriek squeal stammer stutter splutter sputter blurt breathe
purr coo drawl lisp mumble whimper wail howl chime pipe chirp trill croak rasp
grunt huff puff pant choke falter venture offer promise assure reassure swear vow
note point mention state tell inform remind order command instruct correct counter
argue reason conclude finish resume persist press prompt tease joke jest taunt mock
chide scold rebuke reprove cheer greet hail sing chant recite read proclaim pronounce
predict guess wonder muse reflect think address
explode interpose drone assert chirrup gush babble prattle simper lament
snigger titter smile grin nod shrug pout hint corroborate speak
pursue ejaculate proceed echo implore entreat hazard sniff confide quaver reiterate
bluster bawl speculate interject quote screech utter report appeal intervene
remonstrate chatter expostulate affirm contradict boom comment mourn
hum mouth manage apologize apologise motion lecture encourage soothe accuse challenge
wheeze yelp snicker squeak quip
""".split()

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "begin": ("begins", "began", "beginning", "begun"),
    "think": ("thinks", "thought", "thinking"),
    "read": ("reads", "read", "reading"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "sing": ("sings", "sang", "sung", "singing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "chide": ("chides", "chided", "chid", "chiding"),
    "plead": ("pleads", "pleaded", "pled", "pleading"),
    "echo": ("echoes", "echoed", "echoing"),
}
# Short verbs that double their last consonant: "begged", "snapped", "nodded".
_DOUBLING = frozenset("beg chat grin nod sob snap admit quip hum shrug".split())


def inflect(base: str) -> set[str]:
    """The base and its -s, -ed and -ing forms ("cry" -> "cries", "cried", "crying")."""
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    forms = {base}
    if base in _DOUBLING:
        d = base + base[-1]
        return forms | {base + "s", d + "ed", d + "ing"}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    return forms


# Every form of every verb that can tag speech: the speakers stage reads tags with it.
SPEECH_VERBS: frozenset[str] = frozenset(f for b in _BASES for f in inflect(b))
# Past/present forms only: "-ing" forms are rarely the head of a tag ("he said, laughing").
SPEECH_VERBS_FINITE: frozenset[str] = frozenset(v for v in SPEECH_VERBS if not v.endswith("ing"))

# Verbs that tag speech only with a particle: "put in", "went on", "broke in", "spoke up".
PARTICLE_VERBS = frozenset(
    """put puts went goes go broke breaks cut cuts chimed chime spoke speaks speak struck
    burst bursts sang""".split()
)

# Verbs of saying proper, finite: a name beside one of these is someone speaking, where
# "smiled" or "began" is not ("the French began", "returned to Brighton"); and "called"
# is left out, since "a town called Brighton" names a place.
SAYING_VERBS: frozenset[str] = frozenset(
    f for b in """say ask reply cry answer exclaim shout whisper mutter murmur remark respond
    yell scream stammer mumble snap hiss breathe""".split() for f in inflect(b) if not f.endswith("ing"))

# The past-tense tags that make "the <words>" a speaking role ("said the mariner").
ROLE_TAG_VERBS: tuple[str, ...] = tuple(sorted(
    """said asked replied cried answered exclaimed shouted whispered muttered murmured remarked
    responded called added continued repeated observed returned interrupted began""".split()))

# Fixed, not derived: the words whose presence beside a capitalised word is a feature
# of the trained name-mention model (``characters/model``); changing them changes what
# the model's weights mean, so they change only with a retrained model.
MENTION_MODEL_SPEECH_CONTEXT = frozenset(
    "said says say asked asks replied replies cried cries answered answers exclaimed "
    "shouted whispered muttered murmured called added continued began returned "
    "observed remarked repeated responded told tells thought laughed smiled nodded "
    "sighed shrugged snapped yelled screamed groaned grinned frowned".split()
)
