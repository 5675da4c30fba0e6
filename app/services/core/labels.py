"""Names of the domain's closed vocabularies, in one place.

Each value has an English source label (shown in the UI through Qt's translator, context "labels")
and its Chinese form for printed documents, which go to residents in Chinese whatever the UI
language is. A test checks that zh_CN.ts translates each source label to the same Chinese.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.enums import FontSize
from app.models import (
    AccountKind,
    Breach,
    CaseStatus,
    Channel,
    DepartmentKind,
    EarnKind,
    EntryKind,
    EventKind,
    HandlingLevel,
    HouseholdTag,
    LinkStatus,
    MerchantCategory,
    RecordStatus,
    Relation,
    ResidentStatus,
    Role,
    Satisfaction,
    Scope,
    ServiceType,
    StockMoveKind,
    VolunteerStatus,
    VoucherStatus,
)
from app.services.core.errors import QT_TRANSLATE_NOOP

CONTEXT = "labels"

_ENTRIES: list[tuple[StrEnum, str, str]] = [
    (Channel.WALK_IN, QT_TRANSLATE_NOOP("labels", "Walk-in"), "来访"),
    (Channel.PHONE, QT_TRANSLATE_NOOP("labels", "Phone call"), "来电"),
    (Channel.COLLECTOR, QT_TRANSLATE_NOOP("labels", "Volunteer collector"), "民情专员"),
    (Channel.ONLINE, QT_TRANSLATE_NOOP("labels", "Online"), "网上"),
    (Scope.HOUSEHOLD, QT_TRANSLATE_NOOP("labels", "One household"), "一户"),
    (Scope.BUILDING, QT_TRANSLATE_NOOP("labels", "A building"), "一栋楼"),
    (Scope.COMMUNITY, QT_TRANSLATE_NOOP("labels", "Whole community"), "全社区"),
    (HouseholdTag.EMPTY_NEST, QT_TRANSLATE_NOOP("labels", "Empty nest"), "空巢"),
    (HouseholdTag.ALONE, QT_TRANSLATE_NOOP("labels", "Living alone"), "独居"),
    (HouseholdTag.DISABLED, QT_TRANSLATE_NOOP("labels", "Disabled"), "残疾"),
    (HouseholdTag.RENTED, QT_TRANSLATE_NOOP("labels", "Rented"), "出租"),
    (HouseholdTag.ORDINARY, QT_TRANSLATE_NOOP("labels", "Ordinary"), "常态"),
    (ResidentStatus.ACTIVE, QT_TRANSLATE_NOOP("labels", "Living here"), "在册"),
    (ResidentStatus.MOVED_AWAY, QT_TRANSLATE_NOOP("labels", "Moved away"), "已迁出"),
    (ResidentStatus.DECEASED, QT_TRANSLATE_NOOP("labels", "Deceased"), "已故"),
    (ResidentStatus.MERGED, QT_TRANSLATE_NOOP("labels", "Merged into another record"), "已合并"),
    (DepartmentKind.COMMUNITY, QT_TRANSLATE_NOOP("labels", "Community body"), "社区"),
    (DepartmentKind.STREET, QT_TRANSLATE_NOOP("labels", "Street office section"), "街道科室"),
    (DepartmentKind.REGIONAL, QT_TRANSLATE_NOOP("labels", "Resident unit"), "驻区单位"),
    (DepartmentKind.UTILITY, QT_TRANSLATE_NOOP("labels", "Public utility"), "公共事业"),
    (CaseStatus.NEW, QT_TRANSLATE_NOOP("labels", "Awaiting dispatch"), "待派单"),
    (CaseStatus.DISPATCHED, QT_TRANSLATE_NOOP("labels", "Dispatched"), "已派单"),
    (CaseStatus.RESPONDED, QT_TRANSLATE_NOOP("labels", "Responded"), "已响应"),
    (CaseStatus.SUSPENDED, QT_TRANSLATE_NOOP("labels", "Suspended"), "已挂起"),
    (CaseStatus.RESOLVED, QT_TRANSLATE_NOOP("labels", "Resolved"), "已办结"),
    (CaseStatus.CLOSED, QT_TRANSLATE_NOOP("labels", "Closed"), "已归档"),
    (CaseStatus.MERGED, QT_TRANSLATE_NOOP("labels", "Merged"), "已并单"),
    (EventKind.CREATED, QT_TRANSLATE_NOOP("labels", "Logged"), "登记受理"),
    (EventKind.JOINED, QT_TRANSLATE_NOOP("labels", "Another household joined"), "并单"),
    (EventKind.DISPATCHED, QT_TRANSLATE_NOOP("labels", "Dispatch"), "派单"),
    (EventKind.NOTE, QT_TRANSLATE_NOOP("labels", "Progress note"), "进展"),
    (EventKind.RESPONDED, QT_TRANSLATE_NOOP("labels", "Response"), "响应"),
    (EventKind.DEPARTMENTS_CALLED, QT_TRANSLATE_NOOP("labels", "Departments called in"), "吹哨报到"),
    (EventKind.DEPARTMENT_REPORTED, QT_TRANSLATE_NOOP("labels", "Department reported"), "部门报到"),
    (EventKind.LEVEL_RAISED, QT_TRANSLATE_NOOP("labels", "Raised to the next level"), "提级办理"),
    (EventKind.SUSPENDED, QT_TRANSLATE_NOOP("labels", "Suspension"), "挂起"),
    (EventKind.RESUMED, QT_TRANSLATE_NOOP("labels", "Resumed"), "恢复办理"),
    (EventKind.RESOLVED, QT_TRANSLATE_NOOP("labels", "Resolution"), "办结"),
    (EventKind.FOLLOWED_UP, QT_TRANSLATE_NOOP("labels", "Follow-up call"), "回访"),
    (EventKind.CLOSED, QT_TRANSLATE_NOOP("labels", "Closing"), "归档"),
    (EventKind.MERGED, QT_TRANSLATE_NOOP("labels", "Merged into another request"), "并入他件"),
    (EventKind.ABSORBED, QT_TRANSLATE_NOOP("labels", "Another request merged in"), "他件并入"),
    (EventKind.REOPENED, QT_TRANSLATE_NOOP("labels", "Reopened"), "重新办理"),
    (EventKind.WARNED, QT_TRANSLATE_NOOP("labels", "Deadline warning"), "超时预警"),
    (EventKind.ESCALATED, QT_TRANSLATE_NOOP("labels", "Escalated"), "超时升级"),
    (EventKind.NOTE_REVIEWED, QT_TRANSLATE_NOOP("labels", "Public note reviewed"), "公开说明审核"),
    (EventKind.RESIDENT_MERGED, QT_TRANSLATE_NOOP("labels", "Duplicate resident record merged"), "居民重复记录合并"),
    (HandlingLevel.COMMUNITY, QT_TRANSLATE_NOOP("labels", "Community"), "社区自办"),
    (HandlingLevel.STREET, QT_TRANSLATE_NOOP("labels", "Street (departments called in)"), "街道吹哨"),
    (HandlingLevel.REGIONAL, QT_TRANSLATE_NOOP("labels", "Regional units"), "区域联动"),
    (HandlingLevel.TASK_FORCE, QT_TRANSLATE_NOOP("labels", "Task force"), "专班攻坚"),
    (Satisfaction.SATISFIED, QT_TRANSLATE_NOOP("labels", "Satisfied"), "满意"),
    (Satisfaction.BASICALLY, QT_TRANSLATE_NOOP("labels", "Basically satisfied"), "基本满意"),
    (Satisfaction.DISSATISFIED, QT_TRANSLATE_NOOP("labels", "Dissatisfied"), "不满意"),
    (Breach.RESPONSE, QT_TRANSLATE_NOOP("labels", "Response time"), "响应时限"),
    (Breach.RESOLVE, QT_TRANSLATE_NOOP("labels", "Resolution time"), "办结时限"),
    (Breach.FOLLOW_UP, QT_TRANSLATE_NOOP("labels", "Follow-up time"), "回访时限"),
    (Breach.DEPARTMENT, QT_TRANSLATE_NOOP("labels", "Department's report time"), "部门报到时限"),
    (Role.CLERK, QT_TRANSLATE_NOOP("labels", "Reception clerk"), "前台接待员"),
    (Role.TIMEBANK_OFFICER, QT_TRANSLATE_NOOP("labels", "Time-bank officer"), "时间银行专员"),
    (Role.GRID_WORKER, QT_TRANSLATE_NOOP("labels", "Grid worker"), "网格员"),
    (Role.DIRECTOR, QT_TRANSLATE_NOOP("labels", "Community director"), "社区主任"),
    (Role.ADMIN, QT_TRANSLATE_NOOP("labels", "Administrator"), "管理员"),
    (ServiceType.MEAL, QT_TRANSLATE_NOOP("labels", "Meals"), "助餐"),
    (ServiceType.CLEANING, QT_TRANSLATE_NOOP("labels", "Cleaning"), "助洁"),
    (ServiceType.BATHING, QT_TRANSLATE_NOOP("labels", "Bathing"), "助浴"),
    (ServiceType.ESCORT, QT_TRANSLATE_NOOP("labels", "Escort to hospital"), "陪同就医"),
    (ServiceType.VISIT, QT_TRANSLATE_NOOP("labels", "Visits and company"), "探访陪伴"),
    (ServiceType.ERRANDS, QT_TRANSLATE_NOOP("labels", "Shopping and errands"), "代购代办"),
    (ServiceType.REPAIR, QT_TRANSLATE_NOOP("labels", "Small repairs"), "小修小补"),
    (ServiceType.TUTORING, QT_TRANSLATE_NOOP("labels", "Tutoring"), "学业辅导"),
    (ServiceType.ACTIVITY, QT_TRANSLATE_NOOP("labels", "Community activity"), "社区公益活动"),
    (ServiceType.OTHER, QT_TRANSLATE_NOOP("labels", "Other service"), "其他服务"),
    (RecordStatus.PENDING, QT_TRANSLATE_NOOP("labels", "To verify"), "待核实"),
    (RecordStatus.VERIFIED, QT_TRANSLATE_NOOP("labels", "Verified"), "已核实"),
    (RecordStatus.CREDITED, QT_TRANSLATE_NOOP("labels", "Credited"), "已入账"),
    (RecordStatus.REJECTED, QT_TRANSLATE_NOOP("labels", "Rejected"), "已驳回"),
    (RecordStatus.REVERSED, QT_TRANSLATE_NOOP("labels", "Reversed"), "已冲正"),
    (VolunteerStatus.ACTIVE, QT_TRANSLATE_NOOP("labels", "Active"), "在册"),
    (VolunteerStatus.PAUSED, QT_TRANSLATE_NOOP("labels", "Paused"), "暂停"),
    (VolunteerStatus.LEFT, QT_TRANSLATE_NOOP("labels", "Left"), "退出"),
    (Relation.SPOUSE, QT_TRANSLATE_NOOP("labels", "Spouse"), "配偶"),
    (Relation.PARENT, QT_TRANSLATE_NOOP("labels", "Parent"), "父母"),
    (Relation.CHILD, QT_TRANSLATE_NOOP("labels", "Child"), "子女"),
    (Relation.GRANDPARENT, QT_TRANSLATE_NOOP("labels", "Grandparent"), "祖父母/外祖父母"),
    (Relation.GRANDCHILD, QT_TRANSLATE_NOOP("labels", "Grandchild"), "孙子女/外孙子女"),
    (LinkStatus.PENDING, QT_TRANSLATE_NOOP("labels", "Awaiting approval"), "待审批"),
    (LinkStatus.APPROVED, QT_TRANSLATE_NOOP("labels", "Approved"), "已批准"),
    (LinkStatus.REJECTED, QT_TRANSLATE_NOOP("labels", "Not approved"), "未批准"),
    (AccountKind.PERSONAL, QT_TRANSLATE_NOOP("labels", "Personal account"), "个人账户"),
    (AccountKind.POOL, QT_TRANSLATE_NOOP("labels", "Community pool"), "社区互助池"),
    (AccountKind.ISSUE, QT_TRANSLATE_NOOP("labels", "Hours issued"), "发放总账"),
    (AccountKind.SPEND, QT_TRANSLATE_NOOP("labels", "Hours redeemed"), "兑换总账"),
    (EntryKind.SERVICE_CREDIT, QT_TRANSLATE_NOOP("labels", "Service credited"), "服务存入"),
    (EntryKind.REDEMPTION, QT_TRANSLATE_NOOP("labels", "Redeemed"), "兑换取出"),
    (EntryKind.TRANSFER, QT_TRANSLATE_NOOP("labels", "Transfer to family"), "转赠家人"),
    (EntryKind.DONATION, QT_TRANSLATE_NOOP("labels", "Donated to the pool"), "捐入互助池"),
    (EntryKind.GRANT, QT_TRANSLATE_NOOP("labels", "Granted from the pool"), "互助池发放"),
    (EntryKind.REVERSAL, QT_TRANSLATE_NOOP("labels", "Reversal"), "冲正"),
    (EntryKind.EARN, QT_TRANSLATE_NOOP("labels", "Points earned"), "积分获得"),
    (EntryKind.EXPIRY, QT_TRANSLATE_NOOP("labels", "Points expired"), "积分过期"),
    (EntryKind.MERGE, QT_TRANSLATE_NOOP("labels", "Duplicate record merged"), "合并重复登记"),
    (AccountKind.EXPIRED, QT_TRANSLATE_NOOP("labels", "Expired points"), "过期注销"),
    (MerchantCategory.CATERING, QT_TRANSLATE_NOOP("labels", "Catering"), "餐饮"),
    (MerchantCategory.ENTERTAINMENT, QT_TRANSLATE_NOOP("labels", "Entertainment"), "休闲娱乐"),
    (MerchantCategory.EDUCATION, QT_TRANSLATE_NOOP("labels", "Education"), "教育培训"),
    (MerchantCategory.MEDICAL, QT_TRANSLATE_NOOP("labels", "Medical services"), "医疗健康"),
    (MerchantCategory.OTHER, QT_TRANSLATE_NOOP("labels", "Other merchant"), "其他"),
    (EarnKind.VOLUNTEER_HOUR, QT_TRANSLATE_NOOP("labels", "Volunteer hour"), "志愿服务（每小时）"),
    (EarnKind.DONATION, QT_TRANSLATE_NOOP("labels", "Donation"), "爱心捐赠"),
    (EarnKind.SUGGESTION, QT_TRANSLATE_NOOP("labels", "Adopted suggestion"), "建言献策"),
    (EarnKind.MEETING, QT_TRANSLATE_NOOP("labels", "Council meeting attended"), "参加议事会"),
    (EarnKind.OTHER, QT_TRANSLATE_NOOP("labels", "Other deed"), "其他"),
    (VoucherStatus.ISSUED, QT_TRANSLATE_NOOP("labels", "Not yet honoured"), "待核销"),
    (VoucherStatus.HONOURED, QT_TRANSLATE_NOOP("labels", "Honoured"), "已核销"),
    (VoucherStatus.CANCELLED, QT_TRANSLATE_NOOP("labels", "Cancelled"), "已撤销"),
    (StockMoveKind.INITIAL, QT_TRANSLATE_NOOP("labels", "Initial stock"), "初始库存"),
    (StockMoveKind.RESTOCK, QT_TRANSLATE_NOOP("labels", "Restocked"), "补货"),
    (StockMoveKind.WRITE_OFF, QT_TRANSLATE_NOOP("labels", "Written off"), "报损"),
    (StockMoveKind.REDEEM, QT_TRANSLATE_NOOP("labels", "Out on redemption"), "兑换出库"),
    (StockMoveKind.CANCEL, QT_TRANSLATE_NOOP("labels", "Returned on cancellation"), "撤销退回"),
    (FontSize.STANDARD, QT_TRANSLATE_NOOP("labels", "Standard size"), "标准"),
    (FontSize.LARGE, QT_TRANSLATE_NOOP("labels", "Large"), "大"),
    (FontSize.EXTRA_LARGE, QT_TRANSLATE_NOOP("labels", "Extra large"), "特大"),
]

# Keyed by (vocabulary, code): members of different vocabularies with the same code ("pending" of a service
# record and of a family link, "dispatched" of a case and of an event) are equal as strings, so a dict keyed
# by the members themselves would keep only one of their labels.
_LABELS: dict[tuple[type, str], tuple[str, str]] = {(type(m), m.value): (en, cn) for m, en, cn in _ENTRIES}

URGENCY: dict[int, tuple[str, str]] = {
    1: (QT_TRANSLATE_NOOP("labels", "1 - can wait"), "1 - 一般"),
    2: (QT_TRANSLATE_NOOP("labels", "2 - soon"), "2 - 较急"),
    3: (QT_TRANSLATE_NOOP("labels", "3 - urgent"), "3 - 紧急"),
    4: (QT_TRANSLATE_NOOP("labels", "4 - very urgent"), "4 - 很紧急"),
    5: (QT_TRANSLATE_NOOP("labels", "5 - emergency"), "5 - 危急"),
}


def source(value: StrEnum) -> str:
    """The English source label; the UI translates it with context "labels"."""
    return _LABELS[(type(value), value.value)][0]


def zh(value: StrEnum) -> str:
    """The Chinese label, for printed documents."""
    return _LABELS[(type(value), value.value)][1]


def all_labels() -> list[tuple[str, str]]:
    return list(_LABELS.values()) + list(URGENCY.values())
