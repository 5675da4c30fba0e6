"""What a write changed: the unit of work notes the tables its committed transactions wrote, and they map to the
topics the pages subscribe to."""

from __future__ import annotations

import threading

import pytest

from app.domain.topics import Topic
from app.models import Base
from app.services.core.auth import Actor
from app.services.core.changes import TOPIC_OF_TABLE, topics_of
from app.services.core.container import Services
from app.services.core.db import written_tables
from app.services.core.errors import ValidationError
from app.services.people.residents import NewResident


def test_every_table_has_a_topic() -> None:
    """A new table must say which pages show it, or its writes would refresh nothing."""
    assert set(Base.metadata.tables) - set(TOPIC_OF_TABLE) == set()


def test_a_committed_write_names_its_tables_and_topics(services: Services, clerk: Actor) -> None:
    with written_tables() as written:
        services.residents.create(clerk, NewResident(name="邢佩华", phone="13904125566", building="3", unit="2",
                                                     room="301"))
    assert {"resident", "household", "audit_log"} <= written
    assert topics_of(written) >= {Topic.RESIDENTS, Topic.AUDIT}
    assert Topic.CASES not in topics_of(written)


def test_a_refused_write_and_a_read_change_nothing(services: Services, clerk: Actor) -> None:
    with written_tables() as written:
        with pytest.raises(ValidationError):
            services.residents.create(clerk, NewResident(name="", phone="123"))
        services.residents.search(clerk, "zhang")
    assert written == set()


def test_a_bulk_update_statement_is_noted(services: Services) -> None:
    from sqlalchemy import update

    from app.models import Staff

    with written_tables() as written, services.db.transaction() as session:
        session.execute(update(Staff).where(Staff.username == "nobody").values(phone=""))
    assert "staff" in written


def test_writes_on_another_thread_are_not_this_threads_changes(services: Services, clerk: Actor) -> None:
    def elsewhere() -> None:
        services.residents.create(clerk, NewResident(name="欧阳娜娜", phone="13904125567", building="3", unit="2",
                                                     room="302"))

    with written_tables() as written:
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
    assert written == set()
