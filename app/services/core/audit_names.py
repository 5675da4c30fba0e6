"""The Chinese names of the recorded things and fields: every table's thing, every column's field, the columns the
操作记录 page never shows and the small vocabularies without a label of their own. ``audit_words`` speaks with them;
a test fails when a table or column is added without its name here.
"""

from __future__ import annotations

from app.models import DepartmentKind
from app.services.core import labels

#: Every table's thing, as the desk calls it.
THINGS: dict[str, str] = {
    "case": "诉求", "case_event": "诉求进展", "case_reporter": "诉求反映人", "case_department": "诉求报到部门",
    "case_counter": "诉求编号计数", "case_text": "诉求检索索引", "rates_day": "诉求每日统计",
    "rates_day_department": "诉求每日部门统计",
    "escalation_rule": "超时升级规则", "category": "诉求分类", "calendar_day": "节假日安排",
    "message_template": "消息模板", "canned_reply": "常用回复",
    "resident": "居民", "household": "住户", "household_tag": "住户情况", "tag": "标签", "person_tag": "个人标签",
    "duty": "定期事项", "duty_record": "事项办理记录", "patrol_entry": "民情日记", "saved_list": "保存的名单",
    "register_import": "花名册导入",
    "erased_name": "已删除居民的姓名记号",
    "staff": "工作人员账号", "login_attempt": "登录尝试", "task_key": "任务密钥", "command_run": "记录在案的操作",
    "community": "社区信息", "desk": "服务台", "grid": "网格", "department": "部门", "building": "楼栋",
    "volunteer": "志愿者", "service_activity": "集体活动", "service_record": "服务记录", "family_link": "家庭关联",
    "timebank_redemption": "时间兑换",
    "points_merchant": "积分商家", "points_reward": "兑换项目", "points_stock_move": "库存变动",
    "points_earn_rule": "积分规则", "points_award": "积分奖励", "points_voucher": "兑换券",
    "rule_set": "记账规则", "ledger_account": "记账账户", "ledger_entry": "记账凭证", "ledger_posting": "记账明细",
    "council_meeting": "议事会", "council_item": "议事事项", "notice_publication": "公示",
    "job_seeker": "求职档案", "job_case": "就业档案关联诉求", "job_plan": "帮扶计划", "job_referral": "岗位推荐记录",
    "job_visit": "就业回访", "job_outcome": "就业帮扶结果",
    "audit_log": "操作记录", "audit_head": "操作记录链尾", "audit_anchor": "已发布的校验码",
}

#: Columns nobody needs to read: keys, bookkeeping, search aids.

#: Names of the columns the page never shows, for ``verify`` (which names whatever was tampered with).
HIDDEN_FIELDS: dict[str, str] = {
    "id": "内部编号", "desk_code": "服务台", "pinyin_full": "姓名拼音", "pinyin_initials": "姓名拼音首字母",
    "phone_last4": "电话后四位", "grams": "检索词", "prev_hash": "前一条的校验值", "hash": "校验值", "salt": "随机盐",
    "digest": "姓名记号", "dedup_key": "防重复标记", "file_sha256": "文件校验值", "sha256": "文件校验值",
    "pdf": "PDF 文件",
}
HIDDEN = frozenset(HIDDEN_FIELDS)
HIDDEN_OF = frozenset({("ledger_account", "code")})  # "minutes:personal:<resident id>": its kind and name say it
#: Field names by column; ``FIELD_OF`` overrides one table's column where the same word means something else.
FIELDS: dict[str, str] = {
    "name": "名称", "phone": "电话", "note": "备注", "notes": "备注", "active": "启用", "created_at": "创建时间",
    "code": "编号", "number": "编号", "title": "标题", "place": "地点", "status": "状态", "kind": "类别",
    "reason": "原因", "seq": "序号", "sort_order": "排序", "level": "级别", "contact": "联系人", "address": "地址",
    "category": "类别", "category_id": "分类", "subcategory_id": "小类", "parent_id": "上级分类",
    "response_minutes": "响应时限（分钟）", "resolve_hours": "办结时限（小时）", "followup_hours": "回访时限（小时）",
    "warn_minutes": "提前预警（分钟）", "urgency": "紧急程度", "street": "街道",
    "resolve_workdays": "办结时限（工作日）", "followup_workdays": "回访时限（工作日）", "workday": "上班",
    "repeat_of_id": "重复诉求", "text": "文字",
    "reply_promise_hours": "答复时限（小时）",
    "notice_large_print": "公示大字版", "notice_landscape": "公示横向版", "report_hours": "报到时限（小时）",
    "username": "账号", "display_name": "姓名", "role": "角色", "password_hash": "密码",
    "password_changed_at": "改密码时间", "failed_logins": "连续登录失败次数", "locked_until": "锁定至",
    "staff_id": "工作人员", "success": "成功", "label": "用途", "key_hash": "密钥", "created_by_id": "登记人",
    "revoked_at": "作废时间", "task_key_id": "任务密钥", "command": "命令", "details": "内容",
    "worker_id": "网格员", "grid_id": "网格", "units": "单元数", "floors": "层数", "rooms_per_floor": "每层户数",
    "held_on": "开会日期", "summary": "纪要", "meeting_id": "议事会", "problem": "问题", "department_id": "部门",
    "responsible": "责任人", "deadline": "完成期限", "progress": "进展", "progress_at": "进展时间", "done": "已完成",
    "building": "楼号", "unit": "单元", "room": "室", "tag": "情况", "household_id": "住户",
    "gender": "性别", "birth_date": "出生日期", "id_number": "身份证号", "status_on": "状态日期",
    "merged_into_id": "并入", "resident_id": "居民", "file_name": "文件名", "sheet": "工作表", "added": "新增",
    "updated": "更新", "refused": "未导入", "length": "长度",
    "case_no": "诉求编号", "channel": "来源", "caller_phone": "来电号码", "call_seconds": "通话时长（秒）",
    "description": "诉求内容", "scope": "影响范围", "priority": "优先级", "deadline_at": "响应时限",
    "reply_due_at": "答复时限", "anonymous": "匿名", "households_count": "涉及户数", "assignee_id": "承办人",
    "in_pool": "疑难问题池", "escalated": "已升级", "responded_at": "响应时间", "resolved_at": "办结时间",
    "closed_at": "归档时间", "satisfaction": "满意度", "cycle": "办理轮次", "paused_seconds": "挂起时长（秒）",
    "due_at": "当前时限", "warn_at": "预警时间", "next_check_at": "下次检查时间", "case_id": "诉求",
    "called_at": "报到通知时间", "report_due_at": "报到时限", "reported_at": "报到时间", "overdue": "已超时",
    "actor_id": "操作人", "data": "附加内容", "body": "检索文字", "day": "日期", "last": "最后编号",
    "holder_id": "账户人", "relative_id": "家人", "relation": "关系", "proof": "证明", "requested_by_id": "申请人",
    "decided_by_id": "审批人", "decided_at": "审批时间", "beneficiary_id": "受益人", "service_type": "服务类别",
    "service_day": "服务日期", "minutes": "时长（分钟）", "provider": "服务提供方", "entry_id": "记账凭证",
    "skills": "特长", "availability": "可服务时间", "registered_by_id": "登记人", "start_at": "开始时间",
    "end_at": "结束时间", "recorded_by_id": "登记人", "volunteer_id": "志愿者", "recipient_id": "服务对象",
    "activity_id": "集体活动", "credit_minutes": "计入时长（分钟）", "verified_by_id": "核实人",
    "verified_at": "核实时间", "reject_reason": "驳回原因", "rate_fen_per_100": "结算价（分/百积分）",
    "merchant_id": "商家", "price": "所需积分", "stock": "库存", "valid_from": "兑换开始日期",
    "valid_to": "兑换截止日期", "per_resident_limit": "每人限兑", "reward_id": "兑换项目", "delta": "数量变化",
    "voucher_id": "兑换券", "points": "积分", "daily_cap": "每日上限", "monthly_cap": "每月上限",
    "valid_days": "有效天数", "rule_id": "积分规则", "earned_on": "获得日期", "expires_on": "到期日期",
    "event": "事由", "reference": "依据", "issued_by_id": "出券人", "honoured_at": "核销时间",
    "honoured_by_id": "核销人", "cancelled_at": "撤销时间", "cancelled_by_id": "撤销人", "cancel_reason": "撤销原因",
    "cancel_entry_id": "撤销凭证", "version": "版本", "values": "规则内容", "balance": "余额",
    "memo": "摘要", "approved_by_id": "复核人", "rule_set_id": "记账规则", "reverses_id": "冲正的凭证",
    "account_id": "账户", "amount": "数量", "period_from": "公示起始", "period_to": "公示截止",
    "published_by_id": "发布人", "published_by": "发布人", "case_nos": "诉求编号", "options": "版式",
    "pages": "页数", "size": "文件大小", "masked": "已隐去的内容", "chain_desk": "服务台", "actor_name": "操作人",
    "action": "操作", "entity": "对象", "entity_id": "对象编号",
    # the rates' daily rollup (derived, never in the trail; named for verify and the checks)
    "received": "受理件数", "households": "涉及户数", "responded": "已响应件数", "resolved": "已办结件数",
    "follow_ups": "回访次数", "satisfied": "满意次数（含基本满意）", "fully_satisfied": "满意次数",
    "respond_seconds": "响应用时合计（秒）", "resolve_seconds": "办结用时合计（秒）",
    "unreachable": "无法联系件数",  # issue 20: follow-ups closed as 无法联系, beside the satisfaction rate
    "called": "吹哨次数", "reported": "已报到次数", "on_time": "按时报到次数", "unjudged": "待报到次数",
    "report_seconds": "报到用时合计（秒）",
    "repeats": "重复诉求件数",  # issue 20
    # knowing the community (issue 19)
    "colour": "颜色", "service": "服务承诺", "visit_cycle": "走访周期", "visit_every": "走访间隔",
    "every": "间隔", "next_due": "下次到期", "remind_days": "提前提醒天数", "responsible_id": "责任人",
    "anchor_on": "起算日期",
    "from_tag": "来自标签", "duty_id": "定期事项", "due_on": "应办日期", "done_on": "办理日期", "outcome": "办理结果",
    "by_id": "记录人", "patrol_id": "民情日记", "at": "时间", "seen": "见到的人", "found": "发现的情况",
    "conditions": "条件", "ready_made": "系统预设",
}
FIELD_OF: dict[tuple[str, str], str] = {
    ("resident", "name"): "姓名", ("resident", "created_by_id"): "登记人", ("resident", "status"): "居住状态",
    ("case", "status"): "办理状态", ("case", "level"): "办理层级", ("case", "created_by_id"): "受理人",
    ("case_event", "kind"): "进展类别", ("case_event", "note"): "说明", ("case_event", "seq"): "第几步",
    ("department", "level"): "部门类别",
    ("ledger_account", "kind"): "账户类别", ("ledger_account", "unit"): "计量单位",
    ("ledger_entry", "unit"): "计量单位",
    ("ledger_entry", "kind"): "业务类别", ("ledger_entry", "reason"): "事由", ("rule_set", "scope"): "适用范围",
    ("login_attempt", "reason"): "结果", ("staff", "phone"): "电话", ("council_item", "seq"): "序号",
    ("audit_anchor", "place"): "发布于", ("audit_anchor", "reference"): "发布依据", ("audit_anchor", "seq"): "记录序号",
    ("audit_head", "seq"): "最新序号", ("building", "number"): "楼号", ("volunteer", "number"): "志愿者编号",
    ("erased_name", "length"): "姓名字数", ("notice_publication", "kind"): "公示类型",
    ("points_merchant", "category"): "商家类别", ("points_earn_rule", "kind"): "获得方式",
    ("points_stock_move", "kind"): "变动类别", ("service_record", "status"): "核实状态",
    ("household", "notes"): "住户备注", ("message_template", "body"): "模板内容",
    ("message_template", "channel"): "发送方式",
    ("duty", "building_id"): "楼栋", ("patrol_entry", "building_id"): "楼栋",
    ("duty", "cycle"): "周期", ("duty", "kind"): "事项类别", ("duty", "anchor_on"): "周期起算日",
    ("tag", "kind"): "标签类别",
    ("resident", "relation"): "与户主关系",
    # employment help (issue 22)
    ("job_seeker", "age"): "年龄", ("job_seeker", "skills"): "技能", ("job_seeker", "certificates"): "证书",
    ("job_seeker", "wishes"): "求职意向", ("job_seeker", "family"): "家庭状况",
    ("job_seeker", "started_on"): "建档日期",
    ("job_seeker", "stage"): "帮扶阶段", ("job_seeker", "outcome"): "帮扶结果", ("job_seeker", "closed_on"): "结案日期",
    ("job_seeker", "jobs_created"): "带动就业人数", ("job_case", "seeker_id"): "求职档案",
    ("job_case", "by_id"): "关联人", ("job_plan", "seeker_id"): "求职档案", ("job_plan", "planned_on"): "计划日期",
    ("job_plan", "jobs"): "推荐岗位", ("job_plan", "training"): "技能培训",
    ("job_plan", "startup"): "创业指导与小额贷款担保",
    ("job_plan", "by_id"): "记录人", ("job_referral", "seeker_id"): "求职档案",
    ("job_referral", "follows_id"): "所跟进的推荐", ("job_referral", "employer"): "用人单位",
    ("job_referral", "position"): "岗位", ("job_referral", "referred_on"): "推荐日期",
    ("job_referral", "result"): "面试结果", ("job_referral", "result_on"): "面试日期",
    ("job_referral", "fit"): "工作适应度", ("job_referral", "why"): "未录用原因",
    ("job_referral", "next_step"): "调整策略", ("job_referral", "by_id"): "记录人",
    ("job_visit", "seeker_id"): "求职档案", ("job_visit", "visited_on"): "回访日期",
    ("job_visit", "agreement"): "已签三方协议", ("job_visit", "wage_ok"): "工资待遇已核实",
    ("job_visit", "insurance_ok"): "社保缴纳已核实", ("job_visit", "by_id"): "回访人",
    ("job_outcome", "seeker_id"): "求职档案", ("job_outcome", "outcome"): "帮扶结果",
    ("job_outcome", "decided_on"): "结案日期", ("job_outcome", "employer"): "就业单位或创业项目",
    ("job_outcome", "jobs_created"): "带动就业人数", ("job_outcome", "reason"): "未就业原因",
    ("job_outcome", "by_id"): "记录人", ("ledger_posting", "amount"): "数量（分钟或积分）",
}
#: Small vocabularies that have no label of their own (labels.py covers the domain's closed vocabularies).
WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("resident", "gender"): {"M": "男", "F": "女"},
    ("ledger_account", "unit"): {"minutes": "时间（分钟）", "points": "积分"},
    ("ledger_entry", "unit"): {"minutes": "时间（分钟）", "points": "积分"},
    ("rule_set", "scope"): {"timebank": "时间银行", "points": "积分"},
    ("login_attempt", "reason"): {"ok": "登录成功", "wrong_password": "密码错误", "unknown_user": "无此账号",
                                  "locked": "账号已锁定", "disabled": "账号已停用", "unlock": "解锁",
                                  "bad_key": "任务密钥无效"},
    ("audit_anchor", "place"): {"notice": "公示", "passbook": "存折/对账单", "backup": "备份", "sheet": "校验单"},
    ("notice_publication", "kind"): {"board": "公示栏", "council": "议事会决议公示"},
    ("department", "level"): {kind.value: labels.zh(kind) for kind in DepartmentKind},
}
