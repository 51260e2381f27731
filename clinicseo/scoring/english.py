"""English word lists the checks share, after Yoast's English language data.

Function words (which keyphrase checks ignore), transition words (single and multi-word),
the auxiliaries and irregular participles of the passive voice, and the first words Yoast
skips when comparing sentence beginnings; and :func:`looks_english`, the guard that keeps
the checks from judging text in another language.
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

TRANSITION_WORDS = _words(
    """
    accordingly additionally afterward afterwards albeit also although altogether another
    basically because before besides but certainly chiefly comparatively concurrently
    consequently contrarily conversely correspondingly despite doubtedly during e.g. earlier
    emphatically equally especially eventually evidently explicitly finally firstly
    following formerly forthwith fourthly further furthermore generally hence henceforth
    however i.e. identically indeed initially instead last lastly later lest likewise
    markedly meanwhile moreover nevertheless nonetheless nor notwithstanding obviously
    occasionally otherwise overall particularly presently previously rather regardless
    secondly shortly significantly similarly simultaneously since so soon specifically still
    straightaway subsequently surely surprisingly than then thereafter therefore thereupon
    thirdly though thus till too undeniably undoubtedly unless unlike unquestionably until
    when whenever whereas while
    """
)

TRANSITION_PHRASES = (
    "above all",
    "after all",
    "after that",
    "all in all",
    "all of a sudden",
    "all things considered",
    "along with",
    "as a matter of fact",
    "as a result",
    "as an illustration",
    "as long as",
    "as soon as",
    "as well as",
    "at first",
    "at last",
    "at the same time",
    "because of",
    "by all means",
    "by and large",
    "by the same token",
    "by the time",
    "due to",
    "even if",
    "even so",
    "even though",
    "first of all",
    "for example",
    "for instance",
    "for one thing",
    "for the most part",
    "for this reason",
    "from time to time",
    "given that",
    "in addition",
    "in brief",
    "in case",
    "in conclusion",
    "in contrast",
    "in fact",
    "in general",
    "in other words",
    "in particular",
    "in short",
    "in spite of",
    "in summary",
    "in the end",
    "in the meantime",
    "in the same way",
    "in this case",
    "in turn",
    "instead of",
    "most of all",
    "on the contrary",
    "on the other hand",
    "once in a while",
    "owing to",
    "provided that",
    "rather than",
    "so that",
    "such as",
    "that is to say",
    "this means",
    "to begin with",
    "to conclude",
    "to put it differently",
    "to sum up",
    "to summarise",
    "to summarize",
    "with this in mind",
    "up to",
    "in order to",
    "as can be seen",
    "not only",
    "as shown",
)

PASSIVE_AUXILIARIES = _words(
    """
    're 's am are aren't be became become becomes been being get gets getting got gotten is
    isn't was wasn't were weren't
    """
)

# Words that may sit between the auxiliary and the participle ("is often used").
PASSIVE_GAP_WORDS = _words(
    """
    already also always best carefully commonly frequently generally gently just more most
    never not often only rarely sometimes still then typically usually well widely
    """
)

# -ed words that are not participles in practice (Yoast keeps a similar exception list).
NON_PARTICIPLES_ED = _words(
    """
    aged bed beloved bred breed crooked dogged embed exceed fed feed hundred indeed jagged
    learned naked need needed proceed ragged red rugged sacred seed shed sled speed succeed
    wed weed wicked wretched
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
