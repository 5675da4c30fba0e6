"""Closed vocabularies of the domain. Stored as their English code; labels live in the UI layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"                  # 前台接待员
    TIMEBANK_OFFICER = "timebank"    # 时间银行专员
    GRID_WORKER = "grid_worker"      # 网格员
    DIRECTOR = "director"            # 社区主任/书记
    ADMIN = "admin"                  # 管理员


class Channel(StrEnum):
    WALK_IN = "walk_in"      # 来访
    PHONE = "phone"          # 来电
    COLLECTOR = "collector"  # 民情专员
    ONLINE = "online"        # 网上


class Scope(StrEnum):
    """Impact scope (影响面); its weight multiplies urgency into priority."""

    HOUSEHOLD = "household"  # 一户
    BUILDING = "building"    # 一栋楼
    COMMUNITY = "community"  # 全社区

    @property
    def weight(self) -> int:
        return {"household": 1, "building": 2, "community": 3}[self.value]


class HouseholdTag(StrEnum):
    EMPTY_NEST = "empty_nest"  # 空巢
    ALONE = "alone"            # 独居
    DISABLED = "disabled"      # 残疾
    RENTED = "rented"          # 出租
    ORDINARY = "ordinary"      # 常态


class CaseStatus(StrEnum):
    NEW = "new"                # 待派单
    DISPATCHED = "dispatched"  # 已派单
    RESPONDED = "responded"    # 已响应
    SUSPENDED = "suspended"    # 已挂起
    RESOLVED = "resolved"      # 已办结
    CLOSED = "closed"          # 已归档
    MERGED = "merged"          # 已并单


class EventKind(StrEnum):
    CREATED = "created"        # 登记
    JOINED = "joined"          # 并单: another household reported the same problem
    DISPATCHED = "dispatched"
    NOTE = "note"


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"
