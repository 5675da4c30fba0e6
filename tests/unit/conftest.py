"""Shared fixtures for the service-layer tests: real SQLite files in temporary folders, real services, a fake clock.

Argon2 hashing takes ~0.2 s per call and the demo community ~5-10 s to build, so both are done once per session
in template folders (the demo's is ``demo_template`` of tests/conftest.py); each test gets its own copy
(shutil.copytree) and its own FakeClock. Actors obtained by logging in to a template stay valid in its copies:
the copy holds the same rows with the same ids.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.demo.data import DEMO_PASSWORD
from app.models import Role
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.setup import InitialSetup
from app.services.people.residents import NewResident, ResidentSummary
from tests.conftest import DEMO_BUILT_AT  # the session's demo community (demo_template) is built at this time

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
DESK_CODE = "A01"
COMMUNITY = "幸福里社区"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin2026"
CLERK_USER = "clerk1"
CLERK_PASSWORD = "clerk2026"
TIMEBANK_USER = "timebank"
TIMEBANK_PASSWORD = "bank2026x"

INITIAL_SETUP = InitialSetup(
    community_name=COMMUNITY, street="站前街道", desk_code=DESK_CODE, desk_name="一号窗口",
    desk_phone="0412-5581234", admin_username=ADMIN_USER, admin_display_name="于海波",
    admin_password=ADMIN_PASSWORD,
)

# ID numbers with valid GB 11643 check digits (checked independently in test_validation.py).
ZHANG_SAN_ID = "210302195503150010"      # born 1955-03-15, male
ZHANG_XIULAN_ID = "21030219600708002X"   # born 1960-07-08, female
WANG_FANG_ID = "11010519491231002X"      # the published example: born 1949-12-31, female
LI_JIANGUO_ID = "210302197802220030"     # born 1978-02-22, male

RESIDENTS = {
    "张三": NewResident(name="张三", phone="138-1234-5678", id_number=ZHANG_SAN_ID,
                      building="3", unit="2", room="301"),
    "张秀兰": NewResident(name="张秀兰", phone="", id_number=ZHANG_XIULAN_ID,
                       building="3", unit="2", room="301", tags=("empty_nest",)),
    "王芳": NewResident(name="王芳", phone="0412 558 8765", id_number=WANG_FANG_ID,
                      building="3", unit="2", room="302", tags=("alone",)),
    "李建国": NewResident(name="李建国", phone="13998765432", id_number=LI_JIANGUO_ID,
                       building="5", unit="1", room="101"),
}



@dataclass(frozen=True)
class Community:
    """A prepared, initialised community in a template folder (never opened by tests directly)."""

    folder: Path
    admin: Actor
    clerk: Actor
    timebank: Actor
    residents: dict[str, ResidentSummary]


@dataclass(frozen=True)
class DemoActors:
    admin: Actor
    clerk: Actor


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture(scope="session")
def community_template(tmp_path_factory: pytest.TempPathFactory) -> Community:
    folder = tmp_path_factory.mktemp("community") / "data"
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        services.setup.initialize(INITIAL_SETUP)
        services.remember_desk()
        admin = services.auth.login(ADMIN_USER, ADMIN_PASSWORD)
        services.auth.create_staff(admin, CLERK_USER, "刘晓燕", Role.CLERK, CLERK_PASSWORD, "15041228634")
        services.auth.create_staff(admin, TIMEBANK_USER, "高秀梅", Role.TIMEBANK_OFFICER, TIMEBANK_PASSWORD)
        clerk = services.auth.login(CLERK_USER, CLERK_PASSWORD)
        timebank = services.auth.login(TIMEBANK_USER, TIMEBANK_PASSWORD)
        residents = {name: services.residents.create(clerk, data) for name, data in RESIDENTS.items()}
    finally:
        services.close()
    return Community(folder, admin, clerk, timebank, residents)


@pytest.fixture
def services(community_template: Community, tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """An initialised community (desk A01, admin, clerk, time-bank officer, four residents) of this test only."""
    folder = tmp_path / "data"
    shutil.copytree(community_template.folder, folder)
    svc = open_services(folder, clock=clock)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def admin(services: Services, community_template: Community) -> Actor:
    return community_template.admin


@pytest.fixture
def clerk(services: Services, community_template: Community) -> Actor:
    return community_template.clerk


@pytest.fixture
def timebank(services: Services, community_template: Community) -> Actor:
    return community_template.timebank


@pytest.fixture
def residents(services: Services, community_template: Community) -> dict[str, ResidentSummary]:
    return dict(community_template.residents)  # a test's own copy: adding to it must not reach later tests


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("empty") / "data"
    open_services(folder, clock=FakeClock(NOW)).close()  # migrates the new database to the newest schema
    return folder


@pytest.fixture
def empty_services(empty_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """A brand-new data folder: migrated, nothing set up."""
    shutil.copytree(empty_template, tmp_path / "fresh")
    svc = open_services(tmp_path / "fresh", clock=clock)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture(scope="session")
def demo_actors(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoActors:
    """Log in once (argon2 is slow) on a scratch copy of the session's demo community (tests/conftest.py)."""
    folder = tmp_path_factory.mktemp("demo-login") / "data"
    shutil.copytree(demo_template, folder)
    services = open_services(folder, clock=FakeClock(DEMO_BUILT_AT))
    try:
        return DemoActors(services.auth.login("admin", DEMO_PASSWORD), services.auth.login("clerk1", DEMO_PASSWORD))
    finally:
        services.close()


@pytest.fixture
def demo_clock() -> FakeClock:
    return FakeClock(DEMO_BUILT_AT + timedelta(hours=1))


@pytest.fixture
def demo_folder(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def demo_services(demo_folder: Path, demo_clock: FakeClock) -> Iterator[Services]:
    svc = open_services(demo_folder, clock=demo_clock)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def demo_admin(demo_services: Services, demo_actors: DemoActors) -> Actor:
    return demo_actors.admin


@pytest.fixture
def demo_clerk(demo_services: Services, demo_actors: DemoActors) -> Actor:
    return demo_actors.clerk
