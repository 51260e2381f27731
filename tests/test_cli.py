"""The command line as a user meets it: help everywhere, one-line errors, the exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

from clinicseo.cli import cli
from clinicseo.config import Config

REPO = Path(__file__).resolve().parents[1]


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            out += commands(cmd, f"{prefix}{name} ")
    return out


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clinicseo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(("name", "command"), commands(cli))
def test_every_command_has_help_and_is_in_the_readme(name: str, command: click.Command) -> None:
    assert command.help, f"`clinicseo {name}` has no help text"
    readme = (REPO / "README.md").read_text()
    assert f"clinicseo {name}" in readme, f"the README does not show `clinicseo {name}`"


def test_help_is_instant_because_heavy_imports_wait() -> None:
    heavy = "('scrapy', 'textstat', 'flask', 'wordpress_xmlrpc')"
    probe = f"import sys, clinicseo.cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_bad_config_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "clinic.toml"
    bad.write_text(
        '[clinic]\nname = "x"\nsite_url = "y"\ncolour = "blue"\n'
        '[wordpress]\nurl = "u"\nusername = "a"\n'
    )
    result = run("init", "--config", str(bad))
    assert result.returncode == 2
    assert f"{bad}: [clinic] unknown key 'colour'" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_from_the_environment_and_the_lifecycle(make_config: Callable[..., Config]) -> None:
    config = make_config()
    env = {"CLINICSEO_CONFIG": str(config.path)}
    first = run("init", env=env)
    assert first.returncode == 0, first.stderr
    assert str(config.database.path) in first.stdout
    assert run("init", env=env).returncode == 0  # safe to run again
    missing = run("show", "42", env=env)
    assert missing.returncode == 2 and "no draft with id 42" in missing.stderr
    listed = run("drafts", "--format", "json", env=env)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    usage = run("generate", env=env)
    assert usage.returncode == 2 and "--topic" in usage.stderr


def test_users_add_reads_the_password_from_stdin_and_never_echoes_it(
    make_config: Callable[..., Config],
) -> None:
    config = make_config()
    result = run(
        "users",
        "add",
        "mia",
        "--role",
        "editor",
        "--config",
        str(config.path),
        stdin="correct horse battery\n",
    )
    assert result.returncode == 0, result.stderr
    assert "correct horse" not in result.stdout + result.stderr
    from clinicseo import store

    user = store.get_user(store.connect(config.database.path), "mia")
    assert user is not None and user["role"] == "editor"
    assert "correct horse" not in user["password_hash"]
    short = run("users", "add", "bo", "--config", str(config.path), stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr


def test_publish_dry_run_sends_nothing_and_says_what_would_go(
    make_config: Callable[..., Config],
) -> None:
    from datetime import UTC, datetime, timedelta

    from clinicseo import store
    from tests.test_store import draft

    config = make_config()
    conn = store.connect(config.database.path)
    (i,) = store.insert_drafts(conn, [draft()])
    d = store.get_draft(conn, i)
    store.transition(
        conn, i, store.APPROVED, by="t", action="approved", approved_hash=d["text_hash"]
    )
    past = datetime.now(UTC) - timedelta(minutes=1)
    store.transition(
        conn, i, store.SCHEDULED, by="t", action="scheduled", publish_at=store.iso(past)
    )
    # No WordPress and no password are needed to ask what would go.
    result = run("publish", "--due", "--dry-run", "--config", str(config.path))
    assert result.returncode == 0, result.stderr
    assert f"would publish draft {i}" in result.stdout
    assert store.get_draft(conn, i)["state"] == store.SCHEDULED


def test_generate_stores_scored_drafts_and_tells_the_reviewers(
    make_config: Callable[..., Config], smtp: Any
) -> None:
    inbox, port = smtp
    config = make_config(
        notify={"smtp_host": "127.0.0.1", "smtp_port": port, "recipients": ["team@clinic.example"]}
    )
    args = ["generate", "--topic", "microneedling and inflammation", "--variants", "2"]
    result = run(*args, "--config", str(config.path))
    assert result.returncode == 0, result.stderr
    assert "2 drafts stored" in result.stdout
    drafts = json.loads(run("drafts", "--format", "json", "--config", str(config.path)).stdout)
    assert len(drafts) == 2 and all(d["scores"]["readability"] > 0 for d in drafts)
    (mail,) = inbox.messages
    assert "2 new draft(s) await review" in mail["Subject"]
    assert drafts[0]["title"] in mail.get_payload()

    refused = run("generate", "--topic", "hair transplant prices", "--config", str(config.path))
    assert refused.returncode == 1 and "hair transplant" in refused.stderr
    assert len(inbox.messages) == 1  # nothing stored, nobody told


def test_score_uses_the_config_named_by_the_environment(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    # Run from a folder with no config/clinic.toml: only $CLINICSEO_CONFIG names the config.
    uk = make_config(clinic={"jurisdiction": "UK"})
    page = tmp_path / "prp.html"
    page.write_text("<h2>PRP facial</h2><p>We offer a PRP facial with microneedling.</p>")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()

    def blocking(env: dict[str, str]) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "clinicseo", "score", str(page)],
            capture_output=True,
            text=True,
            cwd=workdir,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO), **env},
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)[0]["blocking"]

    assert "claims_prescription_only" in blocking({})  # no config: the AU pack
    assert "claims_prescription_only" not in blocking({"CLINICSEO_CONFIG": str(uk.path)})


def test_users_admin_commands(make_config: Callable[..., Config]) -> None:
    from clinicseo import store

    config = make_config()
    cfg = ("--config", str(config.path))
    assert run("users", "add", "mia", *cfg, stdin="first password\n").returncode == 0
    changed = run("users", "password", "mia", *cfg, stdin="second password\n")
    assert changed.returncode == 0, changed.stderr
    assert "second password" not in changed.stdout + changed.stderr
    user = store.get_user(store.connect(config.database.path), "mia")
    assert user is not None and user["session_generation"] == 1  # old sessions ended
    assert run("users", "disable", "mia", *cfg).returncode == 0
    listed = run("users", "list", *cfg)
    assert listed.returncode == 0 and "mia" in listed.stdout and "disabled" in listed.stdout
    assert "scrypt" not in listed.stdout  # no hashes
    assert run("users", "enable", "mia", *cfg).returncode == 0
    assert run("users", "unlock", "mia", *cfg).returncode == 0
    assert run("users", "remove", "mia", *cfg).returncode == 0
    missing = run("users", "remove", "mia", *cfg)
    assert missing.returncode == 2 and "no account named 'mia'" in missing.stderr
    short = run("users", "password", "nobody", *cfg, stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr
