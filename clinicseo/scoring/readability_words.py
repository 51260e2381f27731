"""Word lists of the readability checks, calibrated against Yoast 3.6.0's verdicts.

Transition words and phrases, and what makes a passive clause (its auxiliaries, the words
that end its clause, the -ed words that are not participles). Our own lists, adjusted where
yoastseo 3.6.0, run as a black box on the calibration corpus (tests/data/calibration) and on
probe sentences, judged differently: "if", "including", "that is", "at least", "according
to" are transitions for it, "too" is not; "needed" is a participle, "classified" and
"located" are not; "either … or" is a transition, "this means" is not; brackets do not end a
passive clause. Data only; :mod:`clinicseo.scoring.readability` uses it.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TRANSITION_WORDS = _words(
    """
    accordingly additionally afterward afterwards albeit also although altogether another
    basically because before besides but certainly chiefly comparatively concurrently
    consequently contrarily conversely correspondingly despite doubtedly during e.g. earlier
    emphatically equally especially eventually evidently explicitly finally firstly
    following formerly forthwith fourthly further furthermore generally hence henceforth
    however i.e. identically if including indeed initially instead last lastly later lest likewise
    markedly meanwhile moreover nevertheless nonetheless nor notwithstanding obviously
    occasionally otherwise overall particularly presently previously rather regardless
    secondly shortly significantly similarly simultaneously since so soon specifically still
    straightaway subsequently surely surprisingly than then thereafter therefore thereupon
    thirdly though thus till undeniably undoubtedly unless unlike unquestionably until
    when whenever whereas while whether actually mostly
    """
)


# Two-part transitions: the first word only counts with the second later in the sentence
# ("either red or blue" is one for Yoast, "either one" is not).
TRANSITION_PAIRS = (("either", "or"), ("both", "and"), ("neither", "nor"))


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
    "of course",
    "to explain",
    "note that",
    "now that",
    "to begin with",
    "to conclude",
    "to put it differently",
    "to sum up",
    "to summarise",
    "to summarize",
    "with this in mind",
    "that is",
    "at least",
    "according to",
    "at once",
    "different from",
    "e g",
    "i e",
    "up to",
    "in order to",
    "as can be seen",
    "not only",
    "as shown",
)


PASSIVE_AUXILIARIES = _words(
    """
    am are aren't be been being get gets getting got gotten is isn't was wasn't were weren't
    it's what's that's there's here's he's she's who's where's how's we're they're you're
    """
)


# Words that end the clause an auxiliary opens: a participle after one of them is not
# the auxiliary's ("It is red and we treated it" is active). Commas end it too.
PASSIVE_CLAUSE_BREAKS = _words(
    """
    a an the about above across after against along among around as at before behind below
    beneath beside between beyond by during for from in inside into near of off on onto out
    over since than through to toward towards under until up upon with within without and
    or but nor because although though if unless while whereas when whenever where wherever
    whether that which who whom whose what how why
    """
)


# -ed words that are not participles in practice: adjectives and words that merely end in
# -ed (Yoast keeps a similar exception list; these were checked against its verdicts).
NON_PARTICIPLES_ED = _words(
    """
    based bed bred breed classified concerned embed exceed excited fed feed hundred indeed
    jagged located naked need proceed qualified ragged red related rugged sacred seed shed
    sled speed succeed talented wed weed wretched
    accompanied bleed provided purebred reticulated stratified studied termed unlimited
    unpaired vascularized verified
    """
)
