"""The progress bar of a batch on a terminal: count, percent, rate and time left.

Imported only when a bar is shown, so that rich does not slow every start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Documents per second, e.g. "12.3 docs/s"."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("- docs/s" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")


@contextmanager
def progress_bar(console: Console) -> Iterator[tuple[Callable[[int], None], Callable[[], None]]]:
    """A bar on console, gone when done; yields (told the number of documents, told one more is done)."""
    columns = (BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("documents", total=None)
        yield (lambda count: bar.update(task, total=count)), (lambda: bar.advance(task))
