"""The model file: a network's weights as plain arrays plus one JSON metadata entry.

Layout of the ``.npz`` (a zip of ``.npy`` arrays, loaded with ``allow_pickle=False``
so a model file is data, never code)::

    W0, b0, W1, b1, ...   float32 weights (n_in, n_out) and biases (n_out,) per layer
    input_mean, input_scale   (d,) float arrays: the network sees (x - mean) / scale
    classes               (k,) int class labels
    chooser_W0, ...       optional: a second network, the same arrays prefixed ``chooser_``
    metadata              0-d unicode array holding a JSON object (format_version,
                          layer_sizes, activation, temperature, features, recipe, ...;
                          with a chooser, ``chooser``: its layer_sizes, activation,
                          temperature, recipe)

The first network reads the characters; the optional chooser is the network whose
confidence chooses among a page's readings (:mod:`ocr.recognizer`).  A file without
one is read with its one network doing both.

Every load checks structure, shapes and values; any problem is a :class:`ModelError`
naming the file.  Saving writes a temporary file beside the target, fsyncs it and
renames it over the target, so an interrupted save never leaves a broken model.
"""
import json
import os
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import ModelError
from .network import ACTIVATIONS, MLP

FORMAT_VERSION = 1
MAX_UNCOMPRESSED_BYTES = 256 * 2**20  # far above any digit model; stops zip bombs
MAX_LAYERS = 16
CHOOSER = "chooser_"  # prefix of the chooser's arrays


class Model(NamedTuple):
    """A loaded model file: the reading ``network``, its ``metadata`` and the ``chooser``
    network (None when the file has none: then the network chooses too)."""
    network: MLP
    metadata: dict
    chooser: MLP = None


def save(path, mlp, metadata, chooser=None):
    """Atomically write fitted ``mlp`` and a JSON-serializable ``metadata`` dict to ``path``;
    with a fitted ``chooser`` network too (its own metadata in ``metadata["chooser"]``)."""
    path = Path(path)
    meta = dict(metadata, format_version=FORMAT_VERSION, **shape_of(mlp))
    arrays = arrays_of(mlp)
    if chooser is not None:
        meta["chooser"] = dict(metadata.get("chooser", {}), **shape_of(chooser))
        arrays.update({CHOOSER + name: a for name, a in arrays_of(chooser).items()})
    arrays["metadata"] = np.array(json.dumps(meta, sort_keys=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only writing needs it
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, file_mode(path))  # mkstemp's is owner-only: a model is for everyone to read
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # stored: float weights deflate by 7%, and inflating took 10 ms of every start
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def shape_of(mlp):
    """The metadata a network's arrays need to be read back: activation and layer sizes."""
    return {"activation": mlp.activation,
            "layer_sizes": [int(mlp.weights_[0].shape[0])] + [int(W.shape[1]) for W in mlp.weights_]}


def arrays_of(mlp):
    """A fitted network's arrays by their names in the file (unprefixed)."""
    arrays = {"input_mean": np.asarray(mlp.input_mean_, dtype=np.float64),
              "input_scale": np.asarray(mlp.input_scale_, dtype=np.float64),
              "classes": np.asarray(mlp.classes_).astype(np.int64)}
    for i, (W, b) in enumerate(zip(mlp.weights_, mlp.biases_)):
        arrays[f"W{i}"] = np.asarray(W, dtype=np.float32)
        arrays[f"b{i}"] = np.asarray(b, dtype=np.float32)
    return arrays


def file_mode(path):
    """Permission bits for a file written at ``path``: those of the file it replaces, else
    what the umask allows a new file (0o644 under the usual 022)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def load(path):
    """Read and validate a model file; returns a :class:`Model` (network, metadata, chooser).

    Raises
    ------
    ModelError
        If the file is missing, unreadable, not a model, or holds wrong shapes or values.
    """
    path = Path(path)

    def fail(problem):
        return ModelError(f"{path}: invalid model file: {problem}")

    if not path.exists():
        raise ModelError(f"{path}: model file not found")
    if path.is_dir():
        raise ModelError(f"{path}: model path is a directory")
    try:
        with zipfile.ZipFile(path) as zf:
            if sum(info.file_size for info in zf.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise fail("too large")
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except ModelError:
        raise
    except zipfile.BadZipFile:
        raise fail("not an npz archive (truncated or corrupt?)") from None
    except ValueError as exc:
        if "allow_pickle" in str(exc):
            raise fail("contains pickled objects, which are never loaded") from None
        raise fail(str(exc).splitlines()[0]) from None
    except (OSError, EOFError, KeyError, zipfile.LargeZipFile) as exc:
        raise fail(f"{type(exc).__name__}: {exc}".splitlines()[0]) from None
    except Exception as exc:  # numpy's reader raises many kinds on corrupt members
        raise fail(f"unreadable ({type(exc).__name__})") from None
    return _build(arrays, fail)


def _build(arrays, fail):
    """Check the arrays of a model file and turn them into a :class:`Model`."""
    try:
        meta = json.loads(str(arrays["metadata"][()]))
    except KeyError:
        raise fail("no metadata entry") from None
    except (ValueError, TypeError):
        raise fail("metadata is not JSON") from None
    if not isinstance(meta, dict):
        raise fail("metadata is not a JSON object")
    if meta.get("format_version") != FORMAT_VERSION:
        raise fail(f"unsupported format_version {meta.get('format_version')!r} (expected {FORMAT_VERSION})")
    mlp = _network(arrays, meta, "", fail)
    if meta.get("chooser") is None:
        return Model(mlp, meta)
    if not isinstance(meta["chooser"], dict):
        raise fail("chooser metadata is not a JSON object")
    chooser = _network(arrays, meta["chooser"], CHOOSER, fail)
    if chooser.weights_[0].shape[0] != mlp.weights_[0].shape[0] or not np.array_equal(chooser.classes_, mlp.classes_):
        raise fail("the chooser reads other inputs or classes than the network")
    return Model(mlp, meta, chooser)


def _network(arrays, meta, prefix, fail):
    """The fitted MLP of the arrays named ``prefix`` + W0, b0, ..., as ``meta`` describes it."""
    if meta.get("activation") not in ACTIVATIONS:
        raise fail(f"unknown {prefix}activation {meta.get('activation')!r}")
    sizes = meta.get("layer_sizes")
    if (not isinstance(sizes, list) or not 2 <= len(sizes) <= MAX_LAYERS + 1
            or not all(isinstance(s, int) and s > 0 for s in sizes)):
        raise fail(f"{prefix}layer_sizes must be a list of positive integers")

    def array(name, shape):
        name = prefix + name
        if name not in arrays:
            raise fail(f"missing array {name}")
        a = arrays[name]
        if a.shape != shape:
            raise fail(f"{name} has shape {a.shape}, expected {shape}")
        if not np.issubdtype(a.dtype, np.number) or np.issubdtype(a.dtype, np.complexfloating):
            raise fail(f"{name} has non-numeric dtype {a.dtype}")
        if not np.all(np.isfinite(a)):
            raise fail(f"{name} holds NaN or infinite values")
        return a

    mlp = MLP(hidden=tuple(sizes[1:-1]), activation=meta["activation"])
    mlp.weights_ = [array(f"W{i}", (a, b)).astype(np.float32) for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    mlp.biases_ = [array(f"b{i}", (b,)).astype(np.float32) for i, b in enumerate(sizes[1:])]
    mlp.input_mean_ = array("input_mean", (sizes[0],)).astype(np.float64)
    mlp.input_scale_ = array("input_scale", (sizes[0],)).astype(np.float64)
    if np.any(mlp.input_scale_ <= 0):
        raise fail(f"{prefix}input_scale must be positive")
    mlp.classes_ = array("classes", (sizes[-1],))
    temperature = meta.get("temperature", 1.0)
    if not isinstance(temperature, (int, float)) or not 0 < temperature < 100:
        raise fail(f"{prefix}temperature must be a positive number")
    return mlp
