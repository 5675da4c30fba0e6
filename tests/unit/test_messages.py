"""Words ready to send to a resident (消息模板, issue 20) on a real database: every kind and channel filled from a real
request and masked as a forwarded message must be, the administrator's templates and the bad ones refused, the
message recorded on the timeline, the kind a status calls for, and the printed slip read back with pdftotext."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from app.demo.messages import RECEIVED_SMS
from app.domain.enums import CaseStatus, EventKind, MessageChannel, MessageKind
from app.services.cases.intake import IntakeForm
from app.services.cases.listing import CaseQuery
from app.services.cases.messages import (
    BUILT_IN,
    FIELDS,
    NO_PROGRESS,
    fill,
    problem,
    sample_facts,
    sms_parts,
    suggested_kind,
)
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from app.services.documents.masking import salutation
from app.services.documents.message_slip import SlipData, render_message_slip
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import LI_JIANGUO_ID, WANG_FANG_ID

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

# 张三's request names his neighbour 王芳, 李建国's phone and ID number and a room: none of it may leave in a message.
TEXT = "3号楼2单元301厨房暖气不热，隔壁王芳家也一样，李建国电话13998765432，身份证" + LI_JIANGUO_ID
NOTE = "已联系供热公司，王芳说明天上午上门测温，有事打13998765432"
OUTCOME = "供热公司已放风排气，张三家室温升到20度"
SECRETS = ("张三", "王芳", "李建国", "13998765432", "138-1234-5678", "13812345678", LI_JIANGUO_ID, WANG_FANG_ID,
           "301")
ALL = [(k, c) for k in MessageKind for c in MessageChannel]


def heating_case(cw: Casework, resident: str = "张三", anonymous: bool = False, text: str = TEXT) -> uuid.UUID:
    category_id, subcategory_id = cw.category("LIFE-HEATING")
    form = IntakeForm(channel="walk_in", resident_id=cw.residents[resident].id, category_id=category_id,
                      subcategory_id=subcategory_id, description=text, urgency=3, scope="household",
                      anonymous=anonymous)
    return cw.services.intake.submit(cw.clerk, form).case_id


def test_every_kind_and_channel_is_filled_from_the_case_and_masked(cw: Casework) -> None:
    case_id = heating_case(cw)
    cw.flow.dispatch(cw.clerk, case_id)  # to the grid worker of building 3
    cw.flow.add_note(cw.clerk, case_id, "内部：王芳家钥匙在物业")  # internal: never in a message
    cw.flow.add_note(cw.clerk, case_id, NOTE, public=True)  # the desk's public note needs no review
    cw.flow.resolve(cw.worker, case_id, OUTCOME)
    messages = cw.services.messages.render(cw.clerk, case_id)
    no = messages.case_no
    assert set(messages.filled) == set(ALL)
    for (kind, channel), filled in messages.filled.items():
        text = filled.text
        assert text.startswith("张先生您好"), (kind, channel)
        assert no in text and "幸福里社区" in text and "0412-5581234" in text
        assert "【" not in text and "】" not in text
        assert not [s for s in SECRETS if s in text], (kind, channel, text)
        assert "钥匙" not in text  # the internal note
        assert filled.chars == len(text)
        assert filled.parts == (sms_parts(len(text)) if channel is MessageChannel.SMS else 0)
    # Hand-filled: logged at 10:00 on 20 November, resolve within 24 hours (供暖), the desk's phone.
    assert messages.filled[(MessageKind.RECEIVED, MessageChannel.SMS)].text == (
        f"张先生您好，您的诉求已受理（编号{no}），11月21日10:00前办结。电话0412-5581234。幸福里社区")
    wechat = messages.filled[(MessageKind.RECEIVED, MessageChannel.WECHAT)].text
    assert "诉求类别：供暖" in wechat and "受理时间：11月20日10:00" in wechat
    assert "诉求内容：3号楼" in wechat and "王*" in wechat  # the summary, scrubbed (the building stays)
    progress = messages.filled[(MessageKind.PROGRESS, MessageChannel.WECHAT)].text
    assert "最新进展：已联系供热公司，王*说明天上午上门测温" in progress  # the public note, scrubbed
    resolved = messages.filled[(MessageKind.RESOLVED, MessageChannel.SMS)].text
    assert "已办结：供热公司已放风排气，张*家室温升到20度。" in resolved  # the outcome, scrubbed
    assert messages.suggested is MessageKind.RESOLVED


def test_a_request_with_no_public_note_says_it_is_being_handled(cw: Casework) -> None:
    case_id = heating_case(cw)
    cw.flow.dispatch(cw.clerk, case_id)
    cw.flow.add_note(cw.worker, case_id, "已上门，王芳不在家", public=True)  # a grid worker's: waits for review
    text = cw.services.messages.render(cw.clerk, case_id).filled[(MessageKind.PROGRESS, MessageChannel.SMS)].text
    assert f"进展：{NO_PROGRESS}。" in text and "不在家" not in text
    resolved = cw.services.messages.render(cw.clerk, case_id).filled[(MessageKind.RESOLVED, MessageChannel.SMS)]
    assert "已办结：尚未办结" in resolved.text


def test_a_woman_is_addressed_as_nüshi_and_an_anonymous_reporter_as_resident(cw: Casework) -> None:
    woman = heating_case(cw, "王芳", text="家里暖气不热，请来看看")
    hidden = heating_case(cw, "李建国", anonymous=True, text="家里暖气不热，请来看看")
    for case_id, expected in ((woman, "王女士您好"), (hidden, "居民您好")):
        for filled in cw.services.messages.render(cw.clerk, case_id).filled.values():
            assert filled.text.startswith(expected)
    assert salutation("欧阳修", "M", False) == "欧阳先生" and salutation("欧阳娜娜", "F", False) == "欧阳女士"
    assert salutation("张", "M", False) == salutation("张三", None, False) == salutation("张三", "M", True) == "居民"


def test_the_administrator_s_template_is_used_and_restored(cw: Casework) -> None:
    case_id = heating_case(cw)
    book = cw.services.messages.templates(cw.admin)
    assert [(t.kind, t.channel) for t in book.templates] == ALL and not any(t.custom for t in book.templates)
    assert book.community == "幸福里社区" and book.phone == "0412-5581234"
    saved = cw.services.messages.set_template(cw.admin, "received", "sms",
                                              "【社区名称】：【居民称呼】，您的诉求【诉求编号】已收到。\r\n")
    assert saved.custom and saved.body == "【社区名称】：【居民称呼】，您的诉求【诉求编号】已收到。"
    no = cw.services.messages.render(cw.clerk, case_id).case_no
    filled = cw.services.messages.render(cw.clerk, case_id).filled
    assert filled[(MessageKind.RECEIVED, MessageChannel.SMS)].text == f"幸福里社区：张先生，您的诉求{no}已收到。"
    assert filled[(MessageKind.RECEIVED, MessageChannel.WECHAT)].text.startswith("张先生您好！")  # built-in still
    restored = cw.services.messages.reset_template(cw.admin, MessageKind.RECEIVED, MessageChannel.SMS)
    assert not restored.custom and restored.body == BUILT_IN[(MessageKind.RECEIVED, MessageChannel.SMS)]
    again = cw.services.messages.render(cw.clerk, case_id).filled[(MessageKind.RECEIVED, MessageChannel.SMS)]
    assert again.text.startswith("张先生您好，您的诉求已受理")


@pytest.mark.parametrize(("body", "named"), [
    ("", None),
    ("   \n ", None),
    ("【居民称呼】您好，您的诉求【诉求编好】已受理。", "【诉求编好】"),
    ("【居民称呼】您好，编号【诉求编号", "【诉求编号"),
    ("【居民称呼您好，编号【诉求编号】", "【居民称呼您"),
    ("居民称呼】您好", "居民称呼】"),
    ("【】您好", "【】"),
    ("您好" * 251, None),
])
def test_a_bad_template_is_refused_naming_the_field_and_nothing_is_written(cw: Casework, body: str,
                                                                           named: str | None) -> None:
    before = cw.snapshot(), cw.services.messages.templates(cw.admin)
    with pytest.raises(ValidationError) as refused:
        cw.services.messages.set_template(cw.admin, "progress", "wechat", body)
    message = refused.value.errors["body"]
    shown = message.render()
    if named is not None:
        assert named in shown, shown
        assert all(f"【{f}】" in shown for f in FIELDS)  # the fields allowed, listed
    assert (cw.snapshot(), cw.services.messages.templates(cw.admin)) == before
    assert problem(body) == message  # the editor shows the same message as it is typed


def test_a_wrong_kind_or_channel_is_refused(cw: Casework) -> None:
    with pytest.raises(ValidationError) as refused:
        cw.services.messages.set_template(cw.admin, "goodbye", "sms", "您好")
    assert "kind" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        cw.services.messages.reset_template(cw.admin, "received", "fax")
    assert "channel" in refused.value.errors


def test_a_message_sent_is_on_the_timeline_and_changes_nothing_else(cw: Casework) -> None:
    case_id = heating_case(cw)
    cw.flow.dispatch(cw.clerk, case_id)
    before = cw.case(case_id)
    text = cw.services.messages.render(cw.clerk, case_id).filled[(MessageKind.DISPATCHED, MessageChannel.SMS)].text
    sent = cw.services.messages.record_sent(cw.worker, case_id, "dispatched", "sms", "copied", text)
    assert (sent.kind, sent.channel, sent.how) == (MessageKind.DISPATCHED, MessageChannel.SMS, "copied")
    last = cw.events(case_id)[-1]
    assert (last["kind"], last["seq"], last["note"]) == (EventKind.MESSAGE_SENT.value, sent.seq, text)
    assert '"how": "copied"' in last["data"] and '"kind": "dispatched"' in last["data"]
    assert cw.case(case_id) == before  # the status, the limits: the fold reads nothing in a message
    cw.assert_cache_is_the_fold()
    detail = cw.flow.detail(cw.clerk, case_id)
    assert detail.timeline[-1].kind is EventKind.MESSAGE_SENT and detail.timeline[-1].actor_name == "赵网格"
    assert cw.services.case_list.count(cw.clerk, CaseQuery(text="已派人办理")).n == 0  # template words: not searched
    printed = cw.services.messages.record_sent(cw.clerk, case_id, MessageKind.PROGRESS, MessageChannel.WECHAT,
                                               "printed", "您好")
    assert printed.seq == sent.seq + 1


def test_a_bad_record_of_a_message_writes_nothing(cw: Casework) -> None:
    case_id = heating_case(cw)
    other = heating_case(cw, "王芳", text="家里暖气不热，跟张三家一样")
    cw.flow.merge(cw.clerk, other, case_id)
    before = cw.snapshot()
    for how, text, field in (("mailed", "您好", "how"), ("copied", "  ", "text"), ("copied", "字" * 2001, "text")):
        with pytest.raises(ValidationError) as refused:
            cw.services.messages.record_sent(cw.clerk, case_id, "received", "sms", how, text)
        assert field in refused.value.errors
    with pytest.raises(Conflict):
        cw.services.messages.record_sent(cw.clerk, other, "received", "sms", "copied", "您好")
    with pytest.raises(Conflict):
        cw.services.messages.render(cw.clerk, other)
    with pytest.raises(PermissionDenied):  # another grid's request (building 3 is 赵网格's)
        cw.services.messages.record_sent(cw.worker2, case_id, "received", "sms", "copied", "您好")
    with pytest.raises(PermissionDenied):
        cw.services.messages.render(cw.timebank, case_id)
    assert cw.snapshot() == before


def test_the_kind_a_status_calls_for(cw: Casework) -> None:
    case_id = heating_case(cw)

    def suggested() -> MessageKind:
        return cw.services.messages.render(cw.clerk, case_id).suggested

    assert suggested() is MessageKind.RECEIVED
    cw.flow.dispatch(cw.clerk, case_id)
    assert suggested() is MessageKind.DISPATCHED
    cw.services.messages.record_sent(cw.clerk, case_id, "dispatched", "wechat", "copied", "您好")
    assert suggested() is MessageKind.PROGRESS
    cw.flow.resolve(cw.worker, case_id, "已放风排气")
    assert suggested() is MessageKind.RESOLVED
    cw.services.messages.record_sent(cw.clerk, case_id, "resolved", "sms", "printed", "您好")
    assert suggested() is MessageKind.FOLLOW_UP
    assert suggested_kind(CaseStatus.RESPONDED) is suggested_kind(CaseStatus.SUSPENDED) is MessageKind.PROGRESS
    assert suggested_kind(CaseStatus.CLOSED) is MessageKind.RESOLVED


def test_text_messages_are_counted_as_the_carriers_bill_them() -> None:
    assert [sms_parts(n) for n in (0, 1, 70, 71, 134, 135, 201, 202)] == [0, 1, 1, 2, 2, 3, 3, 4]
    facts = sample_facts("幸福里社区", "0412-5581234")
    long = fill("【诉求摘要】" * 4, dataclasses.replace(facts, summary="字" * 30), MessageChannel.SMS)
    assert long.text == ("字" * 19 + "…") * 4 and (long.chars, long.parts) == (80, 2)
    assert fill("【诉求摘要】", facts, MessageChannel.WECHAT).parts == 0
    for (kind, channel), body in BUILT_IN.items():  # the built-in text messages fit one part on the sample
        assert problem(body) is None
        if channel is MessageChannel.SMS:
            assert fill(body, facts, channel).parts == 1, kind


def test_the_printed_slip_shows_the_message_and_nothing_more(cw: Casework, tmp_path: Path) -> None:
    case_id = heating_case(cw)
    messages = cw.services.messages.render(cw.clerk, case_id)
    text = messages.filled[(MessageKind.RECEIVED, MessageChannel.WECHAT)].text
    out = tmp_path / "告知单.pdf"
    pages = render_message_slip(SlipData(messages.community, messages.desk_name, messages.desk_phone,
                                         messages.case_no, "已受理", text), out)
    read = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(read.split())
    assert pages == 1
    assert "诉求办理告知单（已受理）" in flat and f"受理编号：{messages.case_no}" in flat
    for line in text.splitlines():
        assert "".join(line.split()) in flat, line
    assert "幸福里社区" in flat and "一号窗口" in flat and "0412-5581234" in flat
    assert not [s for s in SECRETS if s in flat]


def test_the_demo_has_its_own_received_text_and_messages_sent(demo_folder: Path) -> None:
    """app/demo/messages.py: the community's wording of one template, and a message on each of the 8 newest requests
    (2 printed, 6 copied), each in the words of its kind; the ready-made canned replies of a first start."""
    with closing(sqlite3.connect(demo_folder / "desk.sqlite3")) as db:
        templates = db.execute("SELECT kind, channel, body FROM message_template").fetchall()
        sent = db.execute("SELECT json_extract(data, '$.how'), note, c.resident_id, c.id FROM case_event e "
                          "JOIN \"case\" c ON c.id = e.case_id WHERE e.kind = 'message_sent'").fetchall()
        names = dict(db.execute("SELECT id, name FROM resident").fetchall())
        newest = {r[0] for r in db.execute("SELECT id FROM \"case\" WHERE status != 'merged' "
                                           "ORDER BY created_at DESC, id LIMIT 8")}
        replies = db.execute("SELECT count(*) FROM canned_reply").fetchone()[0]
    assert templates == [("received", "sms", RECEIVED_SMS)]
    assert sorted(how for how, *_ in sent) == ["copied"] * 6 + ["printed"] * 2
    assert {case for *_, case in sent} == newest
    for _how, note, resident, _case in sent:
        assert names[resident] not in note and "您好" in note
    assert replies == 38


def test_a_resident_s_own_export_lists_the_messages_sent_to_them(cw: Casework, tmp_path: Path) -> None:
    """The messages the desk sent are the resident's (查阅复制): their export shows them, unlike the desk's internal
    notes (withheld)."""
    case_id = heating_case(cw)
    cw.flow.dispatch(cw.clerk, case_id)
    cw.flow.add_note(cw.clerk, case_id, "内部：物业钥匙在门卫")
    text = cw.services.messages.render(cw.clerk, case_id).filled[(MessageKind.DISPATCHED, MessageChannel.SMS)].text
    cw.services.messages.record_sent(cw.clerk, case_id, "dispatched", "sms", "copied", text)
    out = tmp_path / "张三.json"
    cw.services.personal_data.export_resident(cw.admin, cw.residents["张三"].id, out)
    [case] = json.loads(out.read_text(encoding="utf-8"))["requests"]
    by_kind = {e["kind"]: e for e in case["events"]}
    shown = by_kind["message_sent"]["note"]  # scrubbed as the export's public notes are (the desk's phone too)
    assert shown.startswith(text[:30]) and "已派人办理" in shown and "note_withheld" not in by_kind["message_sent"]
    assert by_kind["note"]["note_withheld"] is True
