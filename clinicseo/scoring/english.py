"""English word lists the checks share, after Yoast's English language data.

Function words (which keyphrase checks ignore), the irregular participles of the passive
voice, and the first words Yoast skips when comparing sentence beginnings; and
:func:`looks_english`, the guard that keeps the checks from judging text in another
language. Transition words and the passive voice's other lists live in
:mod:`clinicseo.scoring.readability_words`, beside the checks that use them.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = _words(
    """
    a about after again all also am an and any are aren't as at be because been before being
    between both but by can can't cannot could did do does doing don't down during each
    eight few five for four from further had has have having he her here him his how i if in
    into is isn't it it's its just may me might more most must my nine no nor not of off on
    once one only onto or other our out over own s same seven shall she should six so some
    such t ten than that the their them then there these they this those three through to
    too two under until up us very was wasn't we were weren't what when where which while
    who whom whose why will with without won't would yet you your yours
    """
)

IRREGULAR_PARTICIPLES = _words(
    """
    arisen awoken beaten become begun bent bet bitten bled blown born borne bought broken
    brought built burnt caught chosen come cost crept cut dealt done drawn dreamt driven
    drunk dug eaten fallen fed felt fled flown forbidden forgiven forgotten fought found
    frozen given gone got gotten ground grown heard held hidden hit hung hurt kept knelt
    known laid lain leant led left lent let lit lost made meant met paid proven put quit
    read ridden risen run rung said sat seen sent set sewn shaken shed shone shot shown
    shrunk shut slain slept slid slung sold sought spent spoken spread sprung spun stolen
    stood struck strung stuck stung sung sunk swept sworn swum swung taken taught thought
    thrown told torn understood undertaken upset wept woken won worn wound woven written
    """
)

# Yoast compares the first word, or the first two when the first is one of these.
FIRST_WORD_EXCEPTIONS = _words(
    """
    a an eight five four nine one seven six ten that the these this those three two
    """
)

# A quick English signal for score_file: common words any English prose uses.
COMMON_WORDS = FUNCTION_WORDS | _words(
    "skin treatment can your our their which help more after before"
)

# Function words of the languages a clinic's text is most often in instead (French, German,
# Spanish, Italian, Dutch, Portuguese), leaving out any that are also English words.
FOREIGN_FUNCTION_WORDS = _words(
    """
    le la les des du une et est dans avec sur qui que pas cette sont aux ou où après très
    der das und ist nicht mit von zu dem ein eine für auf sich auch oder wird werden
    el los las y con por para una del se como más pero está son es
    il di che è gli della sono delle degli nel alla anche
    het een van niet voor met zijn ook worden
    não com são um uma os das dos pela pelo
    """
)


def looks_english(words: list[str]) -> bool:
    """Whether text made of ``words`` is English enough for the checks to judge.

    A short text (under 20 words) is English unless it shows another language: more of its
    words are another language's function words than English ones, or most of its words
    are in another script. A sentence such as "Microneedling permanently erases stretch
    marks." has no function word at all and is still English. A longer text needs common
    English words to make up ≥ 15% of it, and more of them than foreign function words.
    """
    if not words:
        return True
    lower = [w.lower() for w in words]
    english = sum(1 for w in lower if w in COMMON_WORDS)
    foreign = sum(1 for w in lower if w in FOREIGN_FUNCTION_WORDS)
    if len(words) < 20:
        latin = sum(1 for w in words if all(ch.isascii() or ch in _LATIN_ACCENTS for ch in w))
        return foreign <= english and latin * 2 > len(words)
    return english / len(words) >= 0.15 and english > foreign


# Accented Latin letters English text borrows (café, naïve, Juvéderm).
_LATIN_ACCENTS = frozenset("àáâãäåæçèéêëìíîïñòóôõöøœùúûüýÿ’ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØŒÙÚÛÜÝ")
