"""A `docgen worker` in a thread of the test's own process, for the pages' tests: their batches' jobs need one.

The tests of the workers themselves (tests/test_batch_jobs.py) run them as real processes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from docgen.config import Settings
from docgen.web.batch_jobs import work

STOP_WAIT = 300  # seconds a worker may take to finish the chunk in hand on a loaded 2-core machine


@contextmanager
def in_process_worker(settings: Settings) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(settings, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(STOP_WAIT)
