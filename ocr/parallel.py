"""Work spread over this machine's cores in forked worker processes.

Used where the work is per item and pure: preparing many images for recognition,
rendering training views.  Forked workers start in milliseconds with the modules
already imported; where the platform cannot fork, the work runs in this process.
Results come back in input order, so they never depend on the number of workers.
"""
import os
import signal


def available_cores():
    """CPU cores this process may use (its affinity where the OS says, else the count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_context():
    """The 'fork' multiprocessing context, or None where the platform cannot fork."""
    import multiprocessing
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled once, by the parent


def map_forked(func, items, workers, chunksize=1):
    """``[func(item) for item in items]``, in up to ``workers`` forked processes."""
    items = list(items)
    context = fork_context() if workers > 1 and len(items) > 1 else None
    if context is None:
        return [func(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor  # only when forking: one image starts faster
    with ProcessPoolExecutor(min(workers, len(items)), mp_context=context, initializer=ignore_sigint) as pool:
        return list(pool.map(func, items, chunksize=chunksize))
