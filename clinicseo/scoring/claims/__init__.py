"""Reading a health claim for what it means: pattern expansion and the context that clears it.

``patterns`` turns a rule pack's readable patterns (``~erase`` for every inflection of a
word, ``{OUTCOME}`` for a shared word list) into regular expressions; ``context`` decides
whether a match is negated, quoted to be rejected, cited, asked about or offered with its
terms. ``clinicseo.scoring.compliance`` runs them; the words themselves are data in
``clinicseo/scoring/rules/*.toml``.
"""
