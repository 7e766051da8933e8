"""Draw a read page: every character's box, label and confidence on a copy of the input."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont

GREEN, RED, BLUE = (0, 160, 0), (220, 0, 0), (120, 120, 255)


def annotate(gray, page, path, min_confidence=0.5):
    """Write a PNG of ``gray`` (h, w) with ``page``'s characters drawn on it.

    Each character gets its box, its label centred above it and its confidence in
    percent (99 = 0.99 or more) centred below it, in a font small enough for two
    digits to fit the line's character pitch, so neighbours' labels do not overlap.
    Sure characters are green; those below ``min_confidence`` (or read as ``?``)
    are red and boxed thicker, so they stand out.
    """
    img = Image.fromarray((np.clip(gray, 0, 1) * 255).astype(np.uint8)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for line in page.lines:
        draw.rectangle(box_corners(line.box, 3), outline=BLUE)
        font = label_font(line.chars)
        for c in line.chars:
            unsure = c.text == "?" or c.confidence < min_confidence
            color = RED if unsure else GREEN
            draw.rectangle(box_corners(c.box, 1), outline=color, width=2 if unsure else 1)
            for text, xy, anchor in char_labels(c):
                draw.text(xy, text, fill=color, font=font, anchor=anchor)
    img.save(path, format="PNG")


def percent(confidence):
    return str(min(99, int(confidence * 100)))


def label_font(chars):
    """Pillow's font at the largest size (9..40) where "99" fits the chars' typical pitch."""
    boxes = np.array([c.box for c in chars])
    if len(boxes) > 1:
        pitch = float(np.median(np.diff(np.sort(boxes[:, 0] + boxes[:, 2] / 2))))
    else:
        pitch = float(boxes[0, 2]) if len(boxes) else 12.0
    size = int(np.clip(min(0.45 * np.median(boxes[:, 3]) if len(boxes) else 12, pitch / 1.2), 9, 40))
    return ImageFont.load_default(size)


def char_labels(char):
    """(text, point, Pillow anchor) of a char's label, centred on the baseline just above
    its box, and of its confidence in percent, centred just below it."""
    x, y, w, h = char.box
    return [(char.label, (x + w / 2, y - 3), "ms"), (percent(char.confidence), (x + w / 2, y + h + 3), "mt")]


def box_corners(box, pad):
    x, y, w, h = box
    return [x - pad, y - pad, x + w - 1 + pad, y + h - 1 + pad]
