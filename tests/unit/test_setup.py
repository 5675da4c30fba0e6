"""First start: community, desk, administrator and the default catalogue, all or nothing."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing

import pytest

from app.models import Role
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import ValidationError
from app.services.core.setup import InitialSetup
from tests.unit.conftest import ADMIN_PASSWORD, ADMIN_USER

GOOD = InitialSetup(
    community_name="幸福里社区", street="站前街道", desk_code="a01", desk_name="一号窗口", desk_phone="0412-5581234",
    admin_username="Admin", admin_display_name="于海波", admin_password="admin2026",
)
TABLES = ("community", "desk", "staff", "category", "department")


def row_counts(services: Services) -> dict[str, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def test_state_of_an_empty_database(empty_services: Services) -> None:
    state = empty_services.setup.state()
    assert (state.initialized, state.desk_registered, state.community_name) == (False, False, "")


def test_initialize_sets_up_everything(empty_services: Services) -> None:
    empty_services.setup.initialize(GOOD)
    state = empty_services.setup.state()
    assert (state.initialized, state.desk_registered, state.community_name) == (True, True, "幸福里社区")
    info = empty_services.setup.community_info()
    assert (info.name, info.street, info.desk_code, info.desk_name, info.desk_phone, info.reply_promise_hours) == (
        "幸福里社区", "站前街道", "A01", "一号窗口", "0412-5581234", 24)
    admin = empty_services.auth.login("admin", "admin2026")
    assert (admin.role, admin.display_name, admin.desk_code) == (Role.ADMIN, "于海波", "A01")
    assert row_counts(empty_services) == {"community": 1, "desk": 1, "staff": 1, "category": 34, "department": 13}


def test_remember_desk_survives_reopening(empty_services: Services, clock: FakeClock) -> None:
    empty_services.setup.initialize(GOOD)
    empty_services.remember_desk()
    reopened = open_services(empty_services.paths.data_dir, clock=clock)
    try:
        assert reopened.settings.desk_code == "A01"
        assert reopened.setup.state().desk_registered is True
    finally:
        reopened.close()


def test_catalogue_has_five_classes_with_sub_categories(services: Services, clerk: Actor) -> None:
    options = services.intake.options(clerk)
    top = options.children(None)
    assert [c.name for c in top] == ["生活服务", "健康医疗", "就业帮扶", "权益保障", "环境改善"]
    assert [len(options.children(c.id)) for c in top] == [7, 6, 5, 5, 6]
    water = next(c for c in options.children(top[0].id) if c.code == "LIFE-WATER")
    assert (water.name, water.response_minutes, water.resolve_hours) == ("水电维修", 60, 24)
    emergency = next(c for c in options.categories if c.code == "HEALTH-EMERGENCY")
    assert (emergency.parent_id, emergency.resolve_hours) == (top[1].id, 4)
    assert len(options.departments) == 13
    assert options.departments[0].name == "社区居委会"
    assert options.reply_promise_hours == 24


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"desk_code": "a"}, "desk_code"),
        ({"desk_code": "1AB"}, "desk_code"),
        ({"desk_code": "A-01"}, "desk_code"),
        ({"community_name": ""}, "community_name"),
        ({"community_name": "\u3000 "}, "community_name"),
        ({"community_name": "幸"}, "community_name"),
        ({"community_name": "社" * 61}, "community_name"),
        ({"desk_phone": "12345"}, "desk_phone"),
        ({"desk_phone": ""}, "desk_phone"),
        ({"desk_name": ""}, "desk_name"),
        ({"admin_password": "password"}, "admin_password"),
        ({"admin_display_name": ""}, "admin_display_name"),
    ],
)
def test_initialize_refuses_bad_input_and_writes_nothing(empty_services: Services, change: dict[str, str],
                                                          field: str) -> None:
    with pytest.raises(ValidationError) as info:
        empty_services.setup.initialize(dataclasses.replace(GOOD, **change))
    assert list(info.value.errors) == [field]
    assert empty_services.setup.state().initialized is False
    assert row_counts(empty_services) == dict.fromkeys(TABLES, 0)


def test_initialize_reports_all_bad_fields_at_once(empty_services: Services) -> None:
    bad = dataclasses.replace(GOOD, desk_code="a", community_name="", desk_phone="12812345678")
    with pytest.raises(ValidationError) as info:
        empty_services.setup.initialize(bad)
    assert set(info.value.errors) == {"desk_code", "community_name", "desk_phone"}
    assert row_counts(empty_services) == dict.fromkeys(TABLES, 0)


def test_bad_admin_username_writes_nothing_and_can_be_corrected(empty_services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        empty_services.setup.initialize(dataclasses.replace(GOOD, admin_username="9"))
    assert list(info.value.errors) == ["admin_username"]
    assert row_counts(empty_services) == dict.fromkeys(TABLES, 0)
    empty_services.setup.initialize(GOOD)  # the clerk fixes the user name and tries again
    assert empty_services.setup.state().initialized is True


def test_second_initialize_is_refused(services: Services) -> None:
    before = row_counts(services)
    with pytest.raises(ValidationError) as info:
        services.setup.initialize(dataclasses.replace(GOOD, community_name="另一个社区", desk_code="B02",
                                                      admin_username="admin2"))
    assert list(info.value.errors) == ["community_name"]
    assert row_counts(services) == before
    assert services.setup.state().community_name == "幸福里社区"


def test_register_a_second_desk(services: Services) -> None:
    services.setup.join(ADMIN_USER, ADMIN_PASSWORD, "b02", "二号窗口", "0412-5581235")
    assert services.db.desk_code == "B02"
    assert services.setup.community_info().desk_name == "二号窗口"
    with pytest.raises(ValidationError) as info:
        services.setup.join(ADMIN_USER, ADMIN_PASSWORD, "A01", "重复", "0412-5581236")
    assert list(info.value.errors) == ["desk_code"]
