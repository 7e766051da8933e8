import builtins
import os
import io as stdio

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from ocr import io
from ocr.errors import ImageError


def encode(img, fmt="PNG", **kw):
    buf = stdio.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F"])
def test_every_mode_gives_the_same_dark_digit(render_text, mode):
    base = render_text("7", 40)
    img = base.convert(mode) if mode not in ("I;16", "I", "F") else Image.fromarray(
        (np.asarray(base, dtype=np.float64) * (257 if mode == "I;16" else 1000)).astype(
            {"I;16": np.uint16, "I": np.int32, "F": np.float32}[mode]))
    gray = io.load(img).gray
    assert gray.shape == (base.height, base.width) and gray.dtype == np.float32
    assert 0.0 <= gray.min() and gray.max() <= 1.0
    # Ink where the digit is, paper elsewhere, whatever the mode.
    ink = np.asarray(base) < 128
    assert gray[ink].mean() < 0.3 and gray[~ink].mean() > 0.9


def test_transparency_is_flattened_onto_white():
    rgba = np.zeros((10, 10, 4), dtype=np.uint8)  # fully transparent black
    rgba[2:5, 2:5] = [0, 0, 0, 255]               # an opaque black square
    gray = io.load(Image.fromarray(rgba, "RGBA")).gray
    assert gray[0, 0] == pytest.approx(1.0) and gray[3, 3] == pytest.approx(0.0)


def test_exif_orientation_is_applied():
    img = Image.new("L", (40, 20), 255)
    img.paste(0, (0, 0, 10, 20))  # dark band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    gray = io.load(encode(img, "JPEG", exif=exif.tobytes())).gray
    assert gray.shape == (40, 20)
    assert gray[:10].mean() < 0.2 and gray[-10:].mean() > 0.8  # the band is now on top


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP"])
def test_formats_from_bytes_paths_and_files(tmp_path, render_text, fmt):
    data = encode(render_text("3").convert("RGB" if fmt == "JPEG" else "L"), fmt)
    path = tmp_path / f"x.{fmt.lower()}"
    path.write_bytes(data)
    for source in (data, path, str(path), stdio.BytesIO(data)):
        assert io.load(source).gray.shape == (render_text("3").height, render_text("3").width)


def test_multi_frame_reads_first_frame_and_says_so():
    frames = [Image.new("L", (8, 8), v) for v in (0, 255)]
    buf = stdio.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    loaded = io.load(buf.getvalue())
    assert loaded.gray.mean() < 0.1
    assert any("multi-frame" in n for n in loaded.notes)


def multi_page_tiff(pages):
    buf = stdio.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:])
    return buf.getvalue()


def test_a_multi_page_tiff_is_read_page_by_page(tmp_path):
    pages = [Image.new("L", (8 + i, 8), 60 * i) for i in range(3)]
    data = multi_page_tiff(pages)
    path = tmp_path / "feed.tif"
    path.write_bytes(data)
    for source in (data, path):
        parts = io.pages_of(source)
        assert parts == [io.PageOf(source, i) for i in range(3)]
        for i, part in enumerate(parts):
            loaded = io.load(part)
            assert loaded.gray.shape == (8, 8 + i) and loaded.notes == []
            assert np.allclose(loaded.gray, 60 * i / 255)
    whole = io.load(path)  # handed over whole: the first page, and a note on the rest
    assert whole.gray.shape == (8, 8) and "read every page" in whole.notes[0]
    with pytest.raises(ImageError, match="has no page 4"):
        io.load(io.PageOf(path, 3))


def test_looking_for_pages_leaves_a_pipe_unread():
    # /dev/stdin named as a file: looking for a TIFF's pages must not eat its first bytes.
    data = encode(Image.new("L", (8, 8)), "PNG")
    r, w = os.pipe()
    os.write(w, data)
    os.close(w)
    try:
        assert io.pages_of(f"/dev/fd/{r}") == [f"/dev/fd/{r}"]
        assert os.read(r, len(data) + 1) == data
    finally:
        os.close(r)


def test_only_tiffs_are_split_into_pages(tmp_path):
    frames = [Image.new("L", (8, 8), v) for v in (0, 255)]
    buf = stdio.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])  # an animation
    one = encode(Image.new("L", (8, 8)), "TIFF")
    for source in (buf.getvalue(), one, b"not an image", tmp_path / "missing.tif", Image.new("L", (4, 4))):
        assert io.pages_of(source) == [source]


def test_a_later_page_over_the_pixel_budget_is_refused_alone():
    data = multi_page_tiff([Image.new("L", (10, 10)), Image.new("L", (200, 200))])
    assert io.load(io.PageOf(data, 0), max_pixels=1000).gray.shape == (10, 10)
    with pytest.raises(ImageError, match="200x200 pixels, over the budget"):
        io.load(io.PageOf(data, 1), max_pixels=1000)


def test_decompression_bomb_is_refused_before_decoding():
    bomb = encode(Image.new("1", (20000, 20000)), "PNG")  # 400 Mpx in a few kB
    assert len(bomb) < 200_000
    with pytest.raises(ImageError, match=f"over Pillow's decompression-bomb limit of {2 * Image.MAX_IMAGE_PIXELS}"):
        io.load(bomb)  # 400 Mpx: Pillow refuses it as it opens it, over twice its MAX_IMAGE_PIXELS
    with pytest.raises(ImageError, match="over the budget"):
        io.load(encode(Image.new("L", (100, 100)), "PNG"), max_pixels=5000)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"), (b"hello world", "not a recognized"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "corrupt|not a recognized"),
])
def test_non_images_are_image_errors(data, reason):
    with pytest.raises(ImageError, match=reason):
        io.load(data)


def test_truncated_png_and_missing_paths(tmp_path, render_text):
    data = encode(render_text("5", 60), "PNG")
    with pytest.raises(ImageError, match="corrupt or truncated"):
        io.load(data[: len(data) // 2])
    with pytest.raises(ImageError, match="no such file"):
        io.load(tmp_path / "nothing.png")
    with pytest.raises(ImageError, match="directory"):
        io.load(tmp_path)
    with pytest.raises(ImageError):
        io.load(12345)


@settings(max_examples=60, deadline=None)
@given(h=st.integers(1, 40), w=st.integers(1, 40), channels=st.sampled_from([0, 1, 3, 4]),
       dtype=st.sampled_from(["uint8", "uint16", "float32", "float64", "bool", "int32"]),
       seed=st.integers(0, 2**16))
def test_any_array_becomes_gray_in_unit_range(h, w, channels, dtype, seed):
    rng = np.random.default_rng(seed)
    shape = (h, w) if channels == 0 else (h, w, channels)
    a = rng.normal(0, 300, size=shape).astype(dtype) if dtype != "bool" else rng.uniform(size=shape) > 0.5
    gray = io.load(a).gray
    assert gray.shape == (h, w) and gray.dtype == np.float32
    assert np.all(np.isfinite(gray)) and gray.min() >= 0.0 and gray.max() <= 1.0


@settings(max_examples=40, deadline=None)
@given(mode=st.sampled_from(["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F"]),
       size=st.tuples(st.integers(1, 30), st.integers(1, 30)), seed=st.integers(0, 2**16))
def test_any_pil_mode_and_shape_loads(mode, size, seed):
    rng = np.random.default_rng(seed)
    img = Image.fromarray(rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8), "RGB").convert(mode)
    gray = io.load(img).gray
    assert gray.shape == (size[1], size[0])
    assert np.all(np.isfinite(gray)) and 0.0 <= gray.min() <= gray.max() <= 1.0


def test_bad_arrays_are_refused():
    with pytest.raises(ImageError, match="not an image"):
        io.load(np.zeros((2, 3, 4, 5)))
    with pytest.raises(ImageError, match="no pixels"):
        io.load(np.zeros((0, 5)))
    with pytest.raises(ImageError):
        io.load(np.array([["a", "b"]]))


def test_unreadable_file_is_an_image_error(tmp_path, monkeypatch, render_text):
    path = tmp_path / "secret.png"
    render_text("3", 30).save(path)
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root, which reads anything: refuse it by hand
        real_open = builtins.open

        def refuse(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)
        monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(ImageError, match="permission denied"):
        io.load(path)
