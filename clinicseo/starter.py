"""`clinicseo init --here DIR`: a new setup from the commented starter config.

The starter (`starter_config.toml`, shipped in the package) documents every config key with
its default; tests keep it complete as keys are added. Beside it goes the clinic's topic
vocabulary, a commented copy of the built-in meaning groups to edit.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from clinicseo.errors import InputError
from clinicseo.topic_terms import starter_vocabulary

CONFIG_NAME = "clinic.toml"
VOCABULARY_NAME = "vocabulary.toml"  # the name starter_config.toml's [topics] gives


def starter_text() -> str:
    return (files("clinicseo") / "starter_config.toml").read_text("utf-8")


def write_starter(folder: Path) -> Path:
    """Write DIR/clinic.toml, DIR/vocabulary.toml (the clinic's topic vocabulary, kept when
    there is one) and DIR/data/; an existing config is never overwritten."""
    target = folder / CONFIG_NAME
    if target.exists():
        raise InputError(f"{target}: already exists; edit it, or choose another folder")
    try:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        vocabulary = folder / VOCABULARY_NAME
        if not vocabulary.exists():
            vocabulary.write_text(starter_vocabulary(), encoding="utf-8")
        target.write_text(starter_text(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the starter config: {exc.strerror}") from None
    return target
