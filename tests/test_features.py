import numpy as np
from hypothesis import given, settings, strategies as st
from PIL import Image
from scipy import ndimage

from conftest import render
from ocr import features
from ocr.segment import char_glyph

TARGET = int(features.INK_TARGET * 1024)  # inked pixels of every normalized character


def ink_of(img):
    return 1.0 - np.asarray(img, dtype=np.float32) / 255.0


def counts(ink, mask=None):
    """The stroke-normalized block counts of one character (the vector's other part is gray)."""
    return features.blocks(features.normalize_stroke(features.box(ink, mask)[None]))[0].ravel()


def test_dataset_like_output_for_a_rendered_digit():
    ink = ink_of(render("0", 60))
    v, c = features.vector(ink), counts(ink)
    grid = v.reshape(8, 8)
    assert v.shape == (64,) and v.min() >= 0 and v.max() <= 16
    assert np.all(c == np.round(c)) and c.sum() == TARGET   # ink coverage of the data set
    gray = features.blocks(features.box(ink)).ravel()
    np.testing.assert_allclose(v, (1 - features.GRAY_SHARE) * c + features.GRAY_SHARE * gray, atol=1e-4)
    assert grid.sum(axis=1).min() > 0          # spans all 8 rows, like every optdigit
    assert grid[3:5, 3:5].sum() < grid[3:5, 1:3].sum()  # a zero is hollow


def test_an_enlarged_8x8_digit_reads_back_nearer_its_own_values_with_its_gray_levels(digits):
    # Blocks of gray, 8x8 images enlarged 5 times: the threshold keeps or drops each whole.
    X, _ = digits
    ours, alone = [], []
    for v in X[:200]:
        ink = np.kron(v.reshape(8, 8) / 16.0, np.ones((5, 5)))
        ours.append(np.abs(features.vector(ink, ink > 0) - v).mean())
        alone.append(np.abs(counts(ink, ink > 0) - v).mean())
    assert np.mean(ours) < 0.8 * np.mean(alone)


def test_no_ink_gives_zero_vector():
    assert not features.vector(np.zeros((10, 10))).any()
    assert not features.vector(np.ones((10, 10)), np.zeros((10, 10), bool)).any()


@settings(max_examples=50, deadline=None)
@given(h=st.integers(1, 60), w=st.integers(1, 60), seed=st.integers(0, 2**16), density=st.floats(0.0, 1.0))
def test_any_ink_gives_counts_in_range(h, w, seed, density):
    rng = np.random.default_rng(seed)
    ink = (rng.uniform(size=(h, w)) < density).astype(np.float32) * rng.uniform(0.6, 1.0)
    v = features.vector(ink)
    assert v.shape == (64,) and v.min() >= 0 and v.max() <= 16
    assert counts(ink).sum() in (0, TARGET) and (v.sum() > 0) == (counts(ink).sum() > 0)


@settings(max_examples=30, deadline=None)
@given(top=st.integers(0, 30), left=st.integers(0, 30), bottom=st.integers(0, 30), right=st.integers(0, 30),
       digit=st.sampled_from("0123456789"))
def test_padding_does_not_change_the_vector(top, left, bottom, right, digit):
    ink = ink_of(render(digit, 40))
    padded = np.pad(ink, ((top, bottom), (left, right)))
    np.testing.assert_array_equal(features.vector(ink), features.vector(padded))


def nearest_is_same_digit(vectors, references):
    distance = np.abs(vectors[:, None, :] - references[None, :, :]).sum(axis=2)
    return list(distance.argmin(axis=1)) == list(range(len(vectors)))


@settings(max_examples=10, deadline=None)
@given(scale=st.floats(0.3, 4.0))
def test_scaling_the_image_keeps_each_digit_nearest_itself(scale):
    images = [render(d, 64) for d in "0123456789"]
    reference = np.array([features.vector(ink_of(im)) for im in images])
    scaled = np.array([features.vector(ink_of(im.resize((max(1, round(im.width * scale)),
                                                          max(1, round(im.height * scale))))))
                       for im in images])
    assert nearest_is_same_digit(scaled, reference)


@settings(max_examples=20, deadline=None)
@given(digit=st.sampled_from("0123456789"), contrast=st.floats(0.25, 1.0), paper=st.floats(0.6, 1.0))
def test_polarity_and_contrast_do_not_change_the_vector(digit, contrast, paper):
    gray = np.asarray(render(digit, 48), dtype=np.float32) / 255.0
    g = char_glyph(gray)
    reference = features.vector(g.ink, g.mask)
    faded = paper - (1.0 - gray) * contrast * paper
    for image in (faded, 1.0 - faded):
        g = char_glyph(image)
        v = features.vector(g.ink, g.mask)
        assert np.abs(v - reference).sum() <= 0.1 * reference.sum()


def test_stroke_width_is_normalized():
    thin, thick = [], []
    for d in "0123456789":
        ink = ink_of(render(d, 64)) > 0.5
        thin.append(ndimage.binary_erosion(ink).astype(float))
        thick.append(ndimage.binary_dilation(ink, iterations=1).astype(float))
    assert all(counts(a).sum() == TARGET == counts(b).sum() for a, b in zip(thin, thick))
    thin, thick = np.array([features.vector(a) for a in thin]), np.array([features.vector(b) for b in thick])
    # Strokes twice as wide (4 px against 8 px at this size) leave each digit nearest itself;
    # far bolder ink closes loops (a 5 turns 6-like), which no normalization can undo.
    assert nearest_is_same_digit(thick, thin)


@settings(deadline=None, max_examples=25)
@given(st.integers(100, 600), st.integers(1, 4), st.floats(0.1, 0.3))
def test_a_large_one_drawn_with_a_fine_line_keeps_its_stem(size, width, flag):
    # Averaged into the 32-pixel box, a fine line faded but where its strokes meet: a 1
    # of a 3-pixel pen 400 pixels tall came out as a blob at its top (and read as a 9).
    from PIL import ImageDraw
    img = Image.new("L", (size // 2, size), 255)
    top, foot, stem = size // 5, 4 * size // 5, size // 4
    ImageDraw.Draw(img).line([(stem - flag * size, top + flag * size), (stem, top), (stem, foot)],
                             fill=0, width=width)
    rows = features.vector(ink_of(img)).reshape(8, 8).max(axis=1)
    assert rows.min() >= 8, rows


def test_distance_transform_matches_scipy():
    rng = np.random.default_rng(3)
    masks = rng.random((40, 32, 32)) < rng.uniform(0.005, 0.3, (40, 1, 1))
    masks[0] = False
    masks[0, 31, 0] = True  # one far corner pixel: the largest distances
    ours = features.distance_to(masks)
    for m, d in zip(masks, ours):
        np.testing.assert_allclose(d, ndimage.distance_transform_edt(~m), atol=1e-5)


def test_thinning_takes_the_lightest_ink_first():
    # A bold ring whose hole the blur filled with lighter ink: the network must see a 0,
    # not the blob's core (the deepest pixels are the light hole).
    yy, xx = np.mgrid[:32, :32]
    r = np.hypot(yy - 15.5, (xx - 15.5) * 1.3)
    canvas = np.where(r < 15, 1.0, 0.0).astype(np.float32)
    canvas[r < 8] = 0.6   # the filled-in counter: ink, but lighter than the stroke
    binary = features.normalize_stroke(canvas[None])[0]
    assert binary.sum() == TARGET
    assert not binary[r < 6].any() and binary[(r > 9) & (r < 12)].all()
    # Ink of one darkness thins from the edges in: a solid disc keeps its centre.
    solid = np.where(r < 15, 1.0, 0.0).astype(np.float32)
    kept = features.normalize_stroke(solid[None])[0]
    assert kept[r < 6].all() and not kept[r > 13].any()
