"""Draw a read page: every character's box, label and confidence on a copy of the input."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont


def annotate(gray, page, path, min_confidence=0.5):
    """Write a PNG of ``gray`` (h, w) with ``page``'s characters drawn on it.

    Sure characters are boxed in green, those below ``min_confidence`` (or read as
    ``?``) in red so they stand out; the label and confidence sit above each box.
    """
    img = Image.fromarray((np.clip(gray, 0, 1) * 255).astype(np.uint8)).convert("RGB")
    draw = ImageDraw.Draw(img)
    heights = [c.box[3] for c in page.chars]
    size = int(np.clip(np.median(heights) * 0.45 if heights else 12, 9, 40))
    font = ImageFont.load_default(size)
    for line in page.lines:
        draw.rectangle(box_corners(line.box, 3), outline=(120, 120, 255))
        for c in line.chars:
            unsure = c.text == "?" or c.confidence < min_confidence
            color = (220, 0, 0) if unsure else (0, 160, 0)
            draw.rectangle(box_corners(c.box, 1), outline=color, width=2 if unsure else 1)
            label = f"{c.label} {c.confidence:.2f}"
            draw.text((c.box[0], max(0, c.box[1] - size - 2)), label, fill=color, font=font)
    img.save(path, format="PNG")


def box_corners(box, pad):
    x, y, w, h = box
    return [x - pad, y - pad, x + w - 1 + pad, y + h - 1 + pad]
