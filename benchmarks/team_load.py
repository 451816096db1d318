"""Issuing through `docgen serve --workers N` on one PostgreSQL register, against one worker, in the same run.

    python benchmarks/team_load.py --db postgresql://USER@HOST/DB [--workers 2] [--issues 400] [--clients 20]
                                   [--format html|pdf|docx]

For one worker, then for --workers, it starts `python -m docgen serve` on the loopback on a fresh schema of
the database (dropped afterwards), has --clients threads, each over its own connection, issue --issues offer
letters between them (see web.py), and prints the throughput, the p50 and p95 latency, whether every request
succeeded and the numbers are gapless, and the ratio of the two throughputs. Without --db it uses a SQLite file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx
from web import ROOT, Crowd, free_port, gapless, wait_until_up


@contextmanager
def fresh_register(database: str | None, folder: Path) -> Iterator[str]:
    """A register of this run's own: a new schema first on PostgreSQL's search path, or a SQLite file."""
    if not database:
        yield f"sqlite:///{folder / 'register.db'}"
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{database}{'&' if '?' in database else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def start(folder: Path, database: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """The server; the register's URL (with any password) in its project file, never in its environment."""
    text = (ROOT / "samples" / "docgen.toml").read_text(encoding="utf-8")
    config = folder / "docgen.toml"
    config.write_text(f'database = "{database}"\n{text}\n[web]\nfiles = "{folder / "issued"}"\n', encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_CACHE": str(folder / "cache")}
    environment |= {"XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    environment.pop("DOCGEN_DB", None)
    command = [sys.executable, "-m", "docgen", "--config", str(config), "serve", "--port", str(port)]
    with (folder / "server.log").open("wb") as log:  # a file, not a pipe: a full pipe would stall the server
        return subprocess.Popen([*command, "--workers", str(workers)], env=environment, stdout=log, stderr=log)


def measure(args: argparse.Namespace, workers: int) -> float:
    """One run with this many workers: prints its row, returns its throughput (documents a second)."""
    with tempfile.TemporaryDirectory(prefix="docgen-team-bench-") as temporary:
        folder, port = Path(temporary), free_port()
        with fresh_register(args.db, folder) as database:
            server = start(folder, database, port, workers)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_until_up(base, server)
                crowd = Crowd(base, args.clients, args.issues, args.format)
                wall = crowd.run()
                with httpx.Client(base_url=base, timeout=600) as client:
                    ok, last = gapless(client)
            finally:
                server.terminate()  # uvicorn's parent stops its workers
                server.wait(timeout=60)
    latencies = sorted(crowd.latencies)
    p50, p95 = (latencies[max(0, int(len(latencies) * share) - 1)] * 1000 for share in (0.5, 0.95))
    rate = len(crowd.numbers) / wall
    print(f"  {workers} worker(s)  {rate:7.1f} docs/s   p50 {p50:7.0f} ms   p95 {p95:7.0f} ms   "
          f"errors {len(crowd.errors)}   numbers gapless: {'yes' if ok and last == args.issues else 'NO'}")  # fmt: skip
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (a schema of the run's own is made and dropped)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--issues", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--format", default="html", choices=("pdf", "html", "docx"))
    args = parser.parse_args()
    where = "PostgreSQL" if args.db else "SQLite"
    print(f"{args.clients} clients issuing {args.issues} {args.format.upper()} offer letters on {where} "
          f"(cores: {os.cpu_count()})")  # fmt: skip
    baseline = measure(args, 1)
    scaled = measure(args, args.workers)
    print(f"  throughput ratio {args.workers} workers / 1 worker: {scaled / baseline:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
