"""The review commands as a user types them: edit, versions, restore, override, sign-off,
reschedule and unschedule, and --expect-hash on each that acts on what was read. Real
processes (`python -m clinicseo`) on a real config and SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clinicseo import store
from clinicseo.config import Config
from tests.test_cli import run
from tests.test_store import draft


@pytest.fixture
def cfg(make_config: Callable[..., Config]) -> Config:
    return make_config()


def cli(config: Config, *args: str, stdin: str = "") -> Any:
    return run(*args, "--config", str(config.path), stdin=stdin)


def one_line_error(result: Any, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


def test_edit_from_the_command_line_with_the_hash_it_read(cfg: Config, tmp_path: Path) -> None:
    conn = store.connect(cfg.database.path)
    (i,) = store.insert_drafts(conn, [draft()])
    shown = json.loads(cli(cfg, "show", str(i)).stdout)
    opened = shown["text_hash"]  # what `show` prints for --expect-hash
    assert opened == store.get_draft(conn, i)["text_hash"]

    body = tmp_path / "body.md"
    body.write_text("## How it works\n\nFine needles make channels. <script>alert(1)</script>\n")
    done = cli(
        cfg,
        "edit",
        str(i),
        "--by",
        "sam",
        "--title",
        "Needling, <b>explained</b>",
        "--body-file",
        str(body),
        "--expect-hash",
        opened[:12],
    )
    assert done.returncode == 0, done.stderr
    d = store.get_draft(conn, i)
    assert f"text_hash {d['text_hash']}" in done.stdout
    assert "<h2>How it works</h2>" in d["html"] and "<script" not in d["html"]
    assert d["history"][-1]["by"] == "sam" and d["checks"]  # re-scored

    # A second person still holding the first text is refused, in one line; nothing changes.
    late = cli(cfg, "edit", str(i), "--by", "ann", "--title", "Other", "--expect-hash", opened)
    line = one_line_error(late, 1)
    assert "the text changed since you opened it" in line and opened[:12] in line
    assert store.get_draft(conn, i)["text_hash"] == d["text_hash"]
    for args in (
        ("approve", str(i), "--by", "mia"),
        ("reject", str(i), "--by", "mia", "--reason", "no"),
    ):
        refused = cli(cfg, *args, "--expect-hash", opened)
        assert "the text changed since you opened it" in one_line_error(refused, 1)
    bad = cli(cfg, "edit", str(i), "--by", "ann", "--title", "x", "--expect-hash", "zz")
    assert "--expect-hash" in one_line_error(bad, 2)
    assert cli(cfg, "edit", str(i), "--by", "ann").returncode == 2  # nothing to change

    # Every text is listed, and the first can be restored.
    listed = cli(cfg, "versions", str(i))
    assert listed.returncode == 0 and opened[:12] in listed.stdout
    assert len(json.loads(cli(cfg, "versions", str(i), "--format", "json").stdout)) == 2
    old = json.loads(cli(cfg, "versions", str(i), "--show", opened[:12]).stdout)
    assert old["title"] == draft()["title"]
    back = cli(cfg, "restore", str(i), opened[:12], "--by", "mia")
    assert back.returncode == 0, back.stderr
    assert store.get_draft(conn, i)["text_hash"] == opened


def test_calendar_moves_overrides_and_sign_off_from_the_command_line(cfg: Config) -> None:
    conn = store.connect(cfg.database.path)
    a, b = store.insert_drafts(
        conn,
        [
            draft(),
            draft(
                variant="b", keyphrase="skin needling", approvable=False, blocking=["claims_safety"]
            ),
        ],
    )
    assert cli(cfg, "approve", str(a), "--by", "mia").returncode == 0
    slot = store.get_draft(conn, a)["publish_at"]

    # Override by one person, approval by another.
    combined = cli(cfg, "approve", str(b), "--by", "mia", "--override", "qualified")
    assert "two_person_override" in one_line_error(combined, 2)
    assert cli(cfg, "override", str(b), "--by", "mia", "--reason", "qualified").returncode == 0
    same = cli(cfg, "approve", str(b), "--by", "mia")
    assert "someone else must approve it" in one_line_error(same, 1)

    # A clinician account signs off the medical content.
    added = cli(cfg, "users", "add", "dr-lee", "--role", "clinician", stdin="clinician pass\n")
    assert added.returncode == 0, added.stderr
    signed = cli(cfg, "sign-off", str(b), "--by", "dr-lee", "--note", "risks stated")
    assert signed.returncode == 0, signed.stderr
    assert "signed off by dr-lee" in signed.stdout
    assert "not a clinician" in one_line_error(cli(cfg, "sign-off", str(b), "--by", "mia"), 1)

    # Into a's slot: refused, with free slots offered; the next free slot instead.
    when = store.parse_iso(slot).astimezone(cfg.tz).strftime("%Y-%m-%dT%H:%M")
    assert cli(cfg, "approve", str(b), "--by", "sam").returncode == 0
    clash = cli(cfg, "reschedule", str(b), "--by", "sam", "--publish-at", when)
    line = one_line_error(clash, 1)
    assert f"is taken by draft {a}" in line and "nearest free slots" in line
    detail = json.loads(cli(cfg, "show", str(b)).stdout)
    assert detail["signoff_by"] == "dr-lee" and detail["signoff_hash"] == detail["approved_hash"]

    off = cli(cfg, "unschedule", str(a), "--by", "sam")
    assert off.returncode == 0 and "still approved" in off.stdout
    assert store.get_draft(conn, a)["state"] == store.APPROVED
    moved = cli(cfg, "reschedule", str(b), "--by", "sam", "--publish-at", when)
    assert moved.returncode == 0, moved.stderr
    assert store.get_draft(conn, b)["publish_at"] == slot
    again = cli(cfg, "reschedule", str(a), "--by", "sam", "--next-slot")
    assert again.returncode == 0, again.stderr
    d = store.get_draft(conn, a)
    assert d["state"] == store.SCHEDULED and d["approved_hash"] == d["text_hash"]
    usage = cli(cfg, "reschedule", str(a), "--by", "sam")
    assert usage.returncode == 2 and "exactly one" in usage.stderr


def test_two_edit_processes_from_one_text_one_is_refused(cfg: Config) -> None:
    """The same race as tests/test_review_races.py, between processes: two `clinicseo edit`
    runs started together from the same hash; one saves, the other is told."""
    import subprocess
    import sys

    from tests.test_cli import REPO

    conn = store.connect(cfg.database.path)
    (i,) = store.insert_drafts(conn, [draft()])
    for n in range(3):  # each run loads the scorer: a few rounds, the threads test does 50
        opened = store.get_draft(conn, i)["text_hash"]
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "clinicseo", "edit", str(i), "--by", who, "--title",
                 f"{who} {n}", "--expect-hash", opened, "--config", str(cfg.path)],
                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            for who in ("ann", "ben")
        ]
        outcomes = [(p.wait(timeout=120), p.communicate()) for p in procs]
        codes = sorted(code for code, _ in outcomes)
        assert codes == [0, 1], outcomes
        refused = next(err for code, (_, err) in outcomes if code == 1)
        assert "the text changed since you opened it" in refused
        saved = next(out for code, (out, _) in outcomes if code == 0)
        assert store.get_draft(conn, i)["text_hash"] in saved
