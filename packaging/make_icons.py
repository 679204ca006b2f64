#!/usr/bin/env python3
"""Draw the application icon: the SVG source and every raster size, from one geometry.

The icon is a white speech bubble with three dots on a green rounded square (a message
being written). The shapes are defined once below; the script writes them as SVG (the
editable source) and rasterises the same shapes with Pillow, 4x supersampled, into the
PNG sizes the desktops ask for, a Windows ``.ico`` and a macOS ``.icns``.

Run from the repository root (output is deterministic, so re-running changes nothing)::

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons" / "app"
NAME = "sens-console"

VIEW = 256  # the SVG's coordinate system; everything below is in these units
TOP_COLOUR = (0x12, 0xB8, 0x86)
BOTTOM_COLOUR = (0x08, 0x7F, 0x5B)
BACKGROUND = (8, 8, 248, 248, 56)  # x0, y0, x1, y1, corner radius
BUBBLE = (44, 58, 212, 168, 38)
TAIL = ((78, 150), (70, 208), (132, 164))
DOTS = ((88, 113), (128, 113), (168, 113))
DOT_RADIUS = 14

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SUPERSAMPLE = 4


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def svg() -> str:
    """The icon as SVG (same shapes as :func:`render`)."""
    bx0, by0, bx1, by1, br = BACKGROUND
    ux0, uy0, ux1, uy1, ur = BUBBLE
    tail = " ".join(f"{x},{y}" for x, y in TAIL)
    dots = "\n".join(
        f'  <circle cx="{x}" cy="{y}" r="{DOT_RADIUS}" fill="url(#bg)"/>' for x, y in DOTS
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- SENS Console application icon. Source of truth: packaging/make_icons.py. -->
<svg xmlns="http://www.w3.org/2000/svg" width="{VIEW}" height="{VIEW}" viewBox="0 0 {VIEW} {VIEW}">
  <defs>
    <linearGradient id="bg" x1="0" y1="{by0}" x2="0" y2="{by1}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{_hex(TOP_COLOUR)}"/>
      <stop offset="1" stop-color="{_hex(BOTTOM_COLOUR)}"/>
    </linearGradient>
  </defs>
  <rect x="{bx0}" y="{by0}" width="{bx1 - bx0}" height="{by1 - by0}" rx="{br}" fill="url(#bg)"/>
  <polygon points="{tail}" fill="#ffffff"/>
  <rect x="{ux0}" y="{uy0}" width="{ux1 - ux0}" height="{uy1 - uy0}" rx="{ur}" fill="#ffffff"/>
{dots}
</svg>
"""


def _gradient(size: int) -> Image.Image:
    """The background gradient over the whole canvas (top to bottom of the square)."""
    top, bottom = BACKGROUND[1] / VIEW * size, BACKGROUND[3] / VIEW * size
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = min(1.0, max(0.0, (y - top) / max(1.0, bottom - top)))
        pairs = zip(TOP_COLOUR, BOTTOM_COLOUR, strict=True)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in pairs))
    return column.resize((size, size), Image.Resampling.NEAREST)


def render(size: int) -> Image.Image:
    """The icon at `size` x `size` pixels (RGBA), anti-aliased by supersampling."""
    big = size * SUPERSAMPLE
    scale = big / VIEW

    def box(spec: tuple[int, int, int, int, int]) -> tuple[list[float], float]:
        x0, y0, x1, y1, r = spec
        return [x0 * scale, y0 * scale, x1 * scale - 1, y1 * scale - 1], r * scale

    gradient = _gradient(big)
    mask = Image.new("L", (big, big), 0)
    rect, radius = box(BACKGROUND)
    ImageDraw.Draw(mask).rounded_rectangle(rect, radius=radius, fill=255)
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    image.paste(gradient, (0, 0), mask)

    draw = ImageDraw.Draw(image)
    draw.polygon([(x * scale, y * scale) for x, y in TAIL], fill=(255, 255, 255, 255))
    rect, radius = box(BUBBLE)
    draw.rounded_rectangle(rect, radius=radius, fill=(255, 255, 255, 255))
    dots = Image.new("L", (big, big), 0)
    dot_draw = ImageDraw.Draw(dots)
    for x, y in DOTS:
        r = DOT_RADIUS * scale
        dot_draw.ellipse([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=255)
    image.paste(gradient, (0, 0), dots)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{NAME}.svg").write_text(svg(), encoding="utf-8")
    for size in PNG_SIZES:
        render(size).save(OUT / f"{NAME}-{size}.png", optimize=True)
    largest = render(1024)
    ico_sizes = [(s, s) for s in ICO_SIZES]
    render(256).save(OUT / f"{NAME}.ico", format="ICO", sizes=ico_sizes)
    largest.save(OUT / f"{NAME}.icns", format="ICNS")
    written = sorted(p.name for p in OUT.iterdir())
    print(f"wrote {len(written)} files to {OUT.relative_to(ROOT)}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
