"""Titles and honorifics: the one table every stage reads.

Why one module (like :mod:`ficlens.speech` for verbs of speech): the cast ("Mr. Darcy"
is a man; "Mrs. Bennet" and "Miss Bennet" are two women), the gender decision, the
sentence splitter ("Mr." ends no sentence), the speaker rules ("said the Colonel")
and cast packs all ask whether a word is a title. Each set below says what it is
for; ``HONORIFICS`` is the table of titles with the gender they carry.
"""

from __future__ import annotations

# Title -> the gender it carries (None: anyone). "Mx." is the title of a person who
# uses neither "he" nor "she".
HONORIFICS: dict[str, str | None] = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "master": "male",
    "monsieur": "male", "m": "male", "herr": "male", "señor": "male", "senor": "male",
    "signor": "male", "uncle": "male", "father": "male", "brother": "male",
    "king": "male", "prince": "male", "duke": "male", "count": "male", "baron": "male",
    "emperor": "male", "earl": "male", "marquis": "male", "grandpa": "male",
    "mrs": "female", "miss": "female", "ms": "female", "lady": "female",
    "madame": "female", "mme": "female", "mademoiselle": "female", "mlle": "female",
    "frau": "female", "fräulein": "female", "señora": "female", "senora": "female",
    "signora": "female", "aunt": "female", "auntie": "female", "mother": "female",
    "sister": "female", "queen": "female", "princess": "female", "duchess": "female",
    "countess": "female", "baroness": "female", "empress": "female", "dame": "female",
    "mistress": "female", "grandma": "female", "granny": "female", "mrs.": "female",
    "dr": None, "doctor": None, "professor": None, "prof": None, "captain": None,
    "capt": None, "colonel": None, "col": None, "major": None, "general": None,
    "lieutenant": None, "lt": None, "sergeant": None, "sgt": None, "corporal": None,
    "private": None, "admiral": None, "commander": None, "officer": None,
    "detective": None, "inspector": None, "agent": None, "nurse": None, "judge": None,
    "reverend": None, "rev": None, "bishop": None, "cardinal": None, "saint": None,
    "st": None, "senator": None, "president": None, "governor": None, "chief": None,
    "coach": None, "dean": None, "principal": None, "squire": None, "deacon": None,
    "elder": None, "pastor": None, "rabbi": None, "parson": None, "mayor": None,
    "hon": None, "madam": "female", "messrs": None,
    "mesdames": "female", "mx": "nonbinary",
}

# Abbreviations written with a full stop ("Mr.", "Dr.").
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "prof", "capt", "col", "lt", "sgt", "rev", "hon",
     "mme", "mlle", "m", "gen", "maj", "jr", "sr", "esq", "mx"}
)

# Titles written before a surname ("Mr. Darcy", "Colonel Fitzwilliam"), unlike "Sir",
# "Lady" or "Miss", which also go before a given name ("Sir Walter", "Miss Elizabeth").
SURNAME_TITLES = frozenset(
    """mr mrs ms mister dr doctor professor prof captain capt colonel col major general
    lieutenant lt sergeant sgt corporal private admiral commander officer detective
    inspector agent judge senator governor mayor coach dean principal president
    monsieur m herr señor senor signor frau señora senora signora mme madame""".split()
)

# One title in several languages: "Mr. Barnes" and "Monsieur Barnes" are one man,
# while "Mrs. Bennet" and "Miss Bennet" stay two women.
SAME_TITLE = {
    **dict.fromkeys("mister monsieur m herr señor senor signor".split(), "mr"),
    **dict.fromkeys("madame mme frau señora senora signora".split(), "mrs"),
    **dict.fromkeys("mademoiselle mlle fräulein señorita senorita signorina".split(), "miss"),
}

# Titles that, written alone, are no one's name ("Mr", "Messrs", "Esquire"); "Madame"
# (a name when used alone) and "Lord" (God, as LitBank counts it) are not among them.
BARE_TITLES = frozenset(
    "mr mrs ms messrs mesdames esq esquire missis missus sir dr st saint hon rev mister "
    "madam".split())
# "Saint" makes no person of a name: "St. Helena" and "St. Paul's" are places.
SAINT = frozenset({"st", "saint"})

# Words a cast pack strips from the front of a character tag to find the name.
CAST_PACK_TITLES = frozenset({"dr", "doctor", "mr", "mrs", "ms", "miss", "mister", "lady", "lord", "sir", "dame",
          "king", "queen", "prince", "princess", "captain", "capt", "agent", "detective",
          "professor", "prof", "uncle", "aunt", "auntie", "saint", "st", "father", "mother",
          "sister", "brother", "general", "commander", "officer", "nurse", "chief",
          "number", "young", "old", "little", "big", "mistress", "master", "madame"})

# Abbreviations whose full stop ends no sentence (the segmenter).
SENTENCE_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr st prof sr jr mt capt col gen lt sgt rev hon messrs mme mlle "
    "vs no vol ch fig esq sen rep gov pres supt insp det ft".split()
)

# Titles written with a full stop before a speech-tag name ("said Mr. Darcy").
TAG_TITLES = frozenset({"mr", "mrs", "ms", "dr", "st", "messrs", "mme", "mlle", "capt", "col", "gen", "rev", "prof"})

# Words that make a name a title-and-name when matching cast names ("Lady Catherine").
NAME_TITLE_WORDS = frozenset(
    """mr mrs ms miss master dr doctor sir lady lord madame mme mlle monsieur captain colonel
    general admiral rev reverend professor aunt uncle the old young little dear poor cousin
    father mother brother sister count countess duke duchess prince princess inspector major
    saint st of king queen chief""".split()
)
