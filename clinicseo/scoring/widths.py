"""Text width in pixels at 20px Arial: how Yoast measures the SEO title for the snippet.

Arial is metric-compatible with Helvetica, so the advance widths below (units per 1000 em)
are the Helvetica AFM widths for ASCII plus the common typographic characters. Characters
not in the table count as a lowercase "n" (556), a fair width for Latin letters.
"""

from __future__ import annotations

_ASCII = (
    # space ! " # $ % & ' ( ) * + , - . /
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    # 0-9
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
    # : ; < = > ? @
    278, 278, 584, 584, 584, 556, 1015,
    # A-Z
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,
    # [ \ ] ^ _ `
    278, 278, 278, 469, 556, 333,
    # a-z
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
    # { | } ~
    334, 260, 334, 584,
)  # fmt: skip

WIDTHS: dict[str, int] = {chr(32 + i): w for i, w in enumerate(_ASCII)}
WIDTHS.update(
    {
        "‘": 222,
        "’": 222,
        "“": 333,
        "”": 333,
        "–": 556,
        "—": 1000,
        "…": 1000,
        "•": 350,
        "·": 278,
        "©": 737,
        "®": 737,
        "™": 1000,
        "°": 400,
        "é": 556,
        "è": 556,
        "à": 556,
        "ü": 556,
        "ö": 556,
        "ä": 556,
        "ñ": 556,
        "ç": 500,
        "|": 260,
        "\u00a0": 278,
    }  # fmt: skip
)
DEFAULT = 556


def title_width_px(text: str, size: float = 20.0) -> float:
    """Width of ``text`` in px at ``size`` px Arial (tabs and newlines count as spaces)."""
    units = sum(WIDTHS.get(" " if ch in "\t\r\n" else ch, DEFAULT) for ch in text)
    return units * size / 1000
