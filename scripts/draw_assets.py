"""Draw the article images in ``clinicseo/templates/assets/`` (run by hand; the PNGs are committed).

``python -m scripts.draw_assets`` writes ``clinicseo/templates/assets/microneedling-session.png``:
an illustrative cross-section of skin (epidermis, dermis with collagen fibres, fat cells),
the tip of a microneedling pen whose fine needles reach into the dermis, and a soft warm
glow around the needle tips for the short, controlled inflammation that starts repair.
No text in the picture: the caption and alt text carry the words.

Pillow is a dev-only dependency (``pip install -e '.[dev]'``); nothing at run time needs
it. Shapes are drawn at twice the size and scaled down (Pillow's shapes are not
anti-aliased), then reduced to a small palette so the file stays well under 150 KB.
Deterministic: the same Pillow version draws the same bytes.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ASSETS = Path(__file__).resolve().parents[1] / "clinicseo" / "templates" / "assets"
W, H = 1200, 800
S = 2  # supersampling factor

BACKGROUND_TOP = (236, 246, 245)  # pale mint: the clinic's calm accent
BACKGROUND_BOTTOM = (250, 252, 251)
EPIDERMIS = (232, 170, 150)
EPIDERMIS_EDGE = (205, 138, 120)
DERMIS = (246, 208, 196)
COLLAGEN = (226, 165, 150)
HYPODERMIS = (252, 236, 200)
FAT_EDGE = (232, 205, 150)
PEN_BODY = (64, 120, 128)  # deep teal
PEN_LIGHT = (104, 164, 170)
PEN_CAP = (216, 228, 230)
NEEDLE = (150, 160, 168)
GLOW = (236, 92, 96)

SKIN_TOP = 330  # y of the skin surface (final pixels)
EPI_BOTTOM = 390
DERMIS_BOTTOM = 640


def _surface(x: float) -> float:
    """The skin's gently undulating surface."""
    return SKIN_TOP + 6 * math.sin(x / 95) + 3 * math.sin(x / 37 + 1.3)


def _band(x: float, base: float, amp: float) -> float:
    return base + amp * math.sin(x / 120 + 0.7) + amp / 2 * math.sin(x / 53)


def _vertical_gradient(
    size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]
) -> Image.Image:
    w, h = size
    strip = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / max(1, h - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize((w, h))


def _skin_layers(img: Image.Image) -> None:
    d = ImageDraw.Draw(img)
    xs = [x / S for x in range(0, W * S + 1, 4)]

    def poly(upper: list[float], lower: list[float]) -> list[tuple[float, float]]:
        top = [(x * S, y * S) for x, y in zip(xs, upper, strict=True)]
        bottom = [(x * S, y * S) for x, y in zip(reversed(xs), reversed(lower), strict=True)]
        return top + bottom

    surface = [_surface(x) for x in xs]
    epi = [_band(x, EPI_BOTTOM, 5) for x in xs]
    derm = [_band(x, DERMIS_BOTTOM, 8) for x in xs]
    floor = [float(H)] * len(xs)
    d.polygon(poly(derm, floor), fill=HYPODERMIS)
    d.polygon(poly(epi, derm), fill=DERMIS)
    d.polygon(poly(surface, epi), fill=EPIDERMIS)
    d.line(
        [(x * S, y * S) for x, y in zip(xs, surface, strict=True)], fill=EPIDERMIS_EDGE, width=4 * S
    )
    d.line([(x * S, y * S) for x, y in zip(xs, epi, strict=True)], fill=EPIDERMIS_EDGE, width=2 * S)

    rng = random.Random(2026)  # fixed: the same picture every run
    # Collagen: soft wavy fibres running through the dermis.
    for i in range(16):
        y0 = EPI_BOTTOM + 22 + i * 14 + rng.uniform(-4, 4)
        phase, amp = rng.uniform(0, 6.3), rng.uniform(4, 9)
        pts = [(x * S, (y0 + amp * math.sin(x / 48 + phase)) * S) for x in xs]
        d.line(pts, fill=COLLAGEN, width=2 * S)
    # Fat cells: rounded lobules in the hypodermis.
    for row, y in enumerate(range(DERMIS_BOTTOM + 40, H + 40, 62)):
        for x in range(-20 + (row % 2) * 40, W + 60, 80):
            r = rng.uniform(26, 33)
            cx, cy = x + rng.uniform(-6, 6), y + rng.uniform(-5, 5)
            d.ellipse(
                [(cx - r) * S, (cy - r * 0.85) * S, (cx + r) * S, (cy + r * 0.85) * S],
                fill=HYPODERMIS, outline=FAT_EDGE, width=3 * S,
            )  # fmt: skip
    # Epidermal cells: a row of small rounded marks just under the surface.
    for x in range(10, W, 26):
        ym = (_surface(x) + _band(x, EPI_BOTTOM, 5)) / 2 + rng.uniform(-3, 3)
        d.ellipse(
            [(x - 8) * S, (ym - 6) * S, (x + 8) * S, (ym + 6) * S],
            outline=EPIDERMIS_EDGE,
            width=2 * S,
        )


NEEDLE_XS = [520, 556, 592, 628, 664, 700]
NEEDLE_TIP = 470  # in the upper dermis


def _glow(img: Image.Image) -> Image.Image:
    """A soft warm glow around the needle tips: blurred, blended over the skin only."""
    mask = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(mask)
    for x in NEEDLE_XS:
        d.ellipse(
            [(x - 34) * S, (NEEDLE_TIP - 50) * S, (x + 34) * S, (NEEDLE_TIP + 34) * S], fill=170
        )
    d.ellipse([480 * S, 380 * S, 740 * S, 540 * S], fill=90)
    mask = mask.filter(ImageFilter.GaussianBlur(28 * S))
    skin_only = Image.new("L", img.size, 0)
    ImageDraw.Draw(skin_only).polygon(
        [(x * S, _surface(x) * S) for x in range(0, W + 1, 4)] + [(W * S, H * S), (0, H * S)],
        fill=255,
    )
    mask = ImageChops.multiply(mask, skin_only)
    return Image.composite(Image.new("RGB", img.size, GLOW), img, mask)


def _pen(img: Image.Image) -> None:
    d = ImageDraw.Draw(img)
    # Needles first, so the cartridge covers their tops.
    for x in NEEDLE_XS:
        d.line([(x * S, 250 * S), (x * S, NEEDLE_TIP * S)], fill=NEEDLE, width=3 * S)
        d.polygon([((x - 1.5) * S, (NEEDLE_TIP - 6) * S), ((x + 1.5) * S, (NEEDLE_TIP - 6) * S),
                   (x * S, (NEEDLE_TIP + 4) * S)], fill=NEEDLE)  # fmt: skip
    # The cartridge (pale), then the pen body (teal) rising out of the frame.
    d.rounded_rectangle([490 * S, 200 * S, 730 * S, 262 * S], radius=18 * S, fill=PEN_CAP,
                        outline=PEN_LIGHT, width=3 * S)  # fmt: skip
    d.rounded_rectangle([530 * S, -60 * S, 690 * S, 212 * S], radius=30 * S, fill=PEN_BODY)
    d.rounded_rectangle([548 * S, -40 * S, 586 * S, 190 * S], radius=16 * S, fill=PEN_LIGHT)
    d.rounded_rectangle([600 * S, 110 * S, 672 * S, 130 * S], radius=10 * S, fill=PEN_CAP)


def _tiny_marks(img: Image.Image) -> None:
    """Tiny channels left in the skin on either side: where the pen has already been."""
    d = ImageDraw.Draw(img)
    for x in [*range(120, 440, 44), *range(800, 1120, 44)]:
        top = _surface(x)
        d.line([(x * S, (top + 2) * S), (x * S, (top + 70) * S)], fill=EPIDERMIS_EDGE, width=2 * S)


def draw_microneedling_session() -> Image.Image:
    big = _vertical_gradient((W * S, H * S), BACKGROUND_TOP, BACKGROUND_BOTTOM)
    _skin_layers(big)
    _tiny_marks(big)
    big = _glow(big)
    _pen(big)
    small = big.resize((W, H), Image.Resampling.LANCZOS)
    return small.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main() -> int:
    ASSETS.mkdir(parents=True, exist_ok=True)
    out = ASSETS / "microneedling-session.png"
    draw_microneedling_session().save(out, optimize=True)
    print(f"{out.relative_to(ASSETS.parents[1])}: {out.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
