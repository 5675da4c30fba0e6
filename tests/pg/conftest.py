"""PostgreSQL for the service tests: a throwaway cluster, or the server named by COMMUNITY_DESK_PG_URL.

Without that variable the session starts its own cluster (initdb + pg_ctl, trust authentication, fsync off,
listening on 127.0.0.1 at a free port and on a Unix socket in the same temporary folder) and removes it at the
end. The binaries are looked for in COMMUNITY_DESK_PG_BINDIR, on PATH, then in /usr/lib/postgresql/*/bin
(Debian, Ubuntu). As root the cluster runs as the ``postgres`` OS user, since initdb refuses to run as root.

With COMMUNITY_DESK_PG_URL set (e.g. postgresql://postgres:secret@db:5432/postgres), that server is used: the
user needs CREATEDB, and the URL's database is only used to create and drop the per-test databases.

Every test gets a database of its own; it is dropped afterwards.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

ENV_URL = "COMMUNITY_DESK_PG_URL"
ENV_BINDIR = "COMMUNITY_DESK_PG_BINDIR"
DRIVER = "postgresql+psycopg"
START_TIMEOUT = 60  # seconds pg_ctl waits for the server to accept connections


@dataclass(frozen=True)
class PgServer:
    """A server the tests may create databases on; ``admin_url`` points at its maintenance database."""

    admin_url: URL

    def url_for(self, database: str) -> URL:
        return self.admin_url.set(database=database)


def _with_driver(url: URL) -> URL:
    if url.get_backend_name() != "postgresql":
        raise pytest.UsageError(f"{ENV_URL} must be a postgresql:// URL, not {url.drivername}://")
    return url.set(drivername=DRIVER)


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    candidates: list[Path] = []
    if os.environ.get(ENV_BINDIR):
        candidates.append(Path(os.environ[ENV_BINDIR]))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalCluster:
    """initdb + pg_ctl in a temporary folder; ``as_user`` runs the tools as that OS user (we are root)."""

    def __init__(self, bindir: Path, as_user: str | None) -> None:
        self.bindir = bindir
        self.as_user = as_user
        self.root = Path(tempfile.mkdtemp(prefix="community-desk-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = 0
        self.started = False

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        # Output goes to a file, never to a pipe: the server pg_ctl forks must not hold our pipe open.
        with open(self.root / "tools.log", "ab") as out:
            result = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=self.root, timeout=START_TIMEOUT + 30, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{self._logs()}")

    def _logs(self) -> str:
        parts = []
        for name in ("tools.log", "server.log"):
            path = self.root / name
            if path.exists():
                parts.append(f"--- {name} ---\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)

    def start(self) -> URL:
        self.sockets.mkdir()
        if self.as_user:
            shutil.chown(self.root, self.as_user)
            shutil.chown(self.sockets, self.as_user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale",
                  "--no-sync")
        self.port = _free_port()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.sockets}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "50",
            "shared_buffers": "32MB",
            # A desk's server runs on China time: stored UTC must not depend on the session's zone.
            "timezone": "'Asia/Shanghai'",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# community-desk tests\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        if self.as_user:
            shutil.chown(self.data / "postgresql.conf", self.as_user)
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(START_TIMEOUT))
        self.started = True
        return URL.create(DRIVER, username="postgres", host="127.0.0.1", port=self.port, database="postgres")

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
                self.started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is missing: pip install 'psycopg[binary]>=3.1'")
    if os.environ.get(ENV_URL):
        yield PgServer(_with_driver(make_url(os.environ[ENV_URL])))
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL is not installed (no initdb/pg_ctl/postgres found) and {ENV_URL} is not set; "
                    f"install it (apt-get install postgresql) or point {ENV_URL} at a server")
    as_user = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as an unprivileged user")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' OS user to run the cluster as")
        as_user = "postgres"
    cluster = LocalCluster(bindir, as_user)
    try:
        admin_url = cluster.start()
        yield PgServer(admin_url)
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty database that is dropped after the test."""
    name = f"desk_test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
        yield pg_server.url_for(name).render_as_string(hide_password=False)
    finally:
        # FORCE also ends connections a failed test left open.
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def services(tmp_path: Path, pg_url: str, clock: Any) -> Iterator[Any]:
    """One desk's services on a fresh PostgreSQL database, at the moment of the module's own ``clock`` fixture."""
    from app.services.core.container import open_services

    s = open_services(tmp_path, db_url=pg_url, clock=clock)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def desks(tmp_path: Path, pg_url: str) -> Iterator[tuple[Any, Any]]:
    """Two desks' services on the same PostgreSQL database (set up, admin account ready), each with its own engine
    and connections: for the tests of what two desks do at the same moment (tests.pg.desks.at_once)."""
    from app.services.core.clock import FakeClock
    from app.services.core.container import open_services
    from tests.pg.test_postgres import NOW, set_up

    first = open_services(tmp_path / "one", db_url=pg_url, clock=FakeClock(NOW))
    second = None
    try:
        set_up(first)
        second = open_services(tmp_path / "two", db_url=pg_url, clock=FakeClock(NOW))
        yield first, second
    finally:
        first.close()
        if second is not None:
            second.close()
