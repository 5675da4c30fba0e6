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


class TagKind(StrEnum):
    """What a tag marks (issue 19): a household (空巢, 出租) or a person (失能, 低保, 退役军人)."""

    HOUSEHOLD = "household"  # 户
    PERSON = "person"        # 人


class DutyCycle(StrEnum):
    """How often a duty comes due (with an ``every`` of 1 or more): a lift yearly, a gas check monthly."""

    DAILY = "daily"      # 每日
    WEEKLY = "weekly"    # 每周
    MONTHLY = "monthly"  # 每月
    YEARLY = "yearly"    # 每年


class DutyKind(StrEnum):
    INSPECTION = "inspection"  # 年检 (a lift's yearly inspection)
    FIRE = "fire"              # 消防检查 (fire extinguishers)
    GAS = "gas"                # 燃气检查
    VISIT = "visit"            # 走访 (a home visit; made by a tag's promise or by hand)
    OTHER = "other"            # 其他


class DutyOutcome(StrEnum):
    DONE = "done"        # 已完成
    SKIPPED = "skipped"  # 未完成 (skipped, with the reason)


class HouseholdRole(StrEnum):
    """A member's relation to the household's head (与户主关系)."""

    HEAD = "head"                # 户主
    SPOUSE = "spouse"            # 配偶
    CHILD = "child"              # 子女
    PARENT = "parent"            # 父母
    GRANDCHILD = "grandchild"    # 孙子女
    GRANDPARENT = "grandparent"  # 祖父母
    SIBLING = "sibling"          # 兄弟姐妹
    TENANT = "tenant"            # 租户
    OTHER = "other"              # 其他


class ResidentStatus(StrEnum):
    """Whether a resident still lives here; nobody is deleted, their requests and accounts stay theirs."""

    ACTIVE = "active"          # 在册
    MOVED_AWAY = "moved_away"  # 已迁出
    DECEASED = "deceased"      # 已故
    MERGED = "merged"          # 重复登记, merged into another record (merged_into_id)


class DepartmentKind(StrEnum):
    """What a department is (stored in department.level)."""

    COMMUNITY = "community"  # 社区自办: the residents' committee, property management, health station
    STREET = "street"        # 街道科室: called in by 吹哨报到
    REGIONAL = "regional"    # 驻区单位: police station, market supervision (党建协调委员会)
    UTILITY = "utility"      # 公共事业: heating, water, power, gas


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
    DISPATCHED = "dispatched"  # 派单 (data: assignee_id, auto; or team_id, team: 交给志愿服务队, issue 22)
    NOTE = "note"              # 进展 (data: public)
    RESPONDED = "responded"    # 响应
    DEPARTMENTS_CALLED = "departments_called"    # 吹哨 (data: departments [{id, due_at}])
    DEPARTMENT_REPORTED = "department_reported"  # 报到 (data: department_id)
    LEVEL_RAISED = "level_raised"  # 提级 (data: from, to)
    SUSPENDED = "suspended"    # 挂起 (note: the reason)
    RESUMED = "resumed"        # 恢复
    RESOLVED = "resolved"      # 办结 (note: the outcome)
    FOLLOWED_UP = "followed_up"  # 回访 (data: satisfaction)
    CLOSED = "closed"          # 归档
    MERGED = "merged"          # 并入另一件 (data: into_id, into_no)
    ABSORBED = "absorbed"      # 另一件并入本件 (data: from_id, from_no, households_count)
    REOPENED = "reopened"      # 重新办理
    WARNED = "warned"          # 即将超时提醒 (data: breach, due_at; key)
    ESCALATED = "escalated"    # 超时升级 (data: breach, due_at, ...; key)
    # 居民记录合并: the reporter's record was a duplicate, merged into another (data: from, to, from_name, to_name).
    # Changes nothing the fold derives; the case's resident_id moves in the same transaction.
    RESIDENT_MERGED = "resident_merged"
    # 公开说明审核: a public note waiting for review approved or sent back (data: note_seq, approved; note: the reason).
    # Changes nothing the fold derives (app.services.cases.reach).
    NOTE_REVIEWED = "note_reviewed"
    # 重复来电: the resident (or the same number) asked again about this open request; attached to it instead of a new
    # request (data: channel, caller_phone, resident_id). Changes nothing the fold derives (issue 20).
    REPEATED = "repeated"
    # 回访未接通: one follow-up call that reached nobody (data: tried_on, the local day). Three on different days
    # allow the answer 无法联系 (Satisfaction.UNREACHABLE). Changes nothing the fold derives.
    CALL_TRIED = "call_tried"
    # 已发送消息: a message from a template copied or printed for the resident (data: kind, channel, how).
    # Changes nothing the fold derives.
    MESSAGE_SENT = "message_sent"
    # 资源协助: a partner of the resource list helped on this request, or the desk referred it to one (转介资源)
    # (data: partner_id, partner, contribution_id, what). Changes nothing the fold derives (issue 22).
    PARTNER_HELPED = "partner_helped"


class HandlingLevel(StrEnum):
    """Who handles a request (seed 001's four levels); raised one step at a time."""

    COMMUNITY = "community"    # 社区自办
    STREET = "street"          # 街道吹哨
    REGIONAL = "regional"      # 区域联动 (驻区单位, 党建协调委员会)
    TASK_FORCE = "task_force"  # 专班攻坚 / 第三方

    @property
    def rank(self) -> int:
        return list(HandlingLevel).index(self)


class Satisfaction(StrEnum):
    """The resident's answer at the follow-up call (回访)."""

    SATISFIED = "satisfied"            # 满意
    BASICALLY = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"      # 不满意: the case is reopened
    UNREACHABLE = "unreachable"        # 无法联系: three calls on different days reached nobody (issue 20)


class Breach(StrEnum):
    """Which time limit a warning or an escalation is about."""

    RESPONSE = "response"      # 响应时限: then to the community director
    RESOLVE = "resolve"        # 办结时限: then into the difficult problems pool, at street level
    FOLLOW_UP = "follow_up"    # 回访时限
    DEPARTMENT = "department"  # a called department's report (吹哨报到)


class FontSize(StrEnum):
    """字体大小 of the desk's screens, chosen per PC (the type scale is in app/views/type_scale.py)."""

    STANDARD = "standard"
    LARGE = "large"
    EXTRA_LARGE = "extra-large"


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
    EXPIRED = "expired"    # where points go when they pass their validity (积分过期注销)

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
    EARN = "earn"                      # 积分获得 (an award under an earning rule)
    EXPIRY = "expiry"                  # 积分过期
    MERGE = "merge"                    # 合并重复登记: a duplicate record's balance moves to the record kept


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

    SPOUSE = "spouse"            # 配偶
    PARENT = "parent"            # 父母
    CHILD = "child"              # 子女
    GRANDPARENT = "grandparent"  # (外)祖父母
    GRANDCHILD = "grandchild"    # (外)孙子女


class LinkStatus(StrEnum):
    PENDING = "pending"    # 待审批
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 未批准


class MerchantCategory(StrEnum):
    """Partner merchants of the points scheme (积分商户); the community's own points supermarket is one too."""

    CATERING = "catering"            # 餐饮
    ENTERTAINMENT = "entertainment"  # 休闲娱乐
    EDUCATION = "education"          # 教育培训
    MEDICAL = "medical"              # 医疗健康
    OTHER = "other"                  # 其他


class PartnerKind(StrEnum):
    """The kinds of partner units on the resource list (资源清单, issue 22); points merchants are partners too."""

    HOSPITAL = "hospital"              # 医院/卫生机构
    SCHOOL = "school"                  # 学校
    COMPANY = "company"                # 企业
    PROPERTY = "property"              # 物业公司
    LEGAL = "legal"                    # 法律服务
    COUNSELLING = "counselling"        # 心理咨询
    VOLUNTEER_TEAM = "volunteer_team"  # 志愿服务队
    SOCIAL_ORG = "social_org"          # 社会组织
    MERCHANT = "merchant"              # 商户/积分商户
    OTHER = "other"                    # 其他


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


class MessageKind(StrEnum):
    """What a message to the resident says (消息模板, issue 20)."""

    RECEIVED = "received"      # 已受理
    DISPATCHED = "dispatched"  # 已派单
    PROGRESS = "progress"      # 办理进展
    RESOLVED = "resolved"      # 已办结
    FOLLOW_UP = "follow_up"    # 回访


class MessageChannel(StrEnum):
    """How a message goes out: a text message, or a WeChat message the clerk pastes."""

    SMS = "sms"        # 短信
    WECHAT = "wechat"  # 微信
