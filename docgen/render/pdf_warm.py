"""Imported by a PDF batch's fork server only: it lays out one page, so every worker forked from it starts warm.

The fork server imports the modules it is given before it forks any worker (see
render.pool), and it runs while the records are still being validated; so the
fonts are opened once there rather than once in each worker.
"""

from __future__ import annotations

import contextlib

from .pdf import warm_up

# Only a head start: whatever fails here fails again, with its message, in the worker's first document;
# an exception escaping the fork server's imports would stop the fork server and the whole batch with it.
with contextlib.suppress(Exception):
    warm_up()
