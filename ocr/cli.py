"""``ocr-recognize``: the command line, a thin layer over :class:`ocr.Recognizer`.

All errors become messages and exit codes in ``main`` and ``run_inputs``:
0 every input read, 1 some input unreadable or an annotation not written (the
others still processed and reported), 2 usage error, 3 model file missing or
invalid, 130 interrupted.
"""
import argparse
import json
import sys
from itertools import islice
from pathlib import Path

from .errors import ImageError, ModelError
from .io import page_number, pages_of
from .parallel import available_cores
from .recognizer import MODES, Recognizer

BATCH = 1024         # inputs per network call (and per pool of worker processes)
ANNOTATED_BATCH = 16  # fewer when each page's image is kept to be drawn on
MAX_STDIN = 256 * 2**20


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="ocr-recognize",
        description="Read the digits in images: a single character or whole pages.")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="image files; '-' reads one image from stdin")
    p.add_argument("--mode", choices=MODES, default="auto",
                   help="char: the image is one character; page: segment a document; auto (default): segment, "
                        "reading a lone character as in char mode")
    p.add_argument("--format", choices=("text", "json", "tsv"), default="text", dest="fmt",
                   help="text (default): the document's lines; json: one JSON object per input "
                        "(JSON Lines); tsv: Tesseract-like rows with boxes and confidences")
    p.add_argument("--model", type=Path, help="model file (default: the shipped models/digits.npz)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="characters below confidence P read as '?' (0..1)")
    p.add_argument("--top-k", type=int, default=2, metavar="K",
                   help="candidates per character in JSON: the label and K-1 alternatives (default 2)")
    p.add_argument("--annotate", type=Path, metavar="PATH",
                   help="write a PNG with each character's box, label and confidence; with several inputs "
                        "or pages PATH gets the page's number: out-1.png, out-2.png, ...")
    p.add_argument("--max-pixels", type=int, metavar="N",
                   help="refuse images larger than N pixels (default 120 million, or $OCR_MAX_PIXELS)")
    p.add_argument("--version", action=Version, help="print the versions of ocr, numpy and Pillow and exit")
    args = p.parse_args(argv)
    if not 0.0 <= args.min_confidence <= 1.0:
        p.error("--min-confidence must be between 0 and 1")
    if args.top_k < 1:
        p.error("--top-k must be at least 1")
    if args.max_pixels is not None and args.max_pixels < 1:
        p.error("--max-pixels must be positive")
    if args.images.count("-") > 1:
        p.error("'-' (standard input) can be given once")
    return args


class Version(argparse.Action):
    """``--version``: looked up only when asked (importlib.metadata costs every start ~10 ms)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        def of(name):
            try:
                return version(name)
            except PackageNotFoundError:
                return "not installed"
        print(f"ocr-recognize {of('ocr')} (numpy {of('numpy')}, Pillow {of('Pillow')})")
        parser.exit()


def main(argv=None):
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return int(exc.code or 0)
    try:
        rec = Recognizer(args.model, min_confidence=args.min_confidence, top_k=args.top_k,
                         max_pixels=args.max_pixels)
    except ModelError as exc:
        print(f"ocr-recognize: {exc}", file=sys.stderr)
        return 3
    try:
        return run_inputs(rec, args)
    except KeyboardInterrupt:
        print("ocr-recognize: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error of ours
        return 0


def run_inputs(rec, args):
    names = args.images
    progress = Progress(len(names)) if len(names) > 1 and sys.stderr.isatty() else None
    failed, done = False, 0
    batch = ANNOTATED_BATCH if args.annotate else BATCH  # pages kept in memory to draw on
    pages = pages_in(names)
    while chunk := list(islice(pages, batch)):  # a batch of pages, however many files hold them
        results = read_safely(rec, [source for _, _, source in chunk], args.mode, keep_image=bool(args.annotate))
        for (_, name, source), result in zip(chunk, results):
            page = page_number(source)
            several = len(names) > 1 or page is not None
            label = labelled(name, page)
            if isinstance(result, ImageError):
                failed = True
                print(f"ocr-recognize: {label}: {result}", file=sys.stderr)
            else:
                result.file = name
                for note in result.notes:
                    print(f"ocr-recognize: {label}: note: {note}", file=sys.stderr)
                if args.annotate and not annotate_one(result, args, done, several):
                    failed = True
            emit(name, page, result, args.fmt, several)
            done += 1
        if progress:
            progress.update(chunk[-1][0] + 1)
    sys.stdout.flush()
    return 1 if failed else 0


def pages_in(names):
    """(index, name, source) for every page of every input: a multi-page TIFF's pages one
    by one (:func:`ocr.io.pages_of`), standard input read when its turn comes."""
    for i, name in enumerate(names):
        for source in pages_of(read_stdin() if name == "-" else name):
            yield i, name, source


def read_safely(rec, sources, mode, keep_image):
    """``rec.read_many`` on all cores, but a failure on one input never takes the others down."""
    results = list(sources)
    todo = [i for i, s in enumerate(sources) if not isinstance(s, ImageError)]
    try:
        pages = rec.read_many([sources[i] for i in todo], mode, workers=available_cores(), keep_image=keep_image)
        for i, page in zip(todo, pages):
            results[i] = page
    except Exception:
        for i in todo:
            results[i] = read_one(rec, sources[i], mode, keep_image)
    return results


def read_one(rec, source, mode, keep_image):
    try:
        return rec.read_many([source], mode, keep_image=keep_image)[0]
    except MemoryError:
        return ImageError("out of memory while reading this image")
    except Exception as exc:  # a bug of ours must still name the file, not crash the batch
        return ImageError(f"cannot process image ({type(exc).__name__}: {exc})".splitlines()[0])


def read_stdin():
    data = sys.stdin.buffer.read(MAX_STDIN + 1)
    if not data:
        return ImageError("standard input is empty")
    if len(data) > MAX_STDIN:
        return ImageError(f"standard input is larger than {MAX_STDIN} bytes")
    return data


def annotate_one(page, args, index, several):
    from .annotate import annotate
    path = args.annotate
    if several:
        path = path.with_name(f"{path.stem}-{index + 1}{path.suffix or '.png'}")
    try:
        annotate(page.image, page, path, max(args.min_confidence, 0.5))
    except OSError as exc:
        print(f"ocr-recognize: {path}: cannot write annotation ({exc.strerror or exc})", file=sys.stderr)
        return False
    return True


def labelled(name, page):
    """How messages and text blocks name an input, or a page (from 1) of a multi-page file."""
    return name if page is None else f"{name} (page {page})"


def emit(name, page, result, fmt, several):
    """Write the result of one input, or of its ``page`` (from 1) in a multi-page file;
    with ``several`` results, each text or TSV block is headed by the input's name."""
    out = sys.stdout
    if fmt == "json":
        if isinstance(result, ImageError):
            obj = {"file": name, "error": str(result)} if page is None else {
                "file": name, "page": page, "error": str(result)}
        else:
            obj = result.to_dict()
        out.write(json.dumps(obj) + "\n")
        return
    if isinstance(result, ImageError):
        return
    if several:
        out.write(f"==> {labelled(name, page)} <==\n")
    if fmt == "text":
        out.write(result.text + "\n")
    else:
        out.write(tsv(result))


def tsv(page):
    """Rows ``level line word char left top width height conf text`` (conf 0..100 as Tesseract)."""
    rows = ["level\tline\tword\tchar\tleft\ttop\twidth\theight\tconf\ttext"]

    def row(level, li, wi, ci, box, conf, text):
        rows.append(f"{level}\t{li}\t{wi}\t{ci}\t{box[0]}\t{box[1]}\t{box[2]}\t{box[3]}\t{conf * 100:.2f}\t{text}")

    row("page", 0, 0, 0, (0, 0, page.width, page.height), min((ln.confidence for ln in page.lines), default=0.0),
        "")
    for li, line in enumerate(page.lines, 1):
        row("line", li, 0, 0, line.box, line.confidence, line.text)
        for wi, word in enumerate(line.words, 1):
            row("word", li, wi, 0, word.box, word.confidence, word.text)
            for ci, c in enumerate(word.chars, 1):
                row("char", li, wi, ci, c.box, c.confidence, c.text)
    return "\n".join(rows) + "\n"


class Progress:
    """A one-line progress bar on stderr (only used when stderr is a terminal)."""

    def __init__(self, total):
        self.total = total

    def update(self, done):
        width = 30
        filled = int(width * done / self.total)
        end = "\n" if done >= self.total else ""
        sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{self.total}{end}")
        sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
