"""The words search understands: places on the head and neck, filler words, word stems.

A *place* is what people call a part of the head or neck ("behind the eye",
"temple", "jaw") together with the atlas skin landmarks it stands for, so a
search can match a trigger point by where its referral zones lie, not only by
the words of its text. Landmarks are written without their side suffix
(``temple`` stands for ``temple_left`` and ``temple_right``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that carry no meaning for the search ("pain in my temple" = "temple").
_FILLER = """
a an the my your his her their i me it its is are am be have has had got get gets
and or but with without of in on at to from into onto by for when where what which
that this there feel feels felt feeling pain pains painful ache aches aching achy
hurt hurts hurting sore soreness headache headaches head type kind sort some very
really bad lot lots same side sides one both
"""
FILLER_WORDS = frozenset(_FILLER.split())
#: Dropped before places are matched, so "behind my eye" reads as "behind the eye".
ARTICLES = frozenset({"the", "my", "a", "an", "your", "his", "her", "their", "of"})


@dataclass(frozen=True)
class Place:
    """A named part of the head or neck.

    Attributes
    ----------
    name
        How the place is shown in suggestions, e.g. ``"behind the eye"``.
    phrases
        Ways of saying it; each is matched as whole words, articles ignored.
    landmarks
        Skin landmark names without side suffix that lie in the place.
    refers
        The end of "refers ..." in a search reason, e.g. ``"behind the eye"``.
    """

    name: str
    phrases: tuple[str, ...]
    landmarks: frozenset[str]
    refers: str

    @property
    def phrase_words(self) -> tuple[tuple[str, ...], ...]:
        """Each phrase as words without articles, longest first."""
        # dict, not set: equal-length phrases keep the order they are written in. A set's
        # order follows the string hash, so results and reasons changed from run to run.
        words = dict.fromkeys(
            tuple(w for w in words_of(phrase) if w not in ARTICLES) for phrase in self.phrases
        )
        return tuple(sorted(words, key=len, reverse=True))


def _place(name: str, phrases: str, landmarks: str, refers: str) -> Place:
    return Place(name, tuple(phrases.split(",")), frozenset(landmarks.split()), refers)


#: More specific places first: "behind the eye" wins over "eye", "behind the ear" over "ear".
PLACES: tuple[Place, ...] = (
    _place(
        "behind the eye",
        "behind the eye,behind eye,behind the eyes,retro orbital,retroorbital,into the eye",
        "orbit_lateral",
        "behind the eye",
    ),
    _place("above the eye", "above the eye,eyebrow,eyebrows,brow", "supraorbital", "above the eye"),
    _place(
        "around the eye",
        "around the eye,eye,eyes,orbit",
        "orbit_lateral supraorbital",
        "to the eye",
    ),
    _place("temple", "temple,temples", "temple", "to the temple"),
    _place("forehead", "forehead,front of the head", "forehead glabella", "to the forehead"),
    _place("top of the head", "top of the head,vertex,crown", "vertex", "to the top of the head"),
    _place(
        "back of the head",
        "back of the head,base of the skull,occiput,occipital",
        "occiput inion head_back",
        "to the back of the head",
    ),
    _place("side of the head", "side of the head", "head_side euryon", "to the side of the head"),
    _place("behind the ear", "behind the ear,behind ear,mastoid", "mastoid", "behind the ear"),
    _place("ear", "ear,ears,earache,in the ear", "ear tragus", "to the ear"),
    _place(
        "jaw",
        "jaw,jaws,jaw joint,teeth,tooth,toothache,gums",
        "angle_of_jaw mandible maxilla",
        "to the jaw and teeth",
    ),
    _place("cheek", "cheek,cheeks,cheekbone", "cheek maxilla", "to the cheek"),
    _place(
        "neck",
        "neck,back of the neck,side of the neck,nape",
        "nape neck_posterolateral angle_of_neck",
        "to the neck",
    ),
    _place(
        "shoulder",
        "shoulder,shoulders,shoulder blade,top of the shoulder",
        "acromion_skin angle_of_neck scapula_medial",
        "to the shoulder",
    ),
    _place("throat", "throat", "throat", "to the throat"),
    _place("breastbone", "breastbone,sternum,chest", "sternal_notch sternum", "to the breastbone"),
)

#: A word of search text: letters and digits (text is lower-cased first).
WORD = re.compile(r"[a-z0-9]+")
#: Endings stripped to find a word's stem, longest first ("dizziness" and "dizzy" -> "dizz").
_ENDINGS = ("iness", "ness", "ing", "ies", "ed", "es", "ly", "s", "y", "e")


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text``, punctuation dropped."""
    return WORD.findall(text.lower())


def stem(word: str) -> str:
    """A rough stem, enough to match word forms: ``stem("dizziness") == stem("dizzy")``.

    Stems keep at least three letters, so short words are left as they are.
    """
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def without_articles(words: list[str]) -> list[str]:
    """``words`` without the articles and possessives of :data:`ARTICLES`."""
    return [word for word in words if word not in ARTICLES]


def find_phrase(words: list[str], phrase: tuple[str, ...]) -> int:
    """Index where ``phrase`` starts as consecutive ``words``, or -1."""
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if tuple(words[start : start + size]) == phrase:
            return start
    return -1


def side_free(landmark: str) -> str:
    """``temple_left`` -> ``temple``; midline names unchanged."""
    return landmark.removesuffix("_left").removesuffix("_right")
