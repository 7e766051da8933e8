import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import ocr
from conftest import render

SAMPLES = "samples"


@pytest.fixture(scope="module")
def rec():
    return ocr.Recognizer()


@pytest.mark.parametrize("size", [16, 32, 64, 150])
def test_reads_every_printed_digit_at_many_sizes(rec, size):
    text = "".join(rec.read_char(render(d, size)).text for d in "0123456789")
    assert text == "0123456789"


def test_reads_light_on_dark_and_rgb(rec):
    assert rec.read_char(render("4", 48, invert=True)).text == "4"
    assert rec.read_char(render("9", 48, mode="RGB")).text == "9"


def test_classify_gives_probabilities_and_reads_the_dataset(rec, digits):
    X, y = digits
    p = rec.classify(X[:300])
    assert p.shape == (300, 10)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert np.mean(p.argmax(axis=1) == y[:300]) > 0.97
    assert rec.classify(np.zeros((0, 64))).shape == (0, 10)


def test_auto_mode_reads_a_single_digit_like_char_mode(rec):
    for d in "0123456789":
        img = render(d, 40)
        a, c = rec.read(img, mode="auto"), rec.read(img, mode="char")
        assert a.to_dict() == c.to_dict()


def test_page_result_structure_and_to_dict(rec):
    page = rec.read(f"{SAMPLES}/page.png")
    truth = open(f"{SAMPLES}/page.txt").read().strip()
    assert page.text == truth
    d = page.to_dict()
    assert d["text"] == truth and d["width"] == page.width and len(d["lines"]) == len(page.lines)
    c = d["lines"][0]["words"][0]["chars"][0]
    assert set(c) == {"text", "box", "confidence", "alternatives"} and len(c["box"]) == 4
    line = page.lines[0]
    assert line.confidence == min(ch.confidence for ch in line.chars)
    x, y, w, h = line.box
    for ch in line.chars:  # every char box lies inside its line box
        assert x <= ch.box[0] and ch.box[0] + ch.box[2] <= x + w and y <= ch.box[1] and ch.box[1] + ch.box[3] <= y + h


def test_every_page_of_a_multi_page_tiff_is_read_and_numbered(rec, tmp_path):
    pages = [Image.open(f"{SAMPLES}/{name}").convert("L") for name in ("page.png", "pen-page.png")]
    path = tmp_path / "feed.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw")
    read = rec.read_pages(path)
    assert [p.page for p in read] == [1, 2] and {p.file for p in read} == {str(path)}
    assert all(p.image is None for p in read)  # a long document's pixels are not all kept
    assert read[0].to_dict() == dict(rec.read(f"{SAMPLES}/page.png").to_dict(), file=str(path), page=1)
    assert read[1].text == rec.read(f"{SAMPLES}/pen-page.png").text
    assert list(read[1].to_dict())[:2] == ["file", "page"]
    single = rec.read_pages(f"{SAMPLES}/page.png")
    assert len(single) == 1 and single[0].page is None and "page" not in single[0].to_dict()


def test_min_confidence_and_top_k(rec):
    strict = ocr.Recognizer(min_confidence=1.0, top_k=4)
    c = strict.read_char(render("3", 40))
    assert c.text == "?" and c.label == "3" and len(c.alternatives) == 3
    assert rec.read_char(render("3", 40)).text == "3"


def test_blank_image_reads_as_nothing(rec):
    blank = Image.new("L", (50, 50), 255)
    assert rec.read(blank).text == "" and rec.read_char(blank) is None


def test_inputs_of_every_kind(rec):
    img = render("8", 40)
    arr = np.asarray(img)
    with open(f"{SAMPLES}/printed-7.png", "rb") as f:
        data = f.read()
    assert rec.read_char(arr).text == "8"
    assert rec.read_char(data).text == "7"
    assert ocr.read_char(f"{SAMPLES}/printed-7.png").text == "7"
    with pytest.raises(ocr.ImageError):
        rec.read(b"not an image")


def test_shared_between_threads_gives_the_same_answers(rec):
    images = [render(d, s) for d in "0123456789" for s in (20, 50)]
    expected = [rec.read(im).to_dict() for im in images]
    results, errors = {}, []

    def work(k):
        try:
            results[k] = [rec.read(im).to_dict() for im in images]
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(r == expected for r in results.values())


def test_bad_model_is_a_model_error(tmp_path):
    (tmp_path / "m.npz").write_bytes(b"garbage")
    with pytest.raises(ocr.ModelError):
        ocr.Recognizer(model=tmp_path / "m.npz")


def test_auto_mode_ignores_noise_beside_a_single_digit(rec):
    a = np.asarray(render("5", 60)).copy()
    rng = np.random.default_rng(3)
    for y, x in zip(rng.integers(0, a.shape[0] - 3, 6), rng.integers(0, 8, 6)):
        a[y:y + 3, x:x + 3] = 0  # ink blots in the left margin
    img = Image.fromarray(a)
    assert rec.read(img, mode="auto").text == rec.read(img, mode="char").text == "5"


def test_auto_mode_reads_a_broken_digit_as_one_and_short_numbers_as_digits(rec):
    img = np.asarray(render("0", 80), dtype=np.uint8).copy()
    ink_rows = np.flatnonzero((img < 128).any(axis=1))
    middle = (ink_rows[0] + ink_rows[-1]) // 2
    img[middle - 3:middle + 3] = 255            # a "0" broken into two stacked arcs
    assert rec.read(Image.fromarray(img), mode="page").text != "0"   # segmentation alone fails
    assert rec.read(Image.fromarray(img), mode="auto").text == "0"
    for text in ("47", "10", "11", "385", "2026", "1 7"):
        assert rec.read(render(text, 48), mode="auto").text == text


def test_auto_mode_reads_a_few_large_digits_over_a_short_line_of_small_ones(rec):
    # Seven glyphs on two lines, none a third of the image tall: auto mode took them for
    # the pieces of one broken character and read "8".
    img = Image.new("L", (1000, 600), 255)
    d = ImageDraw.Draw(img)
    d.text((100, 40), "20", font=ImageFont.load_default(120), fill=0)
    d.text((100, 300), "31415", font=ImageFont.load_default(24), fill=0)
    assert [line.text for line in rec.read(img, mode="auto").lines] == ["20", "31415"]


@pytest.mark.parametrize("size", [16, 40, 80])
def test_auto_mode_reads_a_column_of_single_digits(rec, size):
    # One digit to a line, three lines (a table's column cropped): none a third of the
    # image tall, so auto mode took them for the pieces of one broken character ("1").
    font = ImageFont.load_default(size)
    img = Image.new("L", (size + 20, int(3.75 * size) + 20), 255)
    for k, digit in enumerate("947"):
        ImageDraw.Draw(img).text((10, 10 + int(1.25 * k * size)), digit, font=font, fill=0)
    assert [line.text for line in rec.read(img, mode="auto").lines] == ["9", "4", "7"]


@pytest.mark.parametrize("invert", [False, True])
def test_a_small_digit_on_a_big_scan_is_found_in_every_mode(rec, invert):
    page = Image.new("L", (1600, 1200), 240)
    digit = render("5", 48, pad=2)
    page.paste(digit, (700, 500))
    if invert:
        page = Image.eval(page, lambda v: 255 - v)
    for mode in ("char", "auto", "page"):
        result = rec.read(page, mode=mode)
        assert result.text == "5", mode
        x, y, w, h = result.chars[0].box
        assert abs(x - 702) <= 4 and abs(y - 502) <= 4 and abs(h - (digit.height - 4)) <= 6, (mode, result.chars[0].box)


def label_of(glyph):
    """The label a fabricated glyph's probabilities pick."""
    return str(int(np.argmax(glyph.probs)))


def test_a_cut_must_beat_a_narrow_glyph_clearly_but_only_match_a_wide_one(rec):
    from ocr.glyph import Cuts, Glyph

    def probs(label, confidence):
        p = np.full(10, (1 - confidence) / 9)
        p[label] = confidence
        return p

    def glyph(w, h, whole, pieces):
        g = Glyph((0, 0, w, h), None, None)
        g.probs = probs(*whole)
        halves = [Glyph((0, 0, w // 2, h), None, None), Glyph((w // 2, 0, w - w // 2, h), None, None)]
        for half, p in zip(halves, pieces):
            half.probs = probs(*p)
        g.splits = Cuts(w, (2,), {(0, w // 2): halves[0], (w // 2, w): halves[1]})
        return g

    pieces = [(4, 0.85), (7, 0.9)]
    # half as wide as high or narrower: one digit unless the pieces are surer by the margin
    assert [label_of(g) for g in rec._chosen(glyph(20, 40, (0, 0.8), pieces))] == ["0"]
    assert [label_of(g) for g in rec._chosen(glyph(20, 40, (0, 0.6), pieces))] == ["4", "7"]
    # the margin shrinks as the glyph widens: at 0.9 of its height a tenth as much is left
    assert [label_of(g) for g in rec._chosen(glyph(36, 40, (0, 0.8), pieces))] == ["4", "7"]
    assert [label_of(g) for g in rec._chosen(glyph(36, 40, (0, 0.86), pieces))] == ["0"]
    # wider than high: two digits are as likely as one, the surer reading wins
    assert [label_of(g) for g in rec._chosen(glyph(44, 40, (0, 0.8), pieces))] == ["4", "7"]
    assert [label_of(g) for g in rec._chosen(glyph(44, 40, (0, 0.95), pieces))] == ["0"]
    # wider than 1.3x its height: never one digit
    assert [label_of(g) for g in rec._chosen(glyph(60, 40, (0, 0.99), pieces))] == ["4", "7"]


def test_the_chooser_picks_the_reading_and_the_reader_reads_it(rec):
    from ocr.glyph import Cuts, Glyph

    def probs(label, confidence):
        p = np.full(10, (1 - confidence) / 9)
        p[label] = confidence
        return p

    def glyph(box, chosen, read):
        g = Glyph(box, None, None)
        g.probs, g.reading = probs(*chosen), probs(*read)
        return g

    # the reader is sure of the whole (an 8), the chooser of the two pieces: cut
    whole = glyph((0, 0, 40, 40), (0, 0.3), (8, 0.95))
    pieces = [glyph((0, 0, 20, 40), (4, 0.9), (2, 0.8)), glyph((20, 0, 20, 40), (7, 0.9), (5, 0.7))]
    whole.splits = Cuts(40, (2,), {(0, 20): pieces[0], (20, 40): pieces[1]})
    chars = [rec._char(g) for g in rec._chosen(whole)]
    assert [c.text for c in chars] == ["2", "5"] and [round(c.confidence, 2) for c in chars] == [0.8, 0.7]
    whole.probs = probs(0, 0.99)                           # now the chooser is surer of the whole
    assert [rec._char(g).text for g in rec._chosen(whole)] == ["8"]


def test_cuts_are_compared_by_their_pieces_mean_confidence_not_the_least_sure(rec):
    from ocr.glyph import Cuts, Glyph

    def reading(box, label, confidence):
        g = Glyph(box, None, None)
        g.probs = np.full(10, (1 - confidence) / 9)
        g.probs[label] = confidence
        return g

    # three touching digits: the cut in three has one unsure piece, the cut in two
    # a surer least piece but two misreadings of a digit and a half
    g = reading((0, 0, 90, 40), 0, 0.3)
    two = [reading((0, 0, 45, 40), 4, 0.75), reading((45, 0, 45, 40), 3, 0.72)]
    three = [reading((0, 0, 30, 40), 8, 0.99), reading((30, 0, 30, 40), 5, 0.7), reading((60, 0, 30, 40), 5, 0.97)]
    g.splits = Cuts(90, (2, 3), {(0, 45): two[0], (45, 90): two[1],
                                 (0, 30): three[0], (30, 60): three[1], (60, 90): three[2]})
    assert [label_of(g) for g in rec._chosen(g)] == ["8", "5", "5"]


def test_a_narrow_cut_piece_counts_only_as_a_1(rec):
    from ocr.glyph import Cuts, Glyph

    def reading(box, label, confidence, narrow=False):
        g = Glyph(box, None, None, narrow=narrow)
        g.probs = np.full(10, (1 - confidence) / 9)
        g.probs[label] = confidence
        return g

    def chars(sliver_label):
        g = reading((0, 0, 40, 40), 9, 0.5)
        g.splits = Cuts(40, (2,), {(0, 6): reading((0, 0, 6, 40), sliver_label, 0.99, narrow=True),
                                   (6, 40): reading((6, 0, 34, 40), 0, 0.97)})
        return [label_of(g) for g in rec._chosen(g)]

    assert chars(1) == ["1", "0"]
    assert chars(7) == ["9"]   # a sliver read as anything but a 1 is part of a digit


def test_a_fonts_narrow_space_still_splits_words_on_a_regular_pitch(rec):
    # Pillow's font at 30 px: the space is 0.4 of a digit's height, like the blank
    # a "1" leaves; the regular pitch of printed digits tells them apart.
    lines = ["1234 5678 90", "0 11 222 3333", "17 4 1 71 111 9"]
    img = Image.new("L", (700, 240), 255)
    for i, text in enumerate(lines):
        ImageDraw.Draw(img).text((40, 30 + 66 * i), text, font=ImageFont.load_default(30), fill=0)
    assert [[w.text for w in line.words] for line in rec.read(img, mode="page").lines] == [t.split() for t in lines]


def test_words_of_touching_print_are_found_among_the_characters_read(rec):
    # Digits drawn into each other: glyphs of several digits hide the space in the pitch
    # of the digits cut from them.
    font = ImageFont.load_default(40)
    img, x = Image.new("L", (700, 90), 255), 20
    for group in ("0208088", "80487", "5268"):
        for ch in group:
            left, _, right, _ = font.getbbox(ch)
            ImageDraw.Draw(img).text((x - left, 15), ch, font=font, fill=0)
            x += right - left - 3
        x += 10                                # a narrow space
    assert len(ocr.segment.page(np.asarray(img, dtype=np.float32) / 255)[0]) <= 8   # of 16 digits
    assert [w.text for w in rec.read(img, mode="page").lines[0].words] == ["0208088", "80487", "5268"]


def test_a_0_broken_into_halves_is_read_as_one_0(rec):
    # Light print loses a 0's thin top and bottom: two halves, each a narrow stroke that
    # alone reads "1"; read together they are surer.
    from ocr import synth
    fonts = [ImageFont.truetype(f, 60) for f in synth.dejavu_fonts()
             if f.endswith(("DejaVuSans.ttf", "DejaVuSerif.ttf"))] + [ImageFont.load_default(60)]
    for font in fonts:
        img = Image.new("L", (500, 110), 255)
        ImageDraw.Draw(img).text((20, 15), "203040", font=font, fill=0)
        a, x = np.asarray(img).copy(), 20
        for ch in "203040":
            if ch == "0":
                left, _, right, _ = font.getbbox(ch)
                mid = slice(int(x + (left + right) / 2) - 3, int(x + (left + right) / 2) + 3)
                rows = np.flatnonzero((a[:, mid] < 128).any(axis=1))
                a[rows[0]:rows[0] + 12, mid] = a[rows[-1] - 11:rows[-1] + 1, mid] = 255
            x += font.getlength(ch)
        assert len(ocr.segment.page(a.astype(np.float32) / 255)[0]) == 9, font.getname()   # 3 halved 0s
        assert rec.read(a, mode="page").text == "203040", font.getname()


def test_a_wide_0_broken_far_apart_is_read_as_one_0(rec):
    # A light wide 0 whose thin top and bottom faded over a third of its height: the two
    # halves lie 20 pixels (0.36 of the line's height) apart.
    img = Image.new("L", (300, 140), 255)
    d = ImageDraw.Draw(img)
    d.text((20, 20), "2", font=ImageFont.load_default(80), fill=0)
    d.ellipse([(70, 41), (114, 98)], outline=0, width=4)
    d.text((124, 20), "3", font=ImageFont.load_default(80), fill=0)
    a = np.asarray(img).copy()
    a[30:60, 82:102] = a[80:110, 82:102] = 255
    assert len(ocr.segment.page(a.astype(np.float32) / 255)[0]) == 4
    assert rec.read(a, mode="page").text == "203"


@pytest.mark.parametrize("bend, gap, width", [(0, 12, 6), (3, 6, 2), (7, 9, 2), (5, 12, 3), (7, 12, 3)])
def test_two_close_1s_stay_two(rec, bend, gap, width):
    # Two 1s close together, straight or bending the same way "( (" as a fine pen's 1s
    # often do, are not the halves of a broken 0 (which bend apart): read joined, the
    # bent pairs came out as a 0 or an 8 as surely as a 1 alone ("58 73", "5173").
    font = ImageFont.load_default(60)
    img = Image.new("L", (400, 110), 255)
    d = ImageDraw.Draw(img)
    d.text((20, 15), "5", font=font, fill=0)
    t = np.linspace(0, 1, 30)
    for x in (78, 78 + gap):
        d.line(list(zip(x - bend * np.sin(np.pi * t), 28 + 44 * t)), fill=0, width=width)
    d.text((100 + gap, 15), "73", font=font, fill=0)
    assert rec.read(img, mode="page").text.replace(" ", "") == "51173"


def test_a_glyph_over_three_close_lines_is_parted_from_each(rec):
    # Handwriting in lines a fifth of their height apart: a 4 touched the digit below it,
    # which touched the one below that; parting the lines once left the 4 in a glyph
    # still over two lines, read with the line below (its own line lost a digit).
    with open(f"{SAMPLES}/close-lines.txt") as f:
        truth = [line.replace(" ", "") for line in f.read().splitlines()]
    page = rec.read(f"{SAMPLES}/close-lines.png", mode="page")
    assert [len(line.text.replace(" ", "")) for line in page.lines] == [len(t) for t in truth]


def test_handwritten_words_split_where_the_writer_left_space(rec):
    # Uneven handwriting: blanks inside a number reach 0.45 of the digits' height, so a
    # space must also be well over the line's typical blank.
    page = rec.read(f"{SAMPLES}/handwritten-page.png", mode="page")
    with open(f"{SAMPLES}/handwritten-page.txt") as f:
        truth = [line.split() for line in f.read().splitlines() if line.strip()]
    assert [[len(w.chars) for w in line.words] for line in page.lines] == [[len(w) for w in t] for t in truth]


def test_pieces_of_unequal_height_are_not_digits_side_by_side():
    from ocr.prepare import side_by_side
    assert side_by_side([[(0, 2, 30, 58), (34, 0, 28, 60)]])          # "47": about as tall
    assert not side_by_side([[(5, 25, 27, 40), (29, 26, 21, 61)]])    # a 9's bowl and stem (a scan)
    assert not side_by_side([[(0, 0, 30, 60)], [(0, 70, 30, 60)]])    # two lines
    # one glyph (offered cuts, read whole) is not characters side by side: the whole
    # image's reading needs no margin over it (a 9 read 0.78 in the page, 0.98 whole)
    assert not side_by_side([[(0, 0, 30, 60)]])


def test_a_model_trained_on_other_features_is_refused_by_name(tmp_path):
    from ocr import features, model_file
    from ocr.errors import ModelError
    from ocr.network import MLP
    rng = np.random.default_rng(0)
    net = MLP(hidden=(8,), max_epochs=2, random_state=0).fit(rng.uniform(0, 16, (40, 64)), np.arange(40) % 10)
    model_file.save(tmp_path / "same.npz", net, {"features": features.settings()})
    assert ocr.Recognizer(model=tmp_path / "same.npz").read_char(render("7", 40)) is not None
    older = dict(features.settings(), gray_share=0.0)  # vectors of counts alone, as before
    model_file.save(tmp_path / "older.npz", net, {"features": older})
    with pytest.raises(ModelError, match="older.npz.*other features.*ocr-train"):
        ocr.Recognizer(model=tmp_path / "older.npz")


def test_the_other_side_showing_through_is_not_read_but_a_faint_legible_line_is(rec):
    # A thin page: the back's print shows through mirrored, blurred and faint between the
    # lines.  Half-digits it reads unsurely are no text of this page; a faint line that
    # reads clearly (pencil beside print) is.
    from PIL import ImageFilter, ImageOps
    font = ImageFont.load_default(36)
    front = Image.new("L", (900, 420), 255)
    d = ImageDraw.Draw(front)
    d.text((60, 40), "2024 3579", font=font, fill=0)
    d.text((60, 300), "8642 105", font=font, fill=0)
    back = Image.new("L", front.size, 255)
    ImageDraw.Draw(back).text((200, 150), "24579 2345 679", font=font, fill=0)
    back = ImageOps.mirror(back).filter(ImageFilter.GaussianBlur(1))
    page = np.minimum(np.asarray(front, np.float32), 255 - 0.5 * (255 - np.asarray(back, np.float32)))
    assert [ln.text for ln in rec.read(page / 255, mode="page").lines] == ["2024 3579", "8642 105"]
    faint = Image.new("L", front.size, 255)
    ImageDraw.Draw(faint).text((200, 150), "24579 2345 679", font=font, fill=150)
    page = np.minimum(np.asarray(front, np.float32), np.asarray(faint, np.float32))
    assert [ln.text for ln in rec.read(page / 255, mode="page").lines] == ["2024 3579", "24579 2345 679", "8642 105"]


def test_only_lines_both_faint_and_illegible_are_show_through():
    from ocr.recognizer import legible_or_dark
    #                      dark   dark, unsure   faint, unsure   faint, sure
    assert legible_or_dark([1.0, 0.9, 0.5, 0.5], [0.99, 0.3, 0.3, 0.9]) == [True, True, False, True]
    assert legible_or_dark([], []) == []


def test_old_style_figures_read_as_one_line(rec):
    # Faces like Georgia print 0, 1 and 2 at the height of a lowercase letter and hang
    # 3, 4, 5, 7 and 9 below the line: one line of digits of three heights and baselines.
    font = ImageFont.load_default(30)
    img = Image.new("L", (520, 120), 255)
    x, cap = 20, font.getbbox("8")[3] - font.getbbox("8")[1]
    for ch in "230 869 4715 1207":
        left, top, right, bottom = font.getbbox(ch)
        if ch != " ":
            glyph = Image.new("L", (right - left + 4, bottom - top + 4), 0)
            ImageDraw.Draw(glyph).text((2 - left, 2 - top), ch, font=font, fill=255)
            dy = 0
            if ch in "012":
                glyph = glyph.resize((glyph.width, int(0.68 * glyph.height)), Image.LANCZOS)
                dy = cap - glyph.height + 4
            elif ch in "34579":
                dy = int(0.3 * cap)
            img.paste(0, (round(x) + left - 2, 40 + dy), glyph)   # where the font sets it
        x += font.getlength(ch)
    page = rec.read(img, mode="page")
    assert [w.text for w in page.lines[0].words] == ["230", "869", "4715", "1207"]
    assert len(page.lines) == 1


def test_a_large_bold_digit_filling_a_tight_crop_reads_in_page_mode(rec):
    # Its strokes fill whole 16-pixel squares at the image's edges, and a 2's foot runs
    # along the bottom: not a scanner's black border (shallow, or along two edges).
    font = ImageFont.load_default(330)
    for d in "0238":
        left, top, right, bottom = font.getbbox(d)
        img = Image.new("L", (right - left + 40, bottom - top + 10), 255)
        ImageDraw.Draw(img).text((20 - left, 5 - top), d, font=font, fill=0)
        assert rec.read(img, mode="page").text.strip() == d
