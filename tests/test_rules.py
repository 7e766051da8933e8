import numpy as np

from ocr import rules


def test_a_rule_with_a_rings_arc_hanging_under_part_of_it_is_still_found():
    # The lowest ink of a rule's columns, but for a fifth of them where an arc hangs
    # 20-90 px below: a fit to every column misses the rule everywhere.
    cols = np.arange(1000)
    edge = 80 + 0.01 * cols
    arc = (cols > 500) & (cols < 700)
    edge[arc] += 20 + 70 * np.sin(np.pi * (cols[arc] - 500) / 200)
    slope, intercept = rules.straight_edge(cols, edge)
    assert abs(slope - 0.01) < 1e-3 and abs(intercept - 80) < 1
    assert rules.straight_edge(cols, 80 + 60 * np.sin(cols / 50)) is None  # no straight edge
