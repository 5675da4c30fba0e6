"""Names of the domain's closed vocabularies, in one place.

Each value has an English source label (shown in the UI through Qt's translator, context "labels")
and its Chinese form for printed documents, which go to residents in Chinese whatever the UI
language is. A test checks that zh_CN.ts translates each source label to the same Chinese.
"""

from __future__ import annotations

from enum import StrEnum

from app.models import CaseStatus, Channel, EventKind, HouseholdTag, Role, Scope
from app.services.errors import QT_TRANSLATE_NOOP

CONTEXT = "labels"

_LABELS: dict[StrEnum, tuple[str, str]] = {
    Channel.WALK_IN: (QT_TRANSLATE_NOOP("labels", "Walk-in"), "来访"),
    Channel.PHONE: (QT_TRANSLATE_NOOP("labels", "Phone call"), "来电"),
    Channel.COLLECTOR: (QT_TRANSLATE_NOOP("labels", "Volunteer collector"), "民情专员"),
    Channel.ONLINE: (QT_TRANSLATE_NOOP("labels", "Online"), "网上"),
    Scope.HOUSEHOLD: (QT_TRANSLATE_NOOP("labels", "One household"), "一户"),
    Scope.BUILDING: (QT_TRANSLATE_NOOP("labels", "A building"), "一栋楼"),
    Scope.COMMUNITY: (QT_TRANSLATE_NOOP("labels", "Whole community"), "全社区"),
    HouseholdTag.EMPTY_NEST: (QT_TRANSLATE_NOOP("labels", "Empty nest"), "空巢"),
    HouseholdTag.ALONE: (QT_TRANSLATE_NOOP("labels", "Living alone"), "独居"),
    HouseholdTag.DISABLED: (QT_TRANSLATE_NOOP("labels", "Disabled"), "残疾"),
    HouseholdTag.RENTED: (QT_TRANSLATE_NOOP("labels", "Rented"), "出租"),
    HouseholdTag.ORDINARY: (QT_TRANSLATE_NOOP("labels", "Ordinary"), "常态"),
    CaseStatus.NEW: (QT_TRANSLATE_NOOP("labels", "Awaiting dispatch"), "待派单"),
    CaseStatus.DISPATCHED: (QT_TRANSLATE_NOOP("labels", "Dispatched"), "已派单"),
    CaseStatus.RESPONDED: (QT_TRANSLATE_NOOP("labels", "Responded"), "已响应"),
    CaseStatus.SUSPENDED: (QT_TRANSLATE_NOOP("labels", "Suspended"), "已挂起"),
    CaseStatus.RESOLVED: (QT_TRANSLATE_NOOP("labels", "Resolved"), "已办结"),
    CaseStatus.CLOSED: (QT_TRANSLATE_NOOP("labels", "Closed"), "已归档"),
    CaseStatus.MERGED: (QT_TRANSLATE_NOOP("labels", "Merged"), "已并单"),
    EventKind.CREATED: (QT_TRANSLATE_NOOP("labels", "Logged"), "登记受理"),
    EventKind.JOINED: (QT_TRANSLATE_NOOP("labels", "Another household joined"), "并单"),
    EventKind.DISPATCHED: (QT_TRANSLATE_NOOP("labels", "Dispatch"), "派单"),
    EventKind.NOTE: (QT_TRANSLATE_NOOP("labels", "Progress note"), "进展"),
    Role.CLERK: (QT_TRANSLATE_NOOP("labels", "Reception clerk"), "前台接待员"),
    Role.TIMEBANK_OFFICER: (QT_TRANSLATE_NOOP("labels", "Time-bank officer"), "时间银行专员"),
    Role.GRID_WORKER: (QT_TRANSLATE_NOOP("labels", "Grid worker"), "网格员"),
    Role.DIRECTOR: (QT_TRANSLATE_NOOP("labels", "Community director"), "社区主任"),
    Role.ADMIN: (QT_TRANSLATE_NOOP("labels", "Administrator"), "管理员"),
}

URGENCY: dict[int, tuple[str, str]] = {
    1: (QT_TRANSLATE_NOOP("labels", "1 - can wait"), "1 - 一般"),
    2: (QT_TRANSLATE_NOOP("labels", "2 - soon"), "2 - 较急"),
    3: (QT_TRANSLATE_NOOP("labels", "3 - urgent"), "3 - 紧急"),
    4: (QT_TRANSLATE_NOOP("labels", "4 - very urgent"), "4 - 很紧急"),
    5: (QT_TRANSLATE_NOOP("labels", "5 - emergency"), "5 - 危急"),
}


def source(value: StrEnum) -> str:
    """The English source label; the UI translates it with context "labels"."""
    return _LABELS[value][0]


def zh(value: StrEnum) -> str:
    """The Chinese label, for printed documents."""
    return _LABELS[value][1]


def all_labels() -> list[tuple[str, str]]:
    return [pair for pair in _LABELS.values()] + list(URGENCY.values())
