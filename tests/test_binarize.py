"""Binarization: threshold, polarity and lighting, on images made here."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

import ocr
from conftest import printed_lines, render, squared_paper
from ocr.binarize import binarize, dithered
from ocr.levels import otsu_threshold


def test_otsu_splits_two_levels():
    values = np.r_[np.full(100, 0.2), np.full(300, 0.8)]
    assert 0.2 <= otsu_threshold(values) < 0.8


def test_binarize_flattens_uneven_light():
    gray = np.asarray(render("4 4 4 4", 40), dtype=np.float32) / 255.0
    ramp = np.linspace(1.0, 0.45, gray.shape[1])[None, :]   # light falls off to the right
    mask = binarize(gray * ramp).mask
    truth = gray < 0.5
    assert (mask & truth).sum() > 0.85 * truth.sum()
    assert (mask & ~truth).sum() < 0.05 * truth.sum()


def test_a_shadow_across_part_of_a_page_is_not_ink():
    # A scanner's shadow by the binding: the light falls off steeply over the left part
    # of the page.  A plain max filter puts the paper too bright all along the slope.
    img = Image.new("L", (1240, 1000), 255)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(["4711 0815", "2026 1234", "99 8765"]):
        d.text((60 + 100 * i, 100 + 300 * i), text, font=ImageFont.load_default(40), fill=0)
    text = np.asarray(img) < 128
    shadow = 0.45 + 0.55 * np.clip(np.linspace(0, 3, 1240), 0, 1)[None, :]
    rng = np.random.default_rng(0)
    page = (0.85 - 0.6 * text) * shadow + rng.normal(0, 0.02, text.shape)
    mask = binarize(np.clip(page, 0, 1).astype(np.float32), sparse=True).mask
    assert (mask & text).sum() > 0.85 * text.sum()
    assert (mask & ~text).sum() < 0.1 * text.sum()


def test_a_black_scanner_border_does_not_raise_the_threshold_over_faint_print():
    img = printed_lines(["4711 0815", "2026 1234", "99 8765"], 30, (1240, 900), 200, 150, 250)
    text = np.asarray(img) < 128
    rng = np.random.default_rng(0)
    page = 0.85 - 0.3 * text + rng.normal(0, 0.03, text.shape)   # faint print
    page[:, :40], page[:25] = 0.08, 0.1                             # the scanner's lid
    mask = binarize(np.clip(page, 0, 1).astype(np.float32), sparse=True).mask
    assert (mask & text).sum() > 0.85 * text.sum()


def test_noisy_paper_with_a_little_faint_ink_keeps_dark_ink_polarity():
    # Grain symmetric around the paper tone and under 1% ink: an Otsu cut through the
    # middle of the noise used to call the page light-on-dark in about 1 case of 10.
    img = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(img).text((200, 130), "391597", font=ImageFont.load_default(24), fill=0)
    text = np.asarray(img) < 128
    yy, xx = np.mgrid[0:300, 0:600] / 600
    rec, extra = ocr.Recognizer(), []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        light = 1 - rng.uniform(0, 0.15) * (rng.uniform() * yy + rng.uniform() * xx)
        page = np.clip((0.85 - 0.35 * text) * light + rng.normal(0, 0.08, yy.shape), 0, 1).astype(np.float32)
        mask = binarize(page, sparse=True).mask
        assert (mask & text).sum() > 0.5 * text.sum(), seed
        assert rec.read(page, mode="page").text.replace(" ", "") == "391597", seed
        extra.append((mask & ~text).sum() / text.sum())
    # The grain that passes the cut is single specks (dropped as such): a few hundredths
    # of the text's ink as a rule, now and then a grainy patch more (up to 1.2 times it).
    assert np.median(extra) < 0.1


@pytest.mark.parametrize("seed", range(3))
def test_a_grainy_light_copy_of_small_print_keeps_its_polarity_either_way_round(seed):
    # Under 0.5% of the page is ink, so a tail's last 0.5% is paper's grain, and a light
    # copy spreads the grain's light specks (a maximum filter): its light tail outran the
    # ink's and the page read inverted (every digit lost); ink is what lies far out of
    # the noise on one side.
    img = Image.new("L", (1200, 1600), 255)
    for k in range(3):
        ImageDraw.Draw(img).text((300, 200 + 60 * k), "4819 2270930", font=ImageFont.load_default(22),
                                 fill=0, stroke_width=1, stroke_fill=0)
    text = np.asarray(img) < 128
    rng = np.random.default_rng(seed)
    grain = 0.8 - 0.45 * text + rng.normal(0, 0.07, text.shape)
    near = ndimage.binary_dilation(text)
    copy = ndimage.grey_dilation(grain, size=(3, 3))
    for page in (copy, 1 - copy):
        mask = binarize(np.clip(page, 0, 1).astype(np.float32), sparse=True).mask
        assert (mask & near).sum() > 0.4 * text.sum() and (mask & ~near).sum() < 0.05 * text.sum()


def test_light_ink_on_dark_ground_is_inverted():
    gray = np.asarray(render("5 8", 40), dtype=np.float32) / 255.0
    mask = binarize(gray).mask
    assert (mask & (gray < 0.5)).sum() == (gray < 0.5).sum()
    assert np.array_equal(binarize(1.0 - gray).mask, mask)


def skewed_page(fill, angle, expand=False):
    """Gray paper with three lines of print, rotated as a skewed scan; the corners it
    leaves are ``fill`` (the scanner's white lid or black bed), with ``expand`` the
    whole page on it.  -> (gray, text)."""
    img = Image.new("L", (1240, 1754), 255)   # A4 at 150 dpi
    d = ImageDraw.Draw(img)
    lines = ["4711 0815", "2026 1234", "99 8765"]
    for i, text in enumerate(lines):
        d.text((250, 300 + 150 * i), text, font=ImageFont.load_default(30), fill=0)
    rng = np.random.default_rng(1)
    page = 0.8 - 0.6 * (np.asarray(img) < 128) + rng.normal(0, 0.02, (1754, 1240))
    page = Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8))
    return page.rotate(angle, resample=Image.BILINEAR, expand=expand, fillcolor=fill), "\n".join(lines)


@pytest.mark.parametrize("fill, angle, expand", [(255, 3, False), (255, -1, False), (0, 5, False),
                                                 (0, -3, False), (255, 5, True), (255, -3, True)])
def test_the_corners_a_skewed_page_leaves_are_not_read(fill, angle, expand):
    # White corners: the page was taken for light ink on a dark ground, and the paper's
    # own gray beside them read as ink along the edges, in bands hundreds of pixels long.
    # Black corners: their thin ends read as 1s.
    page, text = skewed_page(fill, angle, expand)
    assert ocr.read(page).text == text


@pytest.mark.parametrize("digit", "0123456789")
@pytest.mark.parametrize("pad", [0, 2])
def test_a_tightly_cropped_bold_digit_keeps_its_polarity(digit, pad):
    # Half ink: the median is as likely ink as paper, and a bold 0 read as its counter.
    font = ImageFont.load_default(80)
    left, top, right, bottom = font.getbbox(digit, stroke_width=2)
    img = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(img).text((pad - left, pad - top), digit, font=font, fill=0, stroke_width=2, stroke_fill=0)
    gray = np.asarray(img, dtype=np.float32) / 255.0
    assert (binarize(gray).mask == (gray < 0.5)).mean() > 0.95
    assert ocr.read_char(img).text == digit and ocr.read(img).text == digit


def test_dithered_gray_is_told_from_a_thresholded_bilevel_scan():
    gray_paper = Image.new("L", (200, 100), 205).convert("1")       # Floyd-Steinberg dots
    print_ = Image.new("L", (200, 100), 255)
    ImageDraw.Draw(print_).text((10, 10), "2468", font=ImageFont.load_default(50), fill=0)

    def as_float(img):
        return np.asarray(img.convert("L"), dtype=np.float32) / 255

    assert dithered(as_float(gray_paper))
    assert not dithered(as_float(print_.convert("1")))
    assert not dithered(np.ones((10, 10), dtype=np.float32))  # no dark pixel at all


def test_only_a_thresholded_bilevel_page_is_marked_bilevel():
    # its strokes may have fallen apart (ocr.characters.joined_fragments); a dithered
    # page is smoothed back to gray, and gray is gray
    print_ = Image.new("L", (300, 120), 230)
    ImageDraw.Draw(print_).text((10, 10), "2468", font=ImageFont.load_default(60), fill=60)

    def ink(img):
        return binarize(np.asarray(img.convert("L"), dtype=np.float32) / 255, sparse=True)

    assert ink(print_.point(lambda v: 255 if v >= 128 else 0)).bilevel
    assert not ink(print_).bilevel
    assert not ink(print_.convert("1")).bilevel  # Floyd-Steinberg: the paper dots
    assert ink(print_.convert("1")).mask.any()


def test_squared_paper_s_grid_does_not_set_the_threshold():
    # 5 mm squares in 1-pixel lines a quarter darker than the paper: hundreds of
    # page-long lines are a class of their own, and Otsu's cut fell between them and
    # the paper, tying every digit into one grid.  Cut without them, the grid stays paper.
    lines = ["4711 0815", "2026 1234", "99 8765"]
    text, page, grid, _ = squared_paper(lines, 200)
    page = np.where(grid & ~text, 0.9 * 0.75, page).astype(np.float32)
    mask = binarize(np.clip(page, 0, 1), sparse=True).mask
    assert (mask & grid & ~text).sum() < 0.01 * (grid & ~text).sum()
    assert (mask & text).sum() > 0.85 * text.sum()
    assert [line.text for line in ocr.read(np.clip(page, 0, 1)).lines] == lines


def test_a_gray_lid_is_found_but_not_a_shadow_a_black_bed_or_a_grid():
    from ocr.surrounds import dark_lid_of
    rng = np.random.default_rng(2)
    page = np.full((800, 600), 0.85, dtype=np.float32) + rng.normal(0, 0.01, (800, 600)).astype(np.float32)
    lid = page.copy()
    lid[:, :120], lid[:60] = 0.75, 0.75                 # an even gray lid along two edges
    found = dark_lid_of(lid)
    assert found is not None and found[400, 50] and found[30, 300] and not found[400, 300]
    shadow = page * np.clip(np.linspace(0.45, 1.6, 600), 0, 1)[None, :]   # darker toward the edge
    assert dark_lid_of(shadow.astype(np.float32)) is None
    bed = page.copy()
    bed[:, :120], bed[:60] = 0.02, 0.02                 # black: solid_regions' to find
    assert dark_lid_of(bed) is None
    grid = page.copy()
    grid[::30], grid[:, ::30] = 0.6, 0.6                # squared paper's lines reach the edge
    assert dark_lid_of(grid) is None


def test_squared_paper_ruled_along_the_edge_of_a_shaded_page_is_no_gray_lid():
    # A grid line runs along the image's top row and left column: half the outermost
    # pixels, a quarter darker than the paper.  Measured one pixel deep, that edge passed
    # for a gray lid darker than the paper, and the page's shaded half, print and all,
    # went as lid (2% of the print kept).
    lines = ["4711 0815", "2026 1234", "99 8765"]
    text = np.asarray(printed_lines(lines, 40, (1240, 900), 200, 150, 250)) < 128
    rng = np.random.default_rng(2)
    page = 0.85 - 0.4 * text + rng.normal(0, 0.01, text.shape)
    yy, xx = np.mgrid[0:900, 0:1240]
    page *= 1 - 0.2 * np.clip(yy / 900 + (1240 - xx) / 1240 - 0.6, 0, None)  # darker to the lower left
    page[::30], page[:, ::30] = page[::30] * 0.75, page[:, ::30] * 0.75
    mask = binarize(page.astype(np.float32), sparse=True).mask
    assert (mask & text).sum() > 0.95 * text.sum()


def test_a_grid_printed_darker_on_part_of_the_page_is_still_a_grid():
    # Its lines cross the threshold only on the left 40% of the page: rows of ink 40% of
    # the page wide (a grid faded on the rest, or lit unevenly) must count as grid lines,
    # or the grid ties every digit into one component (the page read "5").
    lines = ["4711 0815", "2026 1234", "99 8765"]
    text, page, grid, _ = squared_paper(lines, 100)
    dark = grid & (np.arange(text.shape[1])[None, :] < 500)
    page = np.where(grid & ~text, 0.9 * 0.93, page)
    page = np.where(dark & ~text, 0.9 * 0.75, page).astype(np.float32)
    assert [line.text for line in ocr.read(np.clip(page, 0, 1)).lines] == lines


def test_borders_run_along_the_edge_and_a_bold_digit_does_not():
    from ocr.surrounds import along_edge
    grid = np.zeros((20, 14), dtype=bool)
    grid[0, :] = grid[-1, :] = grid[:, 0] = grid[:, -1] = True    # a frame round the page
    assert (along_edge(grid) == grid).all()
    strip = np.zeros((20, 14), dtype=bool)
    strip[:3, 2:9] = True                                         # a strip along the top, shallow
    assert (along_edge(strip) == strip).all()
    ring = np.zeros((20, 14), dtype=bool)                         # a large bold 0 cropped tight:
    ring[0, 4:10] = ring[-1, 4:10] = True                         # its top and foot on the edges,
    ring[1:-1, 2] = ring[1:-1, 11] = True                         # its sides deep down the image
    ring[0, 3] = ring[0, 10] = ring[-1, 3] = ring[-1, 10] = True
    assert not along_edge(ring).any()
    two = np.zeros((20, 14), dtype=bool)                          # a 2's foot along the whole bottom,
    two[-1, :] = True                                             # its neck and bowl deep above it
    two[2:-1, 6] = True
    assert not along_edge(two).any()


def tight_crop(text, size, margin, bold=False):
    """``text`` printed at ``size`` px in DejaVu Sans (Bold), or Pillow's font (thickened
    for bold), cut ``margin`` pixels from its ink: a field cropped from a page."""
    from ocr.synth import dejavu_fonts
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    fonts = [f for f in dejavu_fonts() if f.endswith(name)]
    font = ImageFont.truetype(fonts[0], size) if fonts else ImageFont.load_default(size)
    stroke = 0 if fonts or not bold else max(1, size // 24)
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(
        (0, 0), text, font=font, stroke_width=stroke)
    img = Image.new("L", (right - left + 2 * margin, bottom - top + 2 * margin), 255)
    ImageDraw.Draw(img).text((margin - left, margin - top), text, font=font, fill=0,
                             stroke_width=stroke, stroke_fill=0)
    return img


@pytest.mark.parametrize("text, size, margin, bold", [("59109", 40, 2, True), ("876", 80, 2, True),
                                                      ("39680", 24, 2, False), ("07016369", 160, 8, False)])
def test_a_field_cropped_close_is_read_as_ink_on_paper(text, size, margin, bold):
    # Cut from a page a few pixels from its ink, a field of print is up to half ink.
    # Binarized as a page, its margins were taken for a scanner's lid (the rest, mostly
    # ink, for the paper: no ink then), bold strokes near its edge for a black border,
    # its middle for dark paper under light ink; large print lost the tops and bottoms
    # of its digits and read as a row of 1s.  It reads as a character's image does.
    img = tight_crop(text, size, margin, bold)
    gray = np.asarray(img, dtype=np.float32) / 255
    mask = binarize(gray, sparse=True).mask
    ink = gray < 0.5
    assert (mask & ink).sum() > 0.9 * ink.sum() and (mask & ~ink).sum() < 0.2 * ink.sum()
    assert ocr.read(img, mode="page").text == text
    assert ocr.read(img).text == text                            # auto mode: not one character
