"""`clinicseo init --here DIR`: a new setup from the commented starter config.

The starter (`starter_config.toml`, shipped in the package) documents every config key with
its default; tests keep it complete as keys are added.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from clinicseo.errors import InputError

CONFIG_NAME = "clinic.toml"


def starter_text() -> str:
    return (files("clinicseo") / "starter_config.toml").read_text("utf-8")


def write_starter(folder: Path) -> Path:
    """Write DIR/clinic.toml and DIR/data/; an existing config is never overwritten."""
    target = folder / CONFIG_NAME
    if target.exists():
        raise InputError(f"{target}: already exists; edit it, or choose another folder")
    try:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        target.write_text(starter_text(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the starter config: {exc.strerror}") from None
    return target
