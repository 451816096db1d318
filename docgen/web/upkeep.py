"""What the app does on its own while it runs: it voids the numbers a dead worker left reserved.

A worker killed in the middle of issuing (SIGKILL, out of memory) leaves its number reserved, never issued without
its files. Each worker, when it starts and then every [web] abandoned_minutes, does what `docgen register repair`
does: it voids the reservations of a process of this machine that has ended, and any older than abandoned_minutes.
uvicorn starts a new worker in place of a dead one, so its reservations are voided as soon as that one is up.
Voiding only what is still reserved, it is safe to run in every worker at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from ..config import Settings
from ..errors import StoreError
from ..store import Entry, open_register
from ..store.location import parse_location, redact

LOG = logging.getLogger("docgen.web")


def void_abandoned(settings: Settings) -> list[Entry]:
    """register repair with [web] abandoned_minutes; nothing when the register does not exist yet (a SQLite file
    not created is not created here) or cannot be reached (the requests then answer 503 until it is back)."""
    location = parse_location(settings.database)
    if location.kind == "sqlite" and not Path(location.target).is_file():
        return []
    try:
        with open_register(settings.database) as register:
            voided = register.repair(timedelta(minutes=settings.web.abandoned_minutes))
    except StoreError as error:
        LOG.info("abandoned reservations not checked: %s", redact(error.message))
        return []
    for entry in voided:
        LOG.info("%s voided: %s", entry.number, entry.reason)
    return voided


async def _every(minutes: int, settings: Settings) -> None:
    while True:
        await asyncio.sleep(minutes * 60)  # the period itself, not a wait for some event
        await run_in_threadpool(void_abandoned, settings)


@asynccontextmanager
async def upkeep(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: abandoned reservations voided at start, then every [web] abandoned_minutes."""
    settings: Settings = app.state.settings
    await run_in_threadpool(void_abandoned, settings)
    task = asyncio.create_task(_every(settings.web.abandoned_minutes, settings))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
