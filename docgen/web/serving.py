"""Running the app as several worker processes: what each worker reads to build the app the CLI resolved.

uvicorn (--workers N) and gunicorn start each worker from an import string, so a worker cannot be handed the
CLI's settings object: it reads them again from the environment, as `docgen` itself does (DOCGEN_CONFIG,
DOCGEN_TEMPLATES, DOCGEN_DB) plus the port the app answers on. A password never goes into that environment:
a register URL holding one stays in the project file (or libpq's PGPASSFILE), which each worker reads itself.
Nothing a request leaves behind is kept in a worker's memory (sessions, sign-in failures and issued files'
paths are in the register, CSRF tokens and the language in cookies), so any worker can answer any request.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from ..config import Settings, load_settings
from ..errors import UsageError
from ..store.location import secrets_in
from .app import create_app

PORT_VARIABLE = "DOCGEN_SERVE_PORT"
FACTORY = "docgen.web.serving:app_from_environment"


def worker_environment(settings: Settings, port: int, templates: Path | None, database: str | None) -> dict[str, str]:
    """The variables that make a worker's settings the CLI's: the project file, and the command line's --templates
    and --db. UsageError for a --db that carries a password: the workers' environment would hold it."""
    inherited = database is not None and os.environ.get("DOCGEN_DB") == database  # already in the environment
    if database is not None and not inherited and secrets_in(database):
        raise UsageError(
            "--workers: --db holds a password; put the register's URL in the project file or DOCGEN_DB, "
            "or the password in PGPASSFILE"
        )
    environment = {PORT_VARIABLE: str(port)}
    if settings.source is not None:
        environment["DOCGEN_CONFIG"] = str(Path(settings.source).resolve())
    if templates is not None:
        environment["DOCGEN_TEMPLATES"] = str(templates.resolve())
    if database is not None:
        environment["DOCGEN_DB"] = database
    return environment


def app_from_environment() -> FastAPI:
    """A worker's app (uvicorn --factory, gunicorn 'docgen.web.serving:app_from_environment()')."""
    return create_app(load_settings(), port=int(os.environ.get(PORT_VARIABLE, "8000")))


def serve_workers(host: str, port: int, workers: int, overrides: dict[str, str]) -> None:
    """uvicorn with several worker processes sharing one listening socket; each builds its app from the
    environment (see worker_environment), which the spawned workers inherit."""
    import uvicorn

    os.environ.update(overrides)
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, log_level="warning")
