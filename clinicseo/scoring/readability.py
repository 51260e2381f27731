"""Readability checks with Yoast SEO's English thresholds, plus a health-literacy grade check.

Counted the way Yoast counts: every heading is a sentence; percentages are rounded to one
decimal before they are compared; the Flesch figure strips numbers first. Each function
takes a parsed :class:`~clinicseo.scoring.document.Document` and returns one check (see
:mod:`clinicseo.scoring.result`). Yoast 3.x shows Flesch reading ease as an insight, not
an assessment, so that check and ``grade_level`` carry ``counted=False`` and stay out of
the overall readability score, as in WordPress.

Failure modes: none; a document without enough text gets ``text_presence`` (bad) instead
of the other checks.
"""

from __future__ import annotations

import re
from collections import Counter

from clinicseo.scoring import english, metrics, syllables
from clinicseo.scoring import readability_words as rw
from clinicseo.scoring.document import Document, Sentence
from clinicseo.scoring.result import Check, check

KIND = "readability"
_NUMBER = re.compile(r"^[\d.,:/%-]+$")


def pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def text_presence(doc: Document) -> Check | None:
    """Yoast's "not enough content": fewer than 50 characters of text."""
    if len(doc.text) >= 50:
        return None
    return check(
        "text_presence", KIND, 3, len(doc.text),
        "Not enough content: add some text (at least 50 characters) before it can be judged.",
    )  # fmt: skip


def sentence_length(doc: Document) -> Check:
    counted = doc.counted
    long = [s for s in counted if len(s.words) > 20]
    share = pct(len(long), len(counted))
    score = 9 if share <= 25 else 6 if share <= 30 else 3
    msg = f"{share}% of the sentences have more than 20 words" + (
        "." if score == 9 else "; keep it under 25%: shorten or split the marked sentences."
    )
    return check("sentence_length", KIND, score, share, msg, [(s.start, s.end) for s in long])


def paragraph_length(doc: Document) -> Check:
    sizes = [(n, b) for b, n in zip(doc.blocks, doc.block_words, strict=True) if b.kind == "p"]
    longest = max((n for n, _ in sizes), default=0)
    score = 9 if longest <= 150 else 6 if longest <= 200 else 3
    spans = [(p.start, p.end) for n, p in sizes if n > 150]
    msg = (
        "No paragraph is too long."
        if score == 9
        else f"The longest paragraph has {longest} words; keep paragraphs to 150 words at most."
    )
    return check("paragraph_length", KIND, score, longest, msg, spans)


def _sections(doc: Document) -> list[tuple[int, int, int, bool]]:
    """(words, start, end, before the first heading) of each stretch between headings.

    As Yoast counts them: every heading (H1–H6) opens a section, even an empty one; the
    text before the first heading is a section when it has words; quoted text is left out.
    """
    sections: list[tuple[int, int, int, bool]] = []
    current: list[int] | None = None  # [words, start, end, before-first]
    for block, n_words in zip(doc.blocks, doc.block_words, strict=True):
        if block.kind == "h":
            if current is not None:
                sections.append((current[0], current[1], current[2], bool(current[3])))
            current = [0, block.end, block.end, 0]
        elif block.kind == "p":
            if current is None:
                current = [0, block.start, block.end, 1]
            current[0] += n_words
            current[2] = block.end
    if current is not None:
        sections.append((current[0], current[1], current[2], bool(current[3])))
    return [x for x in sections if x[0] or not x[3]]


def subheading_distribution(doc: Document) -> Check:
    total = len(doc.words)
    has_headings = any(b.kind == "h" for b in doc.blocks)
    if total <= 300:
        msg = (
            "The text is short: subheadings are well spread."
            if has_headings
            else "No subheadings, but the text is short enough not to need them."
        )
        return check("subheading_distribution", KIND, 9, 0, msg)
    if not has_headings:
        return check(
            "subheading_distribution", KIND, 2, total,
            f"The text has {total} words and no subheadings: add H2/H3 subheadings.",
            [(doc.blocks[0].start, doc.blocks[-1].end)] if doc.blocks else [],
        )  # fmt: skip
    sections = _sections(doc)
    longest = max((w for w, *_ in sections), default=0)
    spans = [(a, b) for w, a, b, _ in sections if w > 300]
    intro = next((w for w, _, _, first in sections if first), 0)
    if intro > 300 and len(spans) < 2:
        score = 6 if intro <= 350 else 3
        msg = (
            f"The text before the first subheading has {intro} words; add a subheading "
            "within the first 300 words."
        )
        return check("subheading_distribution", KIND, score, intro, msg, spans)
    score = 9 if longest <= 300 else 6 if longest <= 350 else 3
    msg = (
        "Subheadings are well spread over the text."
        if score == 9
        else f"A section has {longest} words after its subheading; add a subheading at least "
        "every 300 words."
    )
    return check("subheading_distribution", KIND, score, longest, msg, spans)


def _is_participle(word: str) -> bool:
    if word in english.IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 4 and word.endswith("ed") and word not in rw.NON_PARTICIPLES_ED


# Brackets do not end a clause: "Water loss (TEWL) was measured" is passive for Yoast.
_CLAUSE_TOKENS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[,:]")


def is_passive(sentence: Sentence) -> bool:
    """A form of "be" or "get" followed, within its clause, by a past participle.

    The clause runs to a comma or a word that opens another phrase (a preposition, an
    article, a conjunction, a relative pronoun): "Is my data kept private?" is passive;
    "It is red and we treated it" is not.
    """
    tokens = _CLAUSE_TOKENS.findall(sentence.text.lower().replace("’", "'"))
    if rw.PASSIVE_AUXILIARIES.isdisjoint(tokens):
        return False
    open_clause = False
    for t in tokens:
        if t in rw.PASSIVE_AUXILIARIES:
            open_clause = True
        elif not open_clause:
            continue
        elif t in ",:" or t in rw.PASSIVE_CLAUSE_BREAKS:
            open_clause = False
        elif _is_participle(t):
            return True
    return False


def passive_voice(doc: Document) -> Check:
    passive = [s for s in doc.counted if is_passive(s)]
    share = pct(len(passive), doc.text_sentence_count(quoted=False))
    score = 9 if share <= 10 else 6 if share <= 15 else 3
    msg = f"{share}% of the sentences use the passive voice" + (
        "." if score == 9 else "; keep it to 10% at most: rewrite the marked sentences actively."
    )
    return check("passive_voice", KIND, score, share, msg, [(s.start, s.end) for s in passive])


_PHRASES = re.compile(r"\b(?:" + "|".join(map(re.escape, rw.TRANSITION_PHRASES)) + r")\b")


def has_transition(sentence: Sentence) -> bool:
    lowered = [w.lower() for w in sentence.words]
    if not rw.TRANSITION_WORDS.isdisjoint(lowered):
        return True
    for first, second in rw.TRANSITION_PAIRS:
        if first in lowered and second in lowered[lowered.index(first) + 1 :]:
            return True
    return _PHRASES.search(" ".join(lowered)) is not None


def transition_words(doc: Document) -> Check:
    total_words = len(doc.words)
    counted = doc.counted
    with_tw = [s for s in counted if has_transition(s)]
    share = pct(len(with_tw), len(counted))
    if total_words < 200:
        # Yoast shows (and counts) a green light here: nothing to improve yet.
        return check(
            "transition_words", KIND, 9, share,
            "The text is under 200 words: transition words are not judged yet.",
        )  # fmt: skip
    score = 3 if share < 20 else 6 if share < 30 else 9
    msg = f"{share}% of the sentences contain a transition word" + (
        "." if score == 9 else "; aim for at least 30% (however, because, for example…)."
    )
    return check("transition_words", KIND, score, share, msg)


def _beginning(sentence: Sentence) -> str:
    words = [w.lower() for w in sentence.words[:2]]
    if words and words[0] in english.FIRST_WORD_EXCEPTIONS and len(words) > 1:
        return " ".join(words[:2])
    return words[0] if words else ""


def consecutive_sentences(doc: Document) -> Check:
    """Runs of three or more sentences starting with the same word. List items are left
    out, as Yoast leaves them out: "do not scratch…", "do not share…" bullets are a list's
    nature, not monotonous prose (a run goes on across a list between paragraphs)."""
    runs: list[list[Sentence]] = []
    run: list[Sentence] = []
    last = ""
    for s in doc.counted:
        if doc.blocks[s.block].in_list:
            continue
        beginning = _beginning(s)
        if run and beginning == last:
            run.append(s)
        else:
            if len(run) > 2:
                runs.append(run)
            run = [s]
        last = beginning
    if len(run) > 2:
        runs.append(run)
    longest = max((len(r) for r in runs), default=1)
    score = 3 if runs else 9
    msg = (
        "No run of sentences starts with the same word."
        if not runs
        else f"{len(runs)} run(s) of {longest} or more sentences start with the same word: "
        "vary the beginnings."
    )
    spans = [(r[0].start, r[-1].end) for r in runs]
    return check("consecutive_sentences", KIND, score, longest, msg, spans)


def word_tally(doc: Document) -> Counter[str]:
    """Every word of the text (quotes and numbers included), each distinct word once with
    how often it occurs: the formulas judge each distinct word once."""
    return Counter(w for s in doc.sentences for w in s.words)


def flesch_counts(doc: Document, tally: Counter[str] | None = None) -> tuple[int, int, int]:
    """(words, sentences, syllables) with numbers stripped, as Yoast's Flesch research does:
    on the whole text, quotes included, a table counting as one block."""
    words = syl = 0
    for w, k in (tally if tally is not None else word_tally(doc)).items():
        if not _NUMBER.match(w):
            words += k
            syl += k * syllables.count(w)
    symbols = sum(
        1
        for b in doc.blocks
        if _HAS_SYMBOL.search(b.text)  # most blocks have none: skip their tokens
        for token in b.text.split()
        if _is_symbol_word(token)
    )
    return words + symbols, doc.text_sentence_count(quoted=True), syl


_SYMBOLS = frozenset("%=/#$£€°+×")
_HAS_SYMBOL = re.compile("[%=/#$£€°+×]")


def _is_symbol_word(token: str) -> bool:
    """ "95%", "=", "$199": a token with no letter that Yoast still counts as a word (its
    symbol survives the number stripping), with no syllable."""
    return not _SYMBOLS.isdisjoint(token) and not any(ch.isalpha() for ch in token)


def flesch_reading_ease(doc: Document, fre: float) -> Check:
    words = len(doc.words)
    if words <= 10:
        return check(
            "flesch_reading_ease", KIND, None, fre, "Too short for a Flesch score.", counted=False
        )
    score = 9 if fre >= 60 else 6 if fre >= 50 else 3
    band = next(
        name
        for floor, name in (
            (90, "very easy"),
            (80, "easy"),
            (70, "fairly easy"),
            (60, "okay"),
            (50, "fairly difficult"),
            (30, "difficult"),
            (-1e9, "very difficult"),
        )  # fmt: skip
        if fre >= floor
    )
    msg = f"Flesch reading ease {fre}: {band} to read" + (
        "." if score == 9 else "; use shorter sentences and simpler words to reach 60."
    )
    return check("flesch_reading_ease", KIND, score, fre, msg, counted=False)


def grade_level(grade: float, target: float) -> Check:
    """Health literacy: patient information should read at school grade ``target`` or lower."""
    status = "good" if grade <= target else "ok" if grade <= target + 2 else "bad"
    msg = f"Flesch-Kincaid grade {grade} (target {target:g} or lower)" + (
        "." if status == "good" else ": patients read health text best at grade 8 or below."
    )
    return check("grade_level", KIND, None, grade, msg, status=status, counted=False)


def run(doc: Document, *, grade_target: float) -> tuple[list[Check], dict[str, float]]:
    """All readability checks and the contract's ``readability`` figures."""
    tally = word_tally(doc)
    words, sentences, syl = flesch_counts(doc, tally)
    counts = metrics.count(tally, flesch_words=words, sentences=sentences, syllable_count=syl)
    figures = metrics.readability(counts)
    figures["reading_time_s"] = metrics.reading_time_s(len(doc.words), len(doc.images))
    presence = text_presence(doc)
    if presence is not None:
        return [presence], figures
    checks = [
        sentence_length(doc),
        paragraph_length(doc),
        subheading_distribution(doc),
        passive_voice(doc),
        transition_words(doc),
        consecutive_sentences(doc),
        flesch_reading_ease(doc, figures["flesch_reading_ease"]),
        grade_level(figures["flesch_kincaid_grade"], grade_target),
    ]
    return checks, figures
