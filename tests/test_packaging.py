"""A non-editable install is complete: `pip install .` into a fresh virtualenv gives a
working clinicseo, with the template library, the starter config, the WordPress plugin and
the review app's assets, none of them read from this repository."""

from __future__ import annotations

import os
import site
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with clinicseo installed from its wheel (not editable). The venv has no
    pip and no network: the dependencies come from the test's own environment through a
    .pth line, so only clinicseo itself is the installed copy."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, cwd=root, timeout=300)
    wheel = next(wheels.glob("clinicseo-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("clinicseo/templates/layout.html.j2", "clinicseo/templates/assets/"
                   "microneedling-session.png", "clinicseo/starter_config.toml",
                   "clinicseo/review/static/app.css", "publisher/wp-plugin/clinicseo-meta.php"):
        assert needed in names, f"the wheel lacks {needed}"
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = next((venv / "lib").glob("python3*/site-packages"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    (target / "test_deps.pth").write_text(site.getsitepackages()[0] + "\n")
    return venv / "bin" / "python"


def clinicseo(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLINICSEO_CONFIG")}
    return subprocess.run([str(python), "-m", "clinicseo", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def test_the_installed_copy_is_used_not_this_repository(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run([str(installed), "-c", "import clinicseo; print(clinicseo.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(installed.parents[1]) in where and str(REPO) not in where


def test_init_here_then_generate_from_the_installed_package(installed: Path,
                                                            tmp_path: Path) -> None:
    made = clinicseo(installed, "init", "--here", "clinic", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    config = tmp_path / "clinic" / "clinic.toml"
    assert (tmp_path / "clinic" / "data" / "clinicseo.db").exists()
    out = clinicseo(installed, "--config", str(config), "generate", "--topic",
                    "microneedling and inflammation", "--variants", "2", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "2 drafts stored" in out.stdout


def test_serve_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    assert clinicseo(installed, "init", "--here", "c", cwd=tmp_path).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CLINICSEO_SECRET_KEY": "test-only-secret-key-0123456789abcdef"}
    env.pop("PYTHONPATH", None)
    server = subprocess.Popen([str(installed), "-m", "clinicseo", "--config", "c/clinic.toml",
                               "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = None
        for _ in range(100):
            try:
                page = requests.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert page is not None and page.status_code == 200
        css = requests.get(f"http://127.0.0.1:{port}/static/app.css", timeout=2)
        assert css.status_code == 200 and len(css.text) > 100
    finally:
        server.terminate()
        server.wait(timeout=10)
