#!/usr/bin/env bash
# Set everything up (scripts/setup.sh) and run the main job on the embedded defaults:
# a local WordPress, a served sample competitor site, a crawl, topics and gaps, scored
# drafts, one approved and published, the SEO readability report, and the review app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m scripts.demo "$@"
