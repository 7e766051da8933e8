"""Annotated pages: boxes in the right colours, labels that do not collide."""
import numpy as np
from PIL import Image, ImageDraw

from conftest import render
from ocr import read
from ocr.annotate import annotate, char_labels, label_font


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_labels_of_tightly_set_digits_do_not_overlap():
    page = read(render("1234567890 4711 0815", 24, pad=30))
    assert len(page.chars) == 18
    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    for line in page.lines:
        font = label_font(line.chars)
        boxes = [draw.textbbox(xy, text, font=font, anchor=anchor)
                 for c in line.chars for text, xy, anchor in char_labels(c)]
        for i, a in enumerate(boxes):
            assert not any(overlaps(a, b) for b in boxes[i + 1:])


def test_unsure_characters_are_red_and_sure_ones_green(tmp_path):
    image = render("42", 40, pad=30)
    gray = np.asarray(image, dtype=np.float32) / 255.0
    page = read(image)
    for threshold, colour in ((0.0, (0, 160, 0)), (1.01, (220, 0, 0))):
        annotate(gray, page, tmp_path / "a.png", min_confidence=threshold)
        out = np.asarray(Image.open(tmp_path / "a.png").convert("RGB"))
        x, y, w, h = page.chars[0].box
        assert (out[y - 1, x:x + w] == colour).all(axis=1).any()   # the box's top edge
        other = (0, 160, 0) if colour != (0, 160, 0) else (220, 0, 0)
        assert not (out == other).all(axis=2).any()
