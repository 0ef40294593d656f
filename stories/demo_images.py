"""Pillow-drawn pictures for demo content (no downloads)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

PALETTES = [
    ((11, 92, 173), (245, 163, 0)),
    ((20, 110, 80), (230, 240, 220)),
    ((120, 40, 90), (250, 210, 120)),
    ((40, 40, 60), (90, 200, 220)),
    ((170, 60, 30), (250, 235, 200)),
]


def draw_picture(seed, size=(1200, 675)):
    """A deterministic abstract picture (circles and bands) as a PNG file object."""
    rng = random.Random(seed)
    background, accent = PALETTES[seed % len(PALETTES)]
    image = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(6):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(height // 10, height // 3)
        shade = tuple(min(255, c + rng.randint(-30, 30)) for c in accent)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.rectangle((0, height * 3 // 4, width, height), fill=tuple(c // 2 for c in background))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"demo-{seed}.png")


def draw_portrait(seed, initials, size=400):
    """A round-faced placeholder portrait with the person's initials."""
    background, accent = PALETTES[seed % len(PALETTES)]
    image = PILImage.new("RGB", (size, size), accent)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.1, size * 0.1, size * 0.9, size * 0.9), fill=background)
    font = ImageFont.load_default(size=size // 3)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"portrait-{seed}.png")
