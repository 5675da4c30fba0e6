"""A throwaway PostgreSQL cluster for the benchmarks that need a street (as tests/pg does: initdb + pg_ctl from
Debian's package, trust authentication, removed by ``stop``)."""

from __future__ import annotations

import os
import pwd
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool


def start(database: str) -> tuple[Any, URL]:
    """(the cluster, the URL of a new empty ``database`` on it)."""
    from tests.pg.conftest import LocalCluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql), or give --db URL")
    as_user = None
    if os.geteuid() == 0:  # initdb refuses root: the cluster runs as the postgres user
        pwd.getpwnam("postgres")
        as_user = "postgres"
    cluster = LocalCluster(bindir, as_user)
    admin = cluster.start()
    engine = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0"))
    engine.dispose()
    return cluster, admin.set(database=database)
