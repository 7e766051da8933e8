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


@pytest.fixture
def render_text():
    return render


@pytest.fixture(scope="session")
def digits():
    from sklearn.datasets import load_digits
    return load_digits(return_X_y=True)
