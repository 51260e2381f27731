"""`clinicseo init --here DIR`: a commented starter config that documents every key."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

from clinicseo import config as config_module
from clinicseo.config import load_config
from clinicseo.errors import InputError
from clinicseo.starter import starter_text, write_starter


def sections() -> list[tuple[str, type]]:
    out = list(config_module._SECTIONS.items())
    hints = typing.get_type_hints(config_module.Config)
    out.append(("competitors", typing.get_args(hints["competitors"])[0]))
    return out


@pytest.mark.parametrize(("section", "cls"), sections())
def test_the_starter_documents_every_key(section: str, cls: type) -> None:
    text = starter_text()
    body = re.split(r"^\[\[?" + section + r"\]\]?", text, flags=re.M)[1]
    body = re.split(r"^\[", body, flags=re.M)[0]
    for f in dataclasses.fields(cls):
        assert re.search(rf"^#? ?{f.name} = ", body, re.M), \
            f"clinicseo/starter_config.toml: [{section}] does not show '{f.name}'"


def test_init_here_writes_a_starter_that_loads_and_never_overwrites(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "clinic")
    config = load_config(written)
    assert config.database.path == (tmp_path / "clinic" / "data" / "clinicseo.db")
    assert (tmp_path / "clinic" / "data").is_dir()
    with pytest.raises(InputError, match="already exists"):
        write_starter(tmp_path / "clinic")
