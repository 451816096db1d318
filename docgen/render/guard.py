"""Rendering with an office's own templates in a child process, with a memory limit and a time limit.

The sandbox stops templates from reaching Python objects, but not from
looping for ever or building huge strings: nested loops are not capped by
Jinja. So a render that uses templates from --templates runs in a forked
child with RLIMIT_AS set, is killed after a wall-clock limit, and may return
at most MAX_OUTPUT bytes. Warnings the child logs (blocked URLs) are logged
again in the parent, so nothing is lost.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import DocgenError, TemplateFailure

RENDER_TIMEOUT = 120  # seconds; a long contract renders in about one
MEMORY_HEADROOM = 1 << 30  # bytes a render may add to what the process already maps
MAX_OUTPUT = 64 << 20  # bytes in one rendered file


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(writer: Connection, function: Callable[..., bytes], args: tuple[Any, ...]) -> None:
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    limit = _mapped_bytes() + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = function(*args)
        if len(result) > MAX_OUTPUT:
            outcome: tuple[str, Any] = ("error", f"the rendered file is larger than {MAX_OUTPUT >> 20} MiB")
        else:
            outcome = ("ok", result)
    except DocgenError as error:
        outcome = ("raise", error)  # errors pickle, so the caller sees the very error, with its type
    except MemoryError:
        outcome = ("error", f"the template needed more than {MEMORY_HEADROOM >> 20} MiB of memory and was stopped")
    except RecursionError:
        outcome = ("error", "the template recursed too deeply and was stopped")
    writer.send((*outcome, collect.records))
    writer.close()


def run_guarded(function: Callable[..., bytes], *args: Any) -> bytes:
    """function(*args) in a forked child under the limits above; TemplateFailure when it breaks one."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(writer, function, args), daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(RENDER_TIMEOUT):
            raise TemplateFailure(
                "rendering took longer than {render_timeout} s and was stopped", render_timeout=RENDER_TIMEOUT
            )
        kind, payload, records = reader.recv()
    except EOFError:
        raise TemplateFailure("rendering stopped: the template exhausted the memory it may use") from None
    finally:
        process.kill()
        process.join()
        reader.close()
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    if kind == "raise":
        raise payload
    if kind == "error":
        raise TemplateFailure(payload)
    result: bytes = payload
    return result
