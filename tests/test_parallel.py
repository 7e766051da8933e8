from ocr import parallel


def square(v):
    return v * v


def test_map_forked_keeps_input_order_for_any_worker_count():
    items = list(range(37))
    for workers in (1, 2, 3):
        assert parallel.map_forked(square, items, workers, chunksize=4) == [v * v for v in items]
    assert parallel.map_forked(square, [], 2) == []
