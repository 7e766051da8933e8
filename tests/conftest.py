import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont


def render(text, size=40, invert=False, pad=10, mode="L"):
    """A clean image of ``text`` in Pillow's built-in font (always available)."""
    font = ImageFont.load_default(size)
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(img).text((pad - left, pad - top), text, font=font, fill=0)
    if invert:
        img = Image.eval(img, lambda v: 255 - v)
    return img.convert(mode)


def printed_lines(lines, size, shape, left, top, step):
    """A white page of ``shape`` (w, h) with line k of ``lines`` drawn at (left, top + k * step)
    in Pillow's built-in font at ``size``."""
    img = Image.new("L", shape, 255)
    d = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        d.text((left, top + k * step), text, font=ImageFont.load_default(size), fill=0)
    return img


def squared_paper(lines, left, seed=1):
    """``lines`` printed at 40 px from x = ``left`` on a 1240 x 900 page of gray paper (0.9,
    noise 0.02; ink 0.4) and a 30-pixel grid, not yet drawn: (text mask, page, grid mask,
    the random generator, for more of the same stream)."""
    text = np.asarray(printed_lines(lines, 40, (1240, 900), left, 150, 250)) < 128
    rng = np.random.default_rng(seed)
    page = 0.9 - 0.5 * text + rng.normal(0, 0.02, text.shape)
    grid = np.zeros(text.shape, dtype=bool)
    grid[::30], grid[:, ::30] = True, True
    return text, page, grid, rng


@pytest.fixture
def render_text():
    return render


@pytest.fixture(scope="session")
def digits():
    from sklearn.datasets import load_digits
    return load_digits(return_X_y=True)
