"""A private PostgreSQL server for the tests: Debian's postgresql package, a cluster made by initdb in a temporary
folder, listening on 127.0.0.1 and a free port only, stopped (and its folder removed) by the session fixture.

Without the server binaries the tests that need it are skipped with a reason; in CI (CI set) they fail instead.
As root (containers, CI) the server runs as the `postgres` system user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

USER = "rasp"


def postgres_bindir() -> Path | None:
    """Where initdb and postgres live: RASP_PG_BINDIR, Debian's /usr/lib/postgresql/N/bin, or the PATH."""
    if os.environ.get("RASP_PG_BINDIR"):
        return Path(os.environ["RASP_PG_BINDIR"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    bindir: Path
    folder: Path
    port: int
    as_user: list[str]
    counter: itertools.count[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        with psycopg.connect(f"postgresql://{USER}@127.0.0.1:{self.port}/{database}", autocommit=True) as conn:
            conn.execute(sql.encode())

    def new_database(self, template: str = "template1") -> str:
        """A fresh, empty database (or a copy of `template`); returns its SQLAlchemy URL."""
        name = f"t{os.getpid()}_{next(self.counter)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def log(self) -> str:
        return (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres() -> PostgresServer:
    """initdb a cluster in a new temporary folder and start it on 127.0.0.1 (skips when PostgreSQL is absent)."""
    bindir = postgres_bindir()
    if bindir is None or not (bindir / "postgres").exists():
        message = "PostgreSQL server binaries not found (apt-get install postgresql, or set RASP_PG_BINDIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="rasp-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for attempt in range(3):
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB"
        )
        started = subprocess.run(
            [
                *as_user,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "start",
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
        if started.returncode == 0:
            return PostgresServer(bindir, folder, port, as_user, itertools.count(1))
        if attempt == 2:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    raise AssertionError("unreachable")
