"""Ctrl-C held back across steps that must not be cut in two.

A KeyboardInterrupt can land between any two steps: after a file is linked into
place and before its temporary name is removed, or after the register has taken
a number and before the batch has noted it. Inside ctrl_c_held() a Ctrl-C is
only recorded, and the caller raises it where the state is whole.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[list[int]]:
    """Record Ctrl-C instead of raising it; the list it yields is not empty once one came.

    Only the main thread receives signals, and a process that ignores Ctrl-C (a
    worker) has nothing to hold back: there it records nothing.
    """
    caught: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield caught
        return
    signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
