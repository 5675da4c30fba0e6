"""The tags a new community starts with: the five colours of seed 001 (五色管理法), each with the service it
promises and how often a visit is due: 空巢 一帮一 (weekly), 独居 日见面 (daily), 残疾 亲情上门 (monthly),
出租 隐患周查 (weekly), 常态 在线响应 (no visits). The administrator adds more (失能, 低保, 退役军人) and may change
these. Plain data: the first start, the demo and migration 0016 read it."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import DutyCycle, HouseholdTag, TagKind


@dataclass(frozen=True)
class DefaultTag:
    code: str
    name: str
    colour: str
    kind: str
    service: str
    visit_cycle: str | None
    visit_every: int = 1


DEFAULT_TAGS: tuple[DefaultTag, ...] = (
    DefaultTag(HouseholdTag.EMPTY_NEST, "空巢", "#E67E22", TagKind.HOUSEHOLD, "一帮一", DutyCycle.WEEKLY),
    DefaultTag(HouseholdTag.ALONE, "独居", "#C0392B", TagKind.HOUSEHOLD, "日见面", DutyCycle.DAILY),
    DefaultTag(HouseholdTag.DISABLED, "残疾", "#2E86C1", TagKind.HOUSEHOLD, "亲情上门", DutyCycle.MONTHLY),
    DefaultTag(HouseholdTag.RENTED, "出租", "#8E44AD", TagKind.HOUSEHOLD, "隐患周查", DutyCycle.WEEKLY),
    DefaultTag(HouseholdTag.ORDINARY, "常态", "#27AE60", TagKind.HOUSEHOLD, "在线响应", None),
)
