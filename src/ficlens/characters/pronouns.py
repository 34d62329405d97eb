"""Which pronouns each character takes, from how the text refers back to them.

Why: a story rarely states a gender, but after "Meredith looked up." the next
third-person pronoun is usually hers. Each name mention votes with the first personal
pronoun that follows it in its sentence or the next one, provided no other name comes
first; honorifics ("Mrs.") and gendered first names add firmer votes.
"""

from __future__ import annotations

import re
from collections import Counter

from .aliases import Form, form_gender
from .lexicon import lexicon
from .mentions import _prev_char_class

_CLAUSE = re.compile(r"[^,;:.!?\"“”\n]*")
_OWN = re.compile(r"\b(his|himself|herself|hers|her|themself|their|themselves)\b(\s+([A-Za-z]+))?",
                  re.IGNORECASE)
_NEXT_SENTENCE = re.compile(r"[^.!?\n]*[.!?]+[\"”’']?\s+[\"“]?(He|She|They)\b")
_CLASS = {
    "he": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
    "they": "plural", "their": "plural", "themselves": "plural", "themself": "nonbinary",
}
PRONOUNS = {"male": "he/him", "female": "she/her", "nonbinary": "they/them"}
_SUBJECT_BEFORE = frozenset({"start", "para", "stop", "quote", "dash"})
# Words that follow a possessive "her" ("shook her head"); after any other word "her"
# is as likely an object ("kissed her close") and is not counted.
_OWNED = frozenset(
    """head hand hands eyes eye hair face lips lip arms arm mouth shoulder shoulders bag
    voice heart fingers finger feet foot legs leg neck cheek cheeks chin nose brow
    throat coat jacket dress shirt phone hat gaze breath back body knees knee teeth
    tongue skin mind thoughts tears smile hips waist wrist wrists fist fists ears ear
    mother father sister brother husband wife friend friends room bed desk car keys
    book glass cup lap palm palms forehead jaw lashes way life name own""".split()
)


def vote(text: str, end: int, subject: bool) -> str | None:
    """What the words after one mention say about that person's pronouns.

    A possessive or reflexive in the mention's own clause ("Meredith shook her head",
    "Derek ran his hand") refers back to it; so does He/She opening the next sentence
    when the mention was the subject. Object pronouns ("kissed her") point elsewhere
    and are not counted.
    """
    clause = _CLAUSE.match(text, end, min(len(text), end + 200))
    if clause and subject:
        for m in _OWN.finditer(text, end, clause.end()):
            word = m.group(1).lower()
            if word == "her" and (not m.group(3) or m.group(3).lower() not in _OWNED):
                continue
            return _CLASS[word]
    if subject:
        nxt = _NEXT_SENTENCE.match(text, end, min(len(text), end + 300))
        if nxt:
            return _CLASS[nxt.group(1).lower()]
    return None


def text_gender(text: str, form: Form) -> str | None:
    """The gender the text's own pronouns give one form, or None when unclear."""
    votes: Counter[str] = Counter()
    for m in form.mentions:
        v = vote(text, m.end, _is_subject(text, m.start, m.end))
        if v:
            votes[v] += 1
    male, female = votes["male"], votes["female"]
    if max(male, female) >= 2 and max(male, female) >= 0.75 * (male + female):
        return "male" if male > female else "female"
    return None


def _is_subject(text: str, start: int, end: int) -> bool:
    nxt = text[end:end + 24].lstrip()
    return (_prev_char_class(text, start) in _SUBJECT_BEFORE
            and nxt[:1].islower() and not nxt.startswith(("and ", "or ")))


def pronoun_votes(text: str, forms: list[Form]) -> Counter[str]:
    """Votes for the pronouns of one character, from all its forms and mentions."""
    lex = lexicon()
    votes: Counter[str] = Counter()  # float weights
    for f in forms:
        g = form_gender(f, lex)
        if g:
            # A title ("Mrs.") is near proof; a gendered first name only a hint that
            # the text's own pronouns can outvote.
            votes[g] += 3 * min(f.count, 3) if f.honorifics else 1
        for m in f.mentions:
            v = vote(text, m.end, _is_subject(text, m.start, m.end))
            if v:
                votes[v] += 1
    return votes


def decide(votes: Counter[str]) -> tuple[str | None, str | None]:
    """(gender, pronouns) from votes; None when the evidence is thin or split."""
    male, female, nb = votes["male"], votes["female"], votes["nonbinary"]
    plural = votes["plural"]
    total = male + female + nb
    if nb >= 2 and nb > male and nb > female:
        return "nonbinary", PRONOUNS["nonbinary"]
    if total >= 1 and max(male, female) >= 0.65 * total and max(male, female) >= 1:
        g = "male" if male > female else "female"
        return g, PRONOUNS[g]
    if plural >= 3 and total == 0:
        return None, "they/them"
    return None, None
