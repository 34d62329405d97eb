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
from .lexicon import FUNCTION_WORDS, lexicon
from .mentions import SPEECH_VERBS, _before_blanks, _prev_char_class

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
_SENTENCE_REST = re.compile(r"[^.!?\"“”\n]*")
_CLAUSE_SUBJECT = re.compile(r"[,;][ \t]+(?:and[ \t]+|but[ \t]+|then[ \t]+)?(he|she)[ \t]+[a-z]")
_OTHER_NAME = re.compile(r"(?<=\s)(?!I\b)[A-Z]")
_WORD_AFTER = re.compile(r"\s*([A-Za-z]+)")
_WORD_BEFORE = re.compile(r"\b([a-z]+)[ \t]+$")
_ABSOLUTE = re.compile(r",[ \t]*((?:his|her)[ \t]+[A-Za-z]+)")
_OTHER = {"male": r"\b(she|her|hers|herself)\b", "female": r"\b(he|him|his|himself)\b"}
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


_OBJECT_HIM = re.compile(r"([A-Za-z]+)[ \t]+him\b()", re.IGNORECASE)
_OBJECT_HER = re.compile(r"([A-Za-z]+)[ \t]+her\b(?:[ \t]+([A-Za-z]+))?", re.IGNORECASE)
# "for him", "to her": after a preposition the pronoun is often the subject's own
_PREPOSITIONS = frozenset("to for with at on of in by from about after before behind beside near "
                          "towards toward into onto over under around against without".split())


def _same_object(text: str, start: int, end: int, pronoun: str) -> bool:
    """A verb's object pronoun of the same gender stands between ("Dr. Torres gave him a
    glare, and he looked away"): the later "he" is more likely the object's."""
    pat = _OBJECT_HIM if pronoun == "he" else _OBJECT_HER
    for m in pat.finditer(text, start, end):
        if m.group(1).lower() in _PREPOSITIONS:
            continue
        if pronoun == "she" and m.group(2) and m.group(2).lower() in _OWNED:
            continue  # "brushed her hair": her own
        return True
    return False


def _speaks(text: str, start: int, end: int) -> bool:
    """The mention is the one speaking: "Addison said," or "said Addison"."""
    nxt = _WORD_AFTER.match(text, end)
    if nxt and nxt.group(1).lower() in SPEECH_VERBS:
        return True
    # (a lowercase letter must stand before the blanks that end the text before it)
    c = _before_blanks(text, start)
    if not ("a" <= c <= "z"):
        return False
    prev = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(prev and prev.group(1) in SPEECH_VERBS)


def _own_pronoun(text: str, start: int, end: int) -> str | None:
    """The first possessive or reflexive between ``start`` and ``end``, as a class.

    A "her" counts only before a word that is usually owned ("her voice"): "kissed
    her" is an object and points at someone else. A "his" or "hers" with no word after
    it ("Meredith was his.") says whose she is, not who she is, and is skipped.
    """
    for m in _OWN.finditer(text, start, end):
        word = m.group(1).lower()
        if word == "her" and (not m.group(3) or m.group(3).lower() not in _OWNED):
            continue
        if word in ("his", "hers") and (not m.group(3)
                                        or m.group(3).lower() in FUNCTION_WORDS):
            continue
        return _CLASS[word]
    return None


def vote(text: str, end: int, subject: bool, start: int | None = None) -> str | None:
    """What the words after one mention say about that person's pronouns.

    A possessive or reflexive in the mention's own clause ("Meredith shook her head",
    "Derek ran his hand") refers back to it; after a speaker ("Addison said, the
    question in her voice obvious") the whole rest of the sentence does, up to the
    next capitalised word, which may be someone else. He/She opening the next sentence
    counts when the mention was the subject and its own sentence brings in no
    pronoun of the other gender. Object pronouns ("kissed her") point elsewhere and
    are not counted.
    """
    if start is not None and _speaks(text, start, end):
        sent = _SENTENCE_REST.match(text, end, min(len(text), end + 200))
        stop = sent.end() if sent else end
        other = _OTHER_NAME.search(text, end, stop)
        v = _own_pronoun(text, end, other.start() if other else stop)
        if v:
            return v
    clause = _CLAUSE.match(text, end, min(len(text), end + 200))
    if subject:
        # "Logan loved her smile, he loved how ...": a subject pronoun opening the next
        # clause of the same sentence, with nobody named between, is the subject's own;
        # it outweighs a possessive "her" that may be another's (the object's)
        sent = _SENTENCE_REST.match(text, end, min(len(text), end + 200))
        nxt = _CLAUSE_SUBJECT.search(text, end, sent.end()) if sent else None
        if nxt and not _OTHER_NAME.search(text, end, nxt.start(1)) and not _same_object(
                text, end, nxt.start(1), nxt.group(1).lower()):
            return _CLASS[nxt.group(1).lower()]
    if clause and subject:
        v = _own_pronoun(text, end, clause.end())
        if v:
            return v
        # An absolute phrase after the clause ("Addison turned away, her eyes wet")
        # describes the subject, unless the clause named someone else first.
        tail = _ABSOLUTE.match(text, clause.end())
        if tail and not _OTHER_NAME.search(text, end, clause.end()):
            v = _own_pronoun(text, tail.start(1), tail.end())
            if v:
                return v
    if subject:
        nxt = _NEXT_SENTENCE.match(text, end, min(len(text), end + 300))
        if nxt:
            v = _CLASS[nxt.group(1).lower()]
            rest = text[end:nxt.start(1)]
            if _inside_quote(rest):
                return None  # "Klaus announced, “They came when she slept! She told me!”"
            if v in _OTHER and re.search(_OTHER[v], rest, re.IGNORECASE):
                return None  # "Finn had no idea what he meant. She paused": unclear
            return v
    return None


# The last text's mention votes: (start, end) -> (whether the mention is a subject,
# its vote). Why: the cast asks a mention's vote up to three times (the gender of a
# full name, of a titled form, the character's pronouns); a crowd of 50,000 names
# asked 100,000 times. One tuple, replaced whole: a thread never reads another
# text's votes.
_VOTES: tuple[str | None, dict[tuple[int, int], tuple[bool, str | None]]] = (None, {})


def forget_votes() -> None:
    """Let go of the remembered votes (and their text) once a document's cast is made."""
    global _VOTES
    _VOTES = (None, {})


def mention_vote(text: str, start: int, end: int) -> tuple[bool, str | None]:
    """(whether the mention at start:end is a subject, its :func:`vote` so),
    remembered for the last text asked about."""
    global _VOTES
    memo = _VOTES
    if memo[0] is not text:
        memo = _VOTES = (text, {})
    got = memo[1].get((start, end))
    if got is None:
        subject = _is_subject(text, start, end)
        got = memo[1][start, end] = (subject, vote(text, end, subject, start))
    return got


def _text_votes(text: str, form: Form) -> Counter[str]:
    votes: Counter[str] = Counter()
    for m in form.mentions:
        v = mention_vote(text, m.start, m.end)[1]
        if v:
            votes[v] += 1
    return votes


def _inside_quote(rest: str) -> bool:
    """Whether a quotation opened in ``rest`` (the words after a mention) is still open
    at its end: a pronoun there is someone's speech, not the narration's."""
    return rest.count("“") > rest.count("”") or rest.count('"') % 2 == 1


def text_gender(text: str, form: Form) -> str | None:
    """The gender the text's own pronouns give one form, or None when unclear."""
    male = female = 0  # (counted here, not in a Counter: asked of every full name)
    for m in form.mentions:
        v = mention_vote(text, m.start, m.end)[1]
        if v == "male":
            male += 1
        elif v == "female":
            female += 1
    if max(male, female) >= 2 and max(male, female) >= 0.75 * (male + female):
        return "male" if male > female else "female"
    return None


def surname_gender(text: str, form: Form) -> str:
    """Whose a bare surname is when the text has a "Mr." and a "Mrs." of it and its own
    pronouns are too few to decide: the side they lean to, else the man's.

    Why: narrators call men by the bare surname ("Hall had stood gaping") and women
    almost only with their title, so "Hall" beside "Mr. Hall" and the commoner "Mrs.
    Hall" is the husband."""
    votes = _text_votes(text, form)
    return "female" if votes["female"] > votes["male"] else "male"


def _is_subject(text: str, start: int, end: int) -> bool:
    nxt = text[end:end + 24].lstrip()
    return (_prev_char_class(text, start) in _SUBJECT_BEFORE
            and nxt[:1].islower() and not nxt.startswith(("and ", "or ")))


def pronoun_votes(text: str, forms: list[Form],
                  subject_votes: dict[tuple[int, int], str | None] | None = None) -> Counter[str]:
    """Votes for the pronouns of one character, from all its forms and mentions.

    ``subject_votes``, when given, keeps each subject mention's :func:`vote` by its
    (start, end), for :func:`weak_votes` to reuse (it votes every mention as a subject)."""
    lex = lexicon()
    votes: Counter[str] = Counter()  # float weights
    for f in forms:
        g = form_gender(f, lex)
        if g:
            # A title ("Mrs.") is near proof; a gendered first name only a hint that
            # the text's own pronouns can outvote.
            votes[g] += 3 * min(f.count, 3) if f.honorifics else 1
        for m in f.mentions:
            subject, v = mention_vote(text, m.start, m.end)
            if subject and subject_votes is not None:
                subject_votes[m.start, m.end] = v
            if v:
                votes[v] += 1
    return votes


_LATER = re.compile(r"\b(he|she|his|himself|herself)\b", re.IGNORECASE)
_WEAK_REST = re.compile(r"[^.!?\"“”]*")


def weak_votes(text: str, forms: list[Form],
               subject_votes: dict[tuple[int, int], str | None] | None = None) -> Counter[str]:
    """Looser votes, for a person the firm ones leave open: every mention counts as a
    subject, and the first "he", "she", "his", "himself" or "herself" later in its
    sentence, before anyone else is named, is its own ("Nippers knew not what he
    wanted"). ``subject_votes``: :func:`pronoun_votes`'s votes of subject mentions
    (the same call, not made again)."""
    votes: Counter[str] = Counter()
    known = subject_votes if subject_votes is not None else {}
    for f in forms:
        for m in f.mentions:
            key = (m.start, m.end)
            v = known[key] if key in known else vote(text, m.end, True, m.start)
            if v is None:
                rest = _WEAK_REST.match(text, m.end, min(len(text), m.end + 200))
                stop = rest.end() if rest else m.end
                para = text.find("\n\n", m.end, stop)
                stop = para if para >= 0 else stop
                other = _OTHER_NAME.search(text, m.end, stop)
                later = _LATER.search(text, m.end, other.start() if other else stop)
                v = _CLASS[later.group(1).lower()] if later else None
            if v in ("male", "female"):
                votes[v] += 1
    return votes


def decide_weak(votes: Counter[str]) -> str | None:
    """A gender from ``weak_votes``: two votes or more, three in four of one side."""
    male, female = votes["male"], votes["female"]
    if max(male, female) >= WEAK_MIN and max(male, female) >= WEAK_SHARE * (male + female):
        return "male" if male > female else "female"
    return None


WEAK_MIN = 2
WEAK_SHARE = 0.75


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
