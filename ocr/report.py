"""Pictures for the training report, drawn with Pillow: learning curve and confusion matrix."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont


def learning_curve(path, losses, val_scores=(), size=(640, 400)):
    """Training loss per epoch (blue: one line per network of ``losses``, a list of
    series or one series) and, if given, validation accuracy (orange)."""
    w, h = size
    m = 50
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(12)
    d.rectangle([m, m // 2, w - m, h - m], outline="black")
    d.text((m, h - m + 8), "epoch", fill="black", font=font)
    d.text((m, 4), "loss (blue, left)   held-out accuracy (orange, right)", fill="black", font=font)
    curves = [losses] if np.ndim(losses[0]) == 0 else list(losses)
    top = max(float(np.max(c)) for c in curves) or 1.0
    longest = max(len(c) for c in curves + [val_scores])  # one epoch axis for all
    for series, color, lo_hi in [(c, "#1f77b4", (0.0, top)) for c in curves] + [(val_scores, "#ff7f0e", (0.9, 1.0))]:
        series = np.asarray(series, dtype=float)
        if len(series) < 2:
            continue
        lo, hi = lo_hi
        xs = m + np.arange(len(series)) / (longest - 1) * (w - 2 * m)
        ys = (h - m) - (np.clip(series, lo, hi) - lo) / (hi - lo) * (h - m - m // 2)
        d.line(list(zip(xs, ys)), fill=color, width=2)
        d.text((w - m + 4, m // 2), f"{hi:.2f}", fill=color, font=font)
    img.save(path)


def confusion(path, matrix, labels, cell=40):
    """Confusion matrix as a heat map; rows are true labels, columns predictions."""
    matrix = np.asarray(matrix)
    k = len(labels)
    m = 40
    img = Image.new("RGB", (m + k * cell + 10, m + k * cell + 10), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(12)
    norm = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    for i in range(k):
        d.text((m + i * cell + cell // 3, 10), str(labels[i]), fill="black", font=font)
        d.text((14, m + i * cell + cell // 3), str(labels[i]), fill="black", font=font)
        for j in range(k):
            shade = int(255 * (1 - norm[i, j]))
            box = [m + j * cell, m + i * cell, m + (j + 1) * cell - 1, m + (i + 1) * cell - 1]
            d.rectangle(box, fill=(shade, shade, 255))
            d.text((box[0] + 4, box[1] + 12), str(matrix[i, j]), font=font,
                   fill="white" if shade < 128 else "black")
    img.save(path)
