"""Where article images live on this machine, and the address drafts give them.

A draft names an image by a stable address under the blog, ``{site_url}/wp-content/uploads/
clinicseo/<file>``; the publisher uploads ``<file>`` to the media library at send time
(:mod:`publisher.media`) and the review app shows it from here. ``<file>`` is looked up, in
this order, in:

1. the clinic's own template library's ``assets/`` (``[generate] templates_dir``), so a
   clinic can add or redraw a template's picture;
2. the imported images folder, ``media/`` beside the database: pictures that came inside a
   writer's ``.docx`` (:mod:`clinicseo.import_images`). It sits with the database so a backup
   of the data folder keeps the pictures the drafts name;
3. the built-in library's ``assets/``.

Only plain file names are ever looked up (no folders, no ".."), so an address in a draft
cannot reach any other file.
"""

from __future__ import annotations

from pathlib import Path

from clinicseo.config import Config
from clinicseo.library import TEMPLATES_DIR

ASSET_PATH = "/wp-content/uploads/clinicseo/"  # the stable address drafts use
BUILT_IN_ASSETS = TEMPLATES_DIR / "assets"
MEDIA_FOLDER = "media"


def imported_media_dir(config: Config) -> Path:
    """The folder imported images are kept in: ``media/`` beside the database."""
    return config.database.path.parent / MEDIA_FOLDER


def asset_folders(config: Config | None) -> tuple[Path, ...]:
    """The folders an image address is looked up in, first match wins (module doc)."""
    if config is None:
        return (BUILT_IN_ASSETS,)
    own = (Path(config.generate.templates_dir) / "assets",) if config.generate.templates_dir \
        else ()
    return (*own, imported_media_dir(config), BUILT_IN_ASSETS)


def find_asset(name: str, folders: tuple[Path, ...]) -> Path | None:
    """The file called `name` in the first folder that has it; None for anything that is not
    a plain file name."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    for folder in folders:
        path = folder / name
        if path.is_file():
            return path
    return None
