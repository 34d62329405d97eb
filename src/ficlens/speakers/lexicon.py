"""Word lists the speaker and point-of-view rules read.

Why a lexicon and not a parser: a speech tag is a short, formulaic phrase next to a
quotation ("said Mrs. Bennet", "he whispered to her"), so a verb list plus a few
token-window patterns finds it at regex speed; a full parse of a novel would cost
more than the rest of the pipeline together.
"""

from __future__ import annotations

import re

# the verbs of speech are shared with the quotes, cast and proofreading stages
from ..speech import PARTICLE_VERBS as PARTICLE_VERBS
from ..speech import SPEECH_VERBS as SPEECH_VERBS
from ..speech import SPEECH_VERBS_FINITE as SPEECH_VERBS_FINITE

# Verbs a quotation may follow with "to" + addressee: "said to her", "whispered to Finn".
ADDRESS_PREPS = frozenset({"to", "at", "towards", "toward"})

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SUBJECT_PRONOUNS = {"he": "male", "she": "female", "i": "first", "they": None, "we": "first"}
OBJECT_PRONOUNS = {"him": "male", "her": "female", "me": "first", "them": None}

# Words of endearment or mock address that a speaker may use for one person
# ("sweetheart", "kiddo"); with hyphenated nicknames ("half-pint") they name the
# person addressed once tagged lines show who uses them for whom.
ENDEARMENTS = frozenset(
    """sweetheart sweetie sweetpea honey hon darling darlin dear dearest dearie love luv lovey babe baby
    kid kiddo buddy bud pal mate princess sunshine angel doll sugar cupcake pumpkin champ sport squirt
    brat cutie beautiful gorgeous handsome sweetling pet duckling chickadee tiger kitten""".split()
)

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
