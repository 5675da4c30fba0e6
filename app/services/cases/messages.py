"""Words ready to send to a resident (消息模板, issue 20): the fields a template may use, the check of a template, the
built-in words of every kind and channel, and the filling of a template from what a case says.

A template is plain text with fields written as 【name】 from a fixed list (``FIELDS``): 【诉求编号】, 【居民称呼】 ...
The staff read them as they are; the desk fills each one from the case when the message is shown. Nothing else in
a template is special, so a 【 or 】 that is not a field is refused (the check names it and the fields allowed):
a misspelt field must never reach a resident as 【诉求编好】.

A message may be forwarded (a relative's phone, a WeChat group), so what fills it follows the rule table's
``Document.MESSAGE`` row (app.services.documents.disclosure): the resident is addressed as 张先生 / 张女士 (居民
when unknown or anonymous), the summary, the latest progress and the outcome are scrubbed of every name and number;
no phone, ID number or address of the resident is ever a field. The caller (``message_service``) gives the values
already disclosed; this module only places them.

A text message (短信) is counted as the carriers bill it: one part holds 70 characters; a longer one is sent in parts
of 67 (each part carries a few characters of joining information).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import CaseStatus, MessageChannel, MessageKind
from app.services.core.clock import local
from app.services.core.errors import QT_TRANSLATE_NOOP, Message

OPEN_MARK, CLOSE_MARK = "【", "】"

# The fields, in the order the editor's buttons show them.
CASE_NO, LOGGED, CATEGORY, SUMMARY, DEADLINE = "诉求编号", "受理时间", "诉求类别", "诉求摘要", "办理时限"
PROGRESS, OUTCOME, COMMUNITY, PHONE, ADDRESSED = "最新进展", "办结情况", "社区名称", "服务电话", "居民称呼"
FIELDS: tuple[str, ...] = (ADDRESSED, CASE_NO, LOGGED, CATEGORY, SUMMARY, DEADLINE, PROGRESS, OUTCOME, COMMUNITY,
                           PHONE)

BODY_MAX = 500        # characters of a template
SMS_PART = 70         # characters of a one-part text message
SMS_LONG_PART = 67    # characters of each part of a longer one
# Free text is cut to fit the channel: a text message is short, a WeChat message may say more.
TEXT_LIMITS: dict[MessageChannel, int] = {MessageChannel.SMS: 20, MessageChannel.WECHAT: 60}
NO_PROGRESS = "工作人员正在办理"  # no public progress note yet (internal notes never reach a resident)
NOT_RESOLVED = "尚未办结"
ELLIPSIS = "…"

SENT_HOW = ("copied", "printed")  # how a message left the desk: copied to the clipboard, or printed on a slip

_S, _W = MessageChannel.SMS, MessageChannel.WECHAT
_K = MessageKind
BUILT_IN: dict[tuple[MessageKind, MessageChannel], str] = {
    (_K.RECEIVED, _S): "【居民称呼】您好，您的诉求已受理（编号【诉求编号】），【办理时限】前办结。"
                       "电话【服务电话】。【社区名称】",
    (_K.DISPATCHED, _S): "【居民称呼】您好，您的诉求（【诉求编号】）已派人办理，【办理时限】前办结。"
                         "电话【服务电话】。【社区名称】",
    (_K.PROGRESS, _S): "【居民称呼】您好，您的诉求（【诉求编号】）进展：【最新进展】。电话【服务电话】。"
                       "【社区名称】",
    (_K.RESOLVED, _S): "【居民称呼】您好，您的诉求（【诉求编号】）已办结：【办结情况】。电话【服务电话】。"
                       "【社区名称】",
    (_K.FOLLOW_UP, _S): "【居民称呼】您好，您的诉求（【诉求编号】）已办结，近日将用【服务电话】回访您，请留意接听。"
                        "【社区名称】",
    (_K.RECEIVED, _W): "【居民称呼】您好！您反映的问题已受理。\n受理编号：【诉求编号】\n诉求类别：【诉求类别】\n"
                       "诉求内容：【诉求摘要】\n受理时间：【受理时间】\n办理时限：【办理时限】\n"
                       "查询进度请报受理编号，电话【服务电话】。\n【社区名称】",
    (_K.DISPATCHED, _W): "【居民称呼】您好！您的诉求已派专人办理。\n受理编号：【诉求编号】\n诉求内容：【诉求摘要】\n"
                         "办理时限：【办理时限】\n有事请致电【服务电话】。\n【社区名称】",
    (_K.PROGRESS, _W): "【居民称呼】您好！您的诉求有新进展。\n受理编号：【诉求编号】\n诉求内容：【诉求摘要】\n"
                       "最新进展：【最新进展】\n办理时限：【办理时限】\n有事请致电【服务电话】。\n【社区名称】",
    (_K.RESOLVED, _W): "【居民称呼】您好！您的诉求已办结。\n受理编号：【诉求编号】\n诉求内容：【诉求摘要】\n"
                       "办结情况：【办结情况】\n如问题仍未解决，请致电【服务电话】。\n【社区名称】",
    (_K.FOLLOW_UP, _W): "【居民称呼】您好！您的诉求（受理编号【诉求编号】）已办结：【办结情况】\n"
                        "近日工作人员将电话回访，请您对办理结果作出评价：满意、基本满意或不满意。"
                        "也可致电【服务电话】。感谢您对社区工作的支持！\n【社区名称】",
}


@dataclass(frozen=True)
class MessageFacts:
    """What fills a message, as the rule table lets a forwarded message show it (the caller discloses)."""

    case_no: str
    logged_at: datetime
    category: str       # the sub-category's name, or the class's
    summary: str        # the description, scrubbed
    deadline_at: datetime
    progress: str       # the newest approved public progress note, scrubbed ("" if none)
    outcome: str        # what the resolution said, scrubbed ("" while not resolved)
    community: str
    phone: str          # the desk's
    addressed: str      # 张先生 / 张女士 / 居民


@dataclass(frozen=True)
class Filled:
    text: str
    chars: int
    parts: int  # text-message parts (0 for WeChat: not counted)


def short_time(when: datetime) -> str:
    """11月20日10:00: the desk's local time, short enough for a text message."""
    t = local(when)
    return f"{t.month}月{t.day}日{t:%H:%M}"


def cut(text: str, limit: int) -> str:
    """Whitespace made single spaces; at most ``limit`` characters, "…" the last one when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def sms_parts(chars: int) -> int:
    """How many text messages ``chars`` characters take (one of 70, or parts of 67)."""
    if chars <= 0:
        return 0
    if chars <= SMS_PART:
        return 1
    return -(-chars // SMS_LONG_PART)


def problem(body: str) -> Message | None:
    """Why ``body`` cannot be a template (empty, too long, a marker not closed, a 】 alone, a field not in the
    list), naming the bad marker and the fields allowed; None when it is fine. The editor shows it as typed."""
    if not body.strip():
        return Message(QT_TRANSLATE_NOOP("errors", "Write the words of the message; it cannot be empty."))
    if len(body) > BODY_MAX:
        return Message(QT_TRANSLATE_NOOP("errors", "At most {n} characters."), {"n": BODY_MAX})
    allowed = "、".join(f"{OPEN_MARK}{f}{CLOSE_MARK}" for f in FIELDS)
    pos = 0
    while pos < len(body):
        start, stray = body.find(OPEN_MARK, pos), body.find(CLOSE_MARK, pos)
        if stray != -1 and (start == -1 or stray < start):
            return Message(QT_TRANSLATE_NOOP("errors", "A {close} without its {open} before it: …{near}. Fields are "
                                             "written {open}name{close}; the fields are: {fields}."),
                           {"open": OPEN_MARK, "close": CLOSE_MARK, "near": body[max(stray - 6, 0):stray + 1],
                            "fields": allowed})
        if start == -1:
            return None
        end = body.find(CLOSE_MARK, start + 1)
        again = body.find(OPEN_MARK, start + 1)
        if end == -1 or (again != -1 and again < end):
            return Message(QT_TRANSLATE_NOOP("errors", "The field {near}… is not closed with {close}. The fields "
                                             "are: {fields}."),
                           {"near": body[start:min(start + 7, again if again != -1 else len(body))],
                            "close": CLOSE_MARK, "fields": allowed})
        name = body[start + 1:end]
        if name.strip() not in FIELDS:
            return Message(QT_TRANSLATE_NOOP("errors", "There is no field {field}. The fields are: {fields}."),
                           {"field": f"{OPEN_MARK}{name}{CLOSE_MARK}", "fields": allowed})
        pos = end + 1
    return None


def fields_used(body: str) -> list[str]:
    """The fields ``body`` uses, in order, each once (of a template without a problem)."""
    found: list[str] = []
    pos = 0
    while (start := body.find(OPEN_MARK, pos)) != -1 and (end := body.find(CLOSE_MARK, start)) != -1:
        name = body[start + 1:end].strip()
        if name in FIELDS and name not in found:
            found.append(name)
        pos = end + 1
    return found


def values(facts: MessageFacts, channel: MessageChannel) -> dict[str, str]:
    limit = TEXT_LIMITS[channel]
    return {
        CASE_NO: facts.case_no, LOGGED: short_time(facts.logged_at), CATEGORY: facts.category,
        SUMMARY: cut(facts.summary, limit), DEADLINE: short_time(facts.deadline_at),
        PROGRESS: cut(facts.progress, limit) if facts.progress.strip() else NO_PROGRESS,
        OUTCOME: cut(facts.outcome, limit) if facts.outcome.strip() else NOT_RESOLVED,
        COMMUNITY: facts.community, PHONE: facts.phone, ADDRESSED: facts.addressed,
    }


def fill(body: str, facts: MessageFacts, channel: MessageChannel) -> Filled:
    """The template with every field replaced by its value (a template is checked before it is stored)."""
    filled = values(facts, channel)
    out: list[str] = []
    pos = 0
    while (start := body.find(OPEN_MARK, pos)) != -1 and (end := body.find(CLOSE_MARK, start)) != -1:
        out.append(body[pos:start])
        name = body[start + 1:end].strip()
        out.append(filled.get(name, body[start:end + 1]))
        pos = end + 1
    out.append(body[pos:])
    text = "".join(out).strip()
    return Filled(text, len(text), sms_parts(len(text)) if channel is MessageChannel.SMS else 0)


def suggested_kind(status: CaseStatus, sent: frozenset[MessageKind] = frozenset()) -> MessageKind:
    """The message a case's status calls for: 已受理 while new, 已派单 once dispatched, 办理进展 once taken up or
    suspended, 已办结 once resolved (回访 when the resolution's message has gone already)."""
    if status is CaseStatus.NEW:
        return MessageKind.RECEIVED
    if status is CaseStatus.DISPATCHED:
        return MessageKind.PROGRESS if MessageKind.DISPATCHED in sent else MessageKind.DISPATCHED
    if status in (CaseStatus.RESPONDED, CaseStatus.SUSPENDED):
        return MessageKind.PROGRESS
    if MessageKind.RESOLVED in sent:
        return MessageKind.FOLLOW_UP
    return MessageKind.RESOLVED


SAMPLE_TIME = datetime.fromisoformat("2026-11-20T10:05:00+08:00")


def sample_facts(community: str, phone: str) -> MessageFacts:
    """A made-up request for the editor's preview (no resident's data): 张先生's dripping kitchen pipe."""
    return MessageFacts(
        case_no="A01-20261120-0007", logged_at=SAMPLE_TIME, category="水电维修",
        summary="3号楼*单元厨房水管漏水，楼下天花板渗水", deadline_at=SAMPLE_TIME.replace(day=21),
        progress="维修师傅明天上午上门更换水管", outcome="已更换厨房水管，经试水不再渗漏",
        community=community, phone=phone, addressed="张先生")
