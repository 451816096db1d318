"""The register's tables, created and migrated automatically; docgen_schema holds the version.

Migrations only ever append: version N is MIGRATIONS[N - 1]. Every table name
starts with docgen_ so that the register can share a database with other
applications. The SQL is plain enough for both SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from ..errors import StoreError
from .backend import Connection
from .chain import append, load_key, stored_state
from .register import now
from .search import searchable

_V1 = (
    """CREATE TABLE docgen_counters (
        entity TEXT NOT NULL,
        type TEXT NOT NULL,
        year INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (entity, type, year)
    )""",
    # Seeding forward leaves numbers docgen never used; these rows say why.
    """CREATE TABLE docgen_seeds (
        entity TEXT NOT NULL,
        type TEXT NOT NULL,
        year INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        seeded_at TEXT NOT NULL,
        seeded_by TEXT NOT NULL
    )""",
    """CREATE TABLE docgen_documents (
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        entity_name TEXT NOT NULL,
        type TEXT NOT NULL,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        locale TEXT NOT NULL,
        formats TEXT NOT NULL,
        request_key TEXT NOT NULL,
        data TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'void')),
        reason TEXT,
        reserved_at TEXT NOT NULL,
        issued_at TEXT,
        issued_by TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        voided_at TEXT,
        voided_by TEXT,
        PRIMARY KEY (entity, number),
        UNIQUE (entity, type, year, seq),
        CHECK (status <> 'void' OR reason IS NOT NULL)
    )""",
    # One issued document per request: a concurrent duplicate loses at commit.
    """CREATE UNIQUE INDEX docgen_documents_one_issued
        ON docgen_documents (entity, request_key) WHERE status = 'issued'""",
    """CREATE TABLE docgen_files (
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        format TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (entity, number, format),
        FOREIGN KEY (entity, number) REFERENCES docgen_documents (entity, number)
    )""",
    "CREATE INDEX docgen_files_sha256 ON docgen_files (sha256)",
)


def _start_chain(db: Connection) -> None:
    """Give the register its id and start its chain; documents already here are adopted as they stand.

    What happened to them before this moment is not covered: the chain can only vouch from here on.
    """
    db.change("INSERT INTO docgen_register (id, chained_at) VALUES (?, ?)", (secrets.token_hex(16), now()))
    key, at = load_key() or b"", now()
    documents = sorted(stored_state(db, with_kept=False).items())
    append(db, key, at, "start", "", "", {"adopted": len(documents)})
    for (entity, number), state in documents:
        append(db, key, at, "adopt", entity, number, state)


# Version 2: the chain of events, and every hash ever issued for a number (a copy already sent still verifies).
_V2: tuple[str | Callable[[Connection], None], ...] = (
    "CREATE TABLE docgen_register (id TEXT NOT NULL, chained_at TEXT NOT NULL)",
    """CREATE TABLE docgen_events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        body TEXT NOT NULL,
        mac TEXT NOT NULL
    )""",
    """CREATE TABLE docgen_hashes (
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (entity, number, format, sha256),
        FOREIGN KEY (entity, number) REFERENCES docgen_documents (entity, number)
    )""",
    "CREATE INDEX docgen_hashes_sha256 ON docgen_hashes (sha256)",
    "INSERT INTO docgen_hashes (entity, number, format, sha256) SELECT entity, number, format, sha256 FROM docgen_files",
    _start_chain,
)

# Version 3: what an issued document said (its numbered clauses, with their text in the locale issued) and
# what it cites, so that "what cites it" is a lookup. Rows issued before have no outline_sha256: nothing kept.
_V3 = (
    "ALTER TABLE docgen_documents ADD COLUMN outline_sha256 TEXT",
    """CREATE TABLE docgen_clauses (
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        position INTEGER NOT NULL,
        clause_key TEXT NOT NULL,
        reference TEXT NOT NULL,
        text TEXT,
        PRIMARY KEY (entity, number, position),
        FOREIGN KEY (entity, number) REFERENCES docgen_documents (entity, number)
    )""",
    """CREATE TABLE docgen_citations (
        entity TEXT NOT NULL,
        number TEXT NOT NULL,
        field TEXT NOT NULL,
        cited TEXT NOT NULL,
        PRIMARY KEY (entity, number, field, cited),
        FOREIGN KEY (entity, number) REFERENCES docgen_documents (entity, number)
    )""",
    "CREATE INDEX docgen_citations_cited ON docgen_citations (entity, cited)",
)



def _fold_existing(db: Connection) -> None:
    """The folded search text of the rows already here (see search.py); new rows get theirs when reserved."""
    for entity, number, entity_name, data in db.query("SELECT entity, number, entity_name, data FROM docgen_documents"):
        db.change(
            "UPDATE docgen_documents SET folded = ? WHERE entity = ? AND number = ?",
            (searchable(number, entity_name, data), entity, number),
        )


# Version 4: each row's number, company and data case-folded, so that a search, its count and its pages are
# all done by the database, the same way on SQLite and PostgreSQL.
_V4: tuple[str | Callable[[Connection], None], ...] = (
    "ALTER TABLE docgen_documents ADD COLUMN folded TEXT",
    _fold_existing,
)

# Version 5: the keys each issued document holds alone (see held.py). The unique index, not a check before
# inserting, is what keeps two documents issued at the same moment from holding the same key.
_V5 = (
    """CREATE TABLE docgen_held_keys (
        entity TEXT NOT NULL,
        space TEXT NOT NULL,
        held_key TEXT NOT NULL,
        number TEXT NOT NULL,
        field TEXT NOT NULL,
        FOREIGN KEY (entity, number) REFERENCES docgen_documents (entity, number)
    )""",
    "CREATE UNIQUE INDEX docgen_held_keys_one_holder ON docgen_held_keys (entity, space, held_key)",
    "CREATE INDEX docgen_held_keys_number ON docgen_held_keys (entity, number)",
)

# Version 6: accounts for the web app, their API tokens, sign-in sessions shared by every worker, and the
# sign-in failures and locks that limit guessing. Passwords, tokens and session ids are kept only as hashes.
_V6 = (
    """CREATE TABLE docgen_accounts (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE docgen_tokens (
        token_sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL REFERENCES docgen_accounts (name),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE docgen_sessions (
        session_sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL REFERENCES docgen_accounts (name),
        last_seen INTEGER NOT NULL
    )""",
    "CREATE TABLE docgen_signin_failures (subject TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE INDEX docgen_signin_failures_subject ON docgen_signin_failures (subject, at)",
    "CREATE TABLE docgen_signin_locks (subject TEXT PRIMARY KEY, until INTEGER NOT NULL)",
)



def _queue_tables(db: Connection) -> None:
    """On PostgreSQL, procrastinate's tables, functions and types: the queue the batches' jobs go through.

    procrastinate's schema is one script that creates types and tables without IF NOT EXISTS, so applying it
    twice fails: it is applied here, once, under the schema lock, unless the database has it already (another
    application's queue in the same database). SQLite has no such script: its jobs are docgen_batch_chunks.
    """
    run_script = getattr(db, "run_script", None)  # only PostgreSQL's connection has one
    if run_script is None or db.query("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")[0][0]:
        return
    from procrastinate.schema import SchemaManager

    run_script(SchemaManager.get_schema())


# Version 7: the web app's batches, so that every server process and `docgen worker` sees them: the upload,
# its rows and their problems, the chunks the rows are issued in (a job each), and the numbers issued.
_V7: tuple[str | Callable[[Connection], None], ...] = (
    """CREATE TABLE docgen_batches (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        locale TEXT NOT NULL,
        formats TEXT NOT NULL,
        lang TEXT NOT NULL,
        actor TEXT NOT NULL,
        origin TEXT NOT NULL,
        upload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE docgen_batch_rows (
        batch_id TEXT NOT NULL REFERENCES docgen_batches (id),
        row_number INTEGER NOT NULL,
        data TEXT NOT NULL,
        valid INTEGER NOT NULL,
        PRIMARY KEY (batch_id, row_number)
    )""",
    """CREATE TABLE docgen_batch_problems (
        batch_id TEXT NOT NULL REFERENCES docgen_batches (id),
        row_number INTEGER NOT NULL,
        stage INTEGER NOT NULL,
        position INTEGER NOT NULL,
        field TEXT NOT NULL,
        message TEXT NOT NULL
    )""",
    "CREATE INDEX docgen_batch_problems_batch ON docgen_batch_problems (batch_id, row_number)",
    """CREATE TABLE docgen_batch_chunks (
        batch_id TEXT NOT NULL REFERENCES docgen_batches (id),
        chunk INTEGER NOT NULL,
        rows TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
        worker TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL DEFAULT 0,
        lease_until INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (batch_id, chunk)
    )""",
    "CREATE INDEX docgen_batch_chunks_state ON docgen_batch_chunks (state, lease_until)",
    """CREATE TABLE docgen_batch_numbers (
        batch_id TEXT NOT NULL REFERENCES docgen_batches (id),
        number TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (batch_id, number)
    )""",
    _queue_tables,
)

MIGRATIONS: tuple[tuple[str | Callable[[Connection], None], ...], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7)
SCHEMA_VERSION = len(MIGRATIONS)


def _current_version(db: Connection) -> int:
    rows = db.query("SELECT version FROM docgen_schema")
    if not rows:
        db.change("INSERT INTO docgen_schema (version) VALUES (0)")
        return 0
    return int(rows[0][0])


def up_to_date(db: Connection) -> bool:
    # Most opens find the schema current; they read the version and write nothing.
    try:
        rows = db.query("SELECT version FROM docgen_schema")
    except StoreError:  # no table yet: the locked path below creates it, or reports what is really wrong
        return False
    return bool(rows) and int(rows[0][0]) == SCHEMA_VERSION


def migrate(db: Connection) -> int:
    """Bring the schema up to date, one process at a time; the version it ends at."""
    if up_to_date(db):
        return SCHEMA_VERSION
    with db.transaction():
        db.lock_schema()
        db.change("CREATE TABLE IF NOT EXISTS docgen_schema (version INTEGER NOT NULL)")
        version = _current_version(db)
        if version > SCHEMA_VERSION:
            raise too_new(db.where, version)
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                if callable(statement):
                    statement(db)
                else:
                    db.change(statement)
        db.change("UPDATE docgen_schema SET version = ?", (SCHEMA_VERSION,))
    return SCHEMA_VERSION


# Whether docgen_schema exists, asked without touching it: a failed SELECT could not tell
# "no such table" from "no permission".
_SCHEMA_TABLE_COUNT = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'docgen_schema'",
    "postgresql": "SELECT count(*) FROM (SELECT to_regclass('docgen_schema') AS found) AS t WHERE found IS NOT NULL",
}


def installed_version(db: Connection, kind: str) -> int | None:
    """The register's schema version, or None when docgen has not created its tables there yet."""
    [(count,)] = db.query(_SCHEMA_TABLE_COUNT[kind])
    if not count:
        return None
    rows = db.query("SELECT version FROM docgen_schema")
    return int(rows[0][0]) if rows else 0


def too_new(where: str, version: int) -> StoreError:
    return StoreError(
        "register {where} has schema version {version}; this docgen knows up to {schema_version}: upgrade docgen",
        where=where,
        version=version,
        schema_version=SCHEMA_VERSION,
    )
