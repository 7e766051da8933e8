"""A cup's ring goes, and the digits it crosses stay (ocr.rings)."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from conftest import printed_lines
from ocr import read, rings


def test_a_ring_crossing_two_lines_goes_and_their_digits_stay():
    # A cup's ring 8 px thick through two lines of print: ring and digits were one
    # component, which went whole as a loop ("5790 28", "24 0087").  The ring goes; the
    # digits lose only the pixels they share with it (two of them misread).
    lines = ["57901892 38428", "2465 0087"]
    img = printed_lines(lines, 40, (1000, 500), 100, 150, 150)
    ImageDraw.Draw(img).ellipse([150, 160, 390, 400], outline=90, width=8)
    read_lines = [line.text.replace(" ", "") for line in read(img).lines]
    assert [len(t) for t in read_lines] == [13, 8]
    wrong = sum(a != b for t, r in zip(lines, read_lines) for a, b in zip(t.replace(" ", ""), r))
    assert wrong <= 2


def test_a_ring_over_many_digits_goes_though_they_hold_much_of_its_ink():
    # A cup's ring 180 px across over three lines of bold print: with the digits it crosses
    # it is one component, a loop of which the circle holds under 0.7 of the ink (the page
    # read as one "0", or "7").  The ring goes; the digits under it lose their pixels on it
    # (in DejaVu Sans Bold two are misread, in Pillow's font more).
    from ocr import synth
    lines = ["57901892 38428", "2465 0087 3321", "713149 2268"]
    bold = [f for f in synth.dejavu_fonts() if f.endswith("DejaVuSans-Bold.ttf")]
    font, stroke = (ImageFont.truetype(bold[0], 44), 0) if bold else (ImageFont.load_default(44), 1)
    img = Image.new("L", (1100, 500), 255)
    d = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        d.text((80, 60 + 90 * k), text, font=font, fill=0, stroke_width=stroke, stroke_fill=0)
    d.ellipse([210, 70, 390, 250], outline=110, width=9)
    read_lines = [line.text.replace(" ", "") for line in read(img).lines]
    assert [len(t) for t in read_lines] == [13, 12, 10]
    assert read_lines[2] == lines[2].replace(" ", "")  # clear of the ring


def test_a_cups_ring_broken_into_two_arcs_is_no_line_of_digits():
    # Faint, a ring breaks where it is thinnest: its halves, no loops, read "69".
    lines = ["57901892 38428", "2465 0087", "713149"]
    img = printed_lines(lines, 40, (1200, 800), 80, 60, 120)
    d = ImageDraw.Draw(img)
    d.arc([600, 420, 840, 660], 100, 260, fill=110, width=8)
    d.arc([600, 420, 840, 660], 280, 80, fill=110, width=8)
    assert [line.text for line in read(img).lines] == lines


def test_a_circle_is_fitted_to_a_ring_with_a_digit_on_it_but_not_to_an_oval():
    t = np.linspace(0, 2 * np.pi, 2000)
    xs, ys = 100 + 80 * np.cos(t), 120 + 80 * np.sin(t)
    blob_x, blob_y = np.meshgrid(np.arange(175, 195), np.arange(110, 140))   # a digit on it
    cx, cy, r, thickness = rings.ring_fit(np.r_[xs, blob_x.ravel()], np.r_[ys, blob_y.ravel()])
    assert abs(cx - 100) < 2 and abs(cy - 120) < 2 and abs(r - 80) < 2 and thickness < 6
    assert rings.ring_fit(50 + 30 * np.cos(t), 50 + 45 * np.sin(t)) is None   # a 0 is an oval


def test_an_image_of_a_ring_alone_reads_nothing_as_a_page():
    # Everything on it was the ring: once it went there were no components left (a crash).
    img = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(img).ellipse([40, 40, 260, 260], outline=25, width=4)
    assert read(img, mode="page").text == ""
    assert len(read(img, mode="auto").chars) <= 1
