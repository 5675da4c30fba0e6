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


class Unit(StrEnum):
    """What a ledger counts. Amounts are integers of this unit."""

    MINUTES = "minutes"  # 时间银行: service time
    POINTS = "points"    # 积分


class AccountKind(StrEnum):
    PERSONAL = "personal"  # a resident's own balance: never below zero
    POOL = "pool"          # the community pool (互助池) fed by donations: never below zero
    ISSUE = "issue"        # where earned units come from; its balance is minus everything ever earned
    SPEND = "spend"        # where redeemed units go

    @property
    def may_go_negative(self) -> bool:
        return self is AccountKind.ISSUE


class EntryKind(StrEnum):
    SERVICE_CREDIT = "service_credit"  # 服务存入
    REDEMPTION = "redemption"          # 兑换服务 (取出)
    TRANSFER = "transfer"              # 转给家人
    DONATION = "donation"              # 捐入互助池
    GRANT = "grant"                    # 互助池发放给老人
    REVERSAL = "reversal"              # 冲正


class VolunteerStatus(StrEnum):
    ACTIVE = "active"   # 在册
    PAUSED = "paused"   # 暂停
    LEFT = "left"       # 退出


class ServiceType(StrEnum):
    MEAL = "meal"            # 助餐
    CLEANING = "cleaning"    # 助洁
    BATHING = "bathing"      # 助浴
    ESCORT = "escort"        # 陪同就医/助行
    VISIT = "visit"          # 探访陪伴
    ERRANDS = "errands"      # 代购代办
    REPAIR = "repair"        # 小修小补
    TUTORING = "tutoring"    # 学业辅导
    ACTIVITY = "activity"    # 社区公益活动
    OTHER = "other"          # 其他


class RecordStatus(StrEnum):
    PENDING = "pending"      # 待核实
    VERIFIED = "verified"    # 已核实
    CREDITED = "credited"    # 已入账
    REJECTED = "rejected"    # 已驳回
    REVERSED = "reversed"    # 已冲正


class Relation(StrEnum):
    """Who may use or receive a volunteer's hours: a spouse or a direct relative (直系亲属)."""
    EXPIRED = "expired"    # where points go when they pass their validity (积分过期注销)

    SPOUSE = "spouse"            # 配偶
    PARENT = "parent"            # 父母
    CHILD = "child"              # 子女
    GRANDPARENT = "grandparent"  # (外)祖父母
    GRANDCHILD = "grandchild"    # (外)孙子女


class LinkStatus(StrEnum):
    PENDING = "pending"    # 待审批
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 未批准
    EARN = "earn"                      # 积分获得 (an award under an earning rule)
    EXPIRY = "expiry"                  # 积分过期


class MerchantCategory(StrEnum):
    """Partner merchants of the points scheme (积分商户); the community's own points supermarket is one too."""

    CATERING = "catering"            # 餐饮
    ENTERTAINMENT = "entertainment"  # 休闲娱乐
    EDUCATION = "education"          # 教育培训
    MEDICAL = "medical"              # 医疗健康
    OTHER = "other"                  # 其他


class EarnKind(StrEnum):
    """What an earning rule rewards (积分获取规则)."""

    VOLUNTEER_HOUR = "volunteer_hour"  # 志愿服务（每小时）: awarded automatically when the time bank credits
    DONATION = "donation"              # 爱心捐赠
    SUGGESTION = "suggestion"          # 建言献策（被采纳）
    MEETING = "meeting"                # 参加议事会
    OTHER = "other"                    # 其他


class VoucherStatus(StrEnum):
    ISSUED = "issued"        # 待核销
    HONOURED = "honoured"    # 已核销
    CANCELLED = "cancelled"  # 已撤销


class StockMoveKind(StrEnum):
    INITIAL = "initial"      # 初始库存
    RESTOCK = "restock"      # 补货
    WRITE_OFF = "write_off"  # 报损/下架
    REDEEM = "redeem"        # 兑换出库
    CANCEL = "cancel"        # 撤销退回
