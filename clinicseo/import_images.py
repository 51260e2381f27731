"""Pictures inside a writer's .docx: checked, named by their bytes, kept for the publisher.

Each embedded image is read (at most :data:`MAX_IMAGE_BYTES`, however well it compresses),
identified by its own bytes — never by the type the file claims — and measured from its
header without decoding it. A kept image gets the stable address drafts use for pictures
(``{site_url}/wp-content/uploads/clinicseo/<name>``, see :mod:`clinicseo.media_store`), its
alt text from the document, and its width and height; the publisher uploads it to the media
library once, like the library's own pictures. ``<name>`` is the alt text's words plus a hash
of the bytes, so the same picture imported twice is one file and one upload.

Failure modes, each naming the file and the image by its number and alt text:

* a format that is not a web image (EMF, WMF, TIFF, SVG: Word's drawings, or a script
  carrier) is left out, and the import says so;
* bytes that are not the web image they claim to be (an HTML page or an archive labelled
  image/png), more than :data:`MAX_IMAGE_BYTES`, more than :data:`MAX_PIXELS` or a side over
  :data:`MAX_SIDE` (an image bomb: a small file that WordPress would try to resize into
  gigabytes), or more than :data:`MAX_IMAGES` pictures refuse the whole import: nothing is
  stored.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinicseo.errors import InputError
from clinicseo.media_store import ASSET_PATH

MAX_IMAGE_BYTES = 10_000_000  # one photo from a phone is 2-5 MB
MAX_PIXELS = 40_000_000  # 8000 x 5000; WordPress resizes every upload in PHP memory
MAX_SIDE = 12_000
MAX_IMAGES = 40
WEB_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
             "image/webp": ".webp"}  # fmt: skip
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass
class Kept:
    """The images of one article, waiting to be written when the import is stored."""

    files: dict[str, bytes] = field(default_factory=dict)  # name -> bytes
    notes: list[str] = field(default_factory=list)
    count: int = 0


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(content type, width, height) read from the bytes' own header, or None when they are
    not a PNG, JPEG, GIF or WebP image."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "image/png", width, height
        if data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", data[6:10])
            return "image/gif", width, height
        if data.startswith(b"\xff\xd8\xff"):
            return _jpeg(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except struct.error:  # a header cut short
        return None
    return None


def _jpeg(data: bytes) -> tuple[str, int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "image/jpeg", width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def _webp(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return "image/webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return "image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return "image/webp", width, height
    return None


def keep_image(
    path: Path, kept: Kept, *, declared: str, alt: str, read: Any, site_url: str
) -> dict[str, str]:
    """Check one embedded image and keep it; returns the ``<img>`` attributes (no ``src``
    when it is left out). `read(n)` reads at most n bytes of it."""
    kept.count += 1
    number = kept.count
    alt = " ".join((alt or "").split())
    which = f"image {number}" + (f' ("{alt[:60]}")' if alt else "")
    if number > MAX_IMAGES:
        raise InputError(f"{path}: more than {MAX_IMAGES} images; split the article or "
                         "leave some pictures out")
    declared = (declared or "").lower()
    if declared not in WEB_TYPES and declared != "image/jpg":
        kept.notes.append(f"{path.name}: {which} is {declared or 'of no stated type'}, not a "
                          "web image; left out: save it as PNG or JPEG and insert it again")
        return {"src": "", "alt": alt}
    data = read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise InputError(f"{path}: {which} is larger than {MAX_IMAGE_BYTES // 1_000_000} MB; "
                         "save it smaller and insert it again")
    found = sniff(data)
    if found is None:
        raise InputError(f"{path}: {which} is labelled {declared} but its bytes are not a "
                         "PNG, JPEG, GIF or WebP image; nothing was imported")
    kind, width, height = found
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise InputError(f"{path}: {which} is {width} x {height} pixels: over the limit of "
                         f"{MAX_PIXELS // 1_000_000} million pixels and {MAX_SIDE} a side; "
                         "nothing was imported")
    name = image_name(alt, data, WEB_TYPES[kind])
    kept.files[name] = data
    if not alt:
        kept.notes.append(f"{path.name}: {which} has no alt text: describe it in the draft "
                          "before it is approved")
    return {"src": site_url.rstrip("/") + ASSET_PATH + name, "alt": alt,
            "width": str(width), "height": str(height)}


def image_name(alt: str, data: bytes, suffix: str) -> str:
    """The alt text's first words and a hash of the bytes: readable in the media library,
    and one file for one picture."""
    words = "-".join(re.findall(r"[a-z0-9]+", alt.lower()))[:48].strip("-") or "image"
    return f"{words}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


def write_images(files: dict[str, bytes], folder: Path) -> None:
    """Write the kept images into `folder` (the imported images folder); a name already there
    holds the same bytes (the name carries their hash), so it is left as it is. Each file is
    written whole or not at all."""
    if not files:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            if target.is_file():
                continue
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".import-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"{folder}: cannot keep the imported images: {exc.strerror}") from None
