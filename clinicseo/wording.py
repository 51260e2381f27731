"""Checks in plain words, ordered by how much they matter (the review app and the report).

One table maps each check id to the name Yoast shows in its sidebar and a sentence saying
what to do when it fails (Yoast's own wording where Yoast has the check; ours for the
compliance and overlap checks Yoast lacks). The check's stored ``message`` carries the
figures ("42% of sentences…") and is shown beneath, as the detail.
"""

from __future__ import annotations

from typing import Any

# check id -> (name, what to do when it is not green)
PLAIN: dict[str, tuple[str, str]] = {
    # readability (Yoast's readability analysis)
    "text_presence": ("Not enough content", "Please add some content to enable a good analysis."),
    "sentence_length": (
        "Sentence length",
        "Too many sentences are longer than 20 words. Try to shorten the sentences.",
    ),
    "paragraph_length": (
        "Paragraph length",
        "Some paragraphs are longer than the recommended maximum of 150 words. "
        "Shorten your paragraphs!",
    ),
    "subheading_distribution": (
        "Subheading distribution",
        "Parts of your text are longer than 300 words and are not separated by any "
        "subheadings. Add subheadings to improve readability.",
    ),
    "passive_voice": (
        "Passive voice",
        "Too many sentences contain passive voice (more than 10%). "
        "Try to use their active counterparts.",
    ),
    "transition_words": (
        "Transition words",
        "Not enough sentences contain transition words. Use more of them.",
    ),
    "consecutive_sentences": (
        "Consecutive sentences",
        "The text contains several consecutive sentences starting with the same word. "
        "Try to mix things up!",
    ),
    "flesch_reading_ease": (
        "Flesch Reading Ease",
        "The copy is considered difficult to read. "
        "Try to make shorter sentences and use shorter words to improve readability.",
    ),
    "grade_level": (
        "Reading grade",
        "The text needs more years of schooling than most patients have. "
        "Use shorter sentences and everyday words.",
    ),
    # SEO (Yoast's SEO analysis)
    "keyphrase_length": (
        "Keyphrase length",
        "No focus keyphrase was set, or it is too long. "
        "Set a keyphrase of one to four words to calculate the SEO score.",
    ),
    "keyphrase_in_title": (
        "Keyphrase in SEO title",
        "Not all the words from your keyphrase appear in the SEO title. Write the exact "
        "keyphrase in the SEO title, and put it at the beginning.",
    ),
    "keyphrase_in_introduction": (
        "Keyphrase in introduction",
        "Your keyphrase does not appear in the first paragraph. "
        "Make sure the topic is clear immediately.",
    ),
    "keyphrase_in_meta_description": (
        "Keyphrase in meta description",
        "The meta description does not contain the keyphrase. Fix that!",
    ),
    "keyphrase_in_slug": (
        "Keyphrase in slug",
        "(Part of) your keyphrase does not appear in the slug. Change that!",
    ),
    "keyphrase_in_subheadings": (
        "Keyphrase in subheading",
        "Use more keyphrases or synonyms in your higher-level subheadings!",
    ),
    "keyphrase_density": (
        "Keyphrase density",
        "The keyphrase is used too rarely or too often for a text of this length. "
        "Focus on your keyphrase, without stuffing it in.",
    ),
    "meta_description_length": (
        "Meta description length",
        "The meta description is too short or too long: use 120 to 156 characters.",
    ),
    "text_length": (
        "Text length",
        "The text is below the recommended minimum of 300 words. Add more content.",
    ),
    "title_width": (
        "SEO title width",
        "The SEO title is too wide or too short for the search results. Make it fit.",
    ),
    "outbound_links": ("Outbound links", "No outbound links appear in this page. Add some!"),
    "internal_links": (
        "Internal links",
        "No internal links appear in this page, make sure to add some!",
    ),
    "images": ("Images", "No images appear on this page. Add some!"),
    "image_alt": (
        "Image keyphrase",
        "Images on this page do not have alt attributes with the words from your "
        "keyphrase. Fix that!",
    ),
    "single_h1": (
        "Single title",
        "H1s should only be used as your main title. Change the other H1s in your text to a "
        "lower heading level!",
    ),
    "competing_links": (
        "Competing links",
        "You're linking to another page with the words you want this page to rank for. "
        "Don't do that!",
    ),
    # overlap (ours)
    "uniqueness_variants": (
        "Overlap with other variants",
        "This text repeats long passages of another variant of the topic. Keep one and "
        "reword or reject the other.",
    ),
    "uniqueness_published": (
        "Overlap with the blog",
        "This text repeats long passages of a post that is already scheduled or published. "
        "Reword the marked passages.",
    ),
    "uniqueness_competitors": (
        "Wording copied from competitors",
        "Passages match a competitor's page word for word. Reword them in your own words.",
    ),
    "keyword_swap": (
        "Keyword swap",
        "This text is another draft with only the keyword or place name swapped. "
        "Search engines treat that as duplicate content: write it fresh.",
    ),
}

KIND_ORDER = {"compliance": 0, "uniqueness": 1, "seo": 2, "readability": 3}
KIND_NAMES = {
    "compliance": "Compliance",
    "uniqueness": "Overlap",
    "seo": "SEO",
    "readability": "Readability",
}
STATUS_ORDER = {"bad": 0, "ok": 1, "good": 2}


def plain(check: dict[str, Any]) -> tuple[str, str]:
    """(name, what to do) for a check; compliance checks are named by their rule."""
    cid = str(check.get("id", "?"))
    if cid in PLAIN:
        return PLAIN[cid]
    if check.get("kind") == "compliance":
        message = str(check.get("message") or "")
        title = message.split(":", 1)[0] if ":" in message else cid
        return (
            f"Advertising rules: {title}",
            "Reword it as suggested below, or record an override with a reason.",
        )
    return (cid.replace("_", " ").capitalize(), str(check.get("message") or ""))


def _grouped(check: dict[str, Any]) -> list[dict[str, Any]]:
    """A check's findings with repeats folded into one line and a count ("× 2")."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for f in check.get("findings") or []:
        key = (str(f.get("text", "")).lower(), str(f.get("suggestion", "")))
        if key in seen:
            seen[key]["times"] += 1
        else:
            seen[key] = {**f, "times": 1}
    return list(seen.values())


def severity(check: dict[str, Any]) -> tuple[int, int, float]:
    """Sort key: red before orange before green; compliance, overlap, SEO, readability;
    within those, the lower Yoast points first."""
    points = check.get("score")
    return (
        STATUS_ORDER.get(str(check.get("status")), 3),
        KIND_ORDER.get(str(check.get("kind")), 4),
        float(points) if isinstance(points, int | float) else 9.0,
    )


def split_checks(
    checks: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(checks that are not green, worst first; the green rest), each with ``name``/``plain``."""
    named = []
    for c in checks:
        name, sentence = plain(c)
        named.append({**c, "name": name, "plain": sentence, "findings": _grouped(c)})
    named.sort(key=severity)
    failing = [c for c in named if c.get("status") in ("bad", "ok")]
    rest = [c for c in named if c.get("status") not in ("bad", "ok")]
    return failing, rest
