#!/usr/bin/env bash
# Set everything up (scripts/setup.sh) and run the whole test suite: unit tests, real Scrapy
# crawls of sites served on 127.0.0.1, a real local WordPress, real headless Chromium.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k publish`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy clinicseo scrapers publisher scripts
.venv/bin/pytest "$@"
