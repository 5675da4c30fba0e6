"""Issue 15, section 1: one rule table (app.services.documents.disclosure) says what every document shows of a
person, and every real document follows it. A request whose description, public note and internal note carry another
resident's name, phone and ID number, and a room, is printed on each document; each PDF's text (pdftotext), and each
export's file, is checked field by field against the table."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from app.models import Channel, Scope
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.documents.disclosure import RULES, Document, Field, Shown, disclose
from app.services.documents.passbook import render_passbook
from app.services.documents.receipt import render_receipt
from app.services.documents.vouchers import render_settlement, render_voucher
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput, RuleInput
from app.services.ledger.timebank import NewVolunteer, ServiceInput
from app.services.notices.board import NewItem, NewMeeting, NoticeOptions
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import LI_JIANGUO_ID, NOW, ZHANG_SAN_ID

TODAY = NOW.date()
DESCRIPTION = f"邻居李建国（13998765432，身份证{LI_JIANGUO_ID}）说3号楼2单元301室门口楼道灯坏了"
PUBLIC = "已联系李建国13998765432更换灯泡"
INTERNAL = "王芳0412-5588765不好沟通"


@dataclass(frozen=True)
class Probe:
    """How to see a field in a document's text: its whole value, its masked form, words that survive scrubbing,
    and the secrets scrubbing must remove."""

    whole: str = ""
    masked: str = ""
    kept: str = ""
    secrets: tuple[str, ...] = ()


# The subject is 张三 (13812345678, his ID number, 3号楼2单元301室); the free text names 李建国 and 王芳.
PROBES: dict[Field, Probe] = {
    Field.NAME: Probe("张三", "张*"),
    Field.PHONE: Probe("13812345678", "138****5678"),
    Field.ID_NUMBER: Probe(ZHANG_SAN_ID),
    Field.ADDRESS: Probe("2单元301", "3号楼"),
    Field.DESCRIPTION: Probe("李建国", kept="楼道灯坏了", secrets=("李建国", "13998765432", LI_JIANGUO_ID, "2单元301")),
    Field.PUBLIC_NOTE: Probe("李建国13998765432", kept="更换灯泡", secrets=("李建国", "13998765432")),
    Field.INTERNAL_NOTE: Probe("不好沟通", kept="不好沟通", secrets=("王芳", "04125588765")),
}


def check(document: Document, text: str, probes: dict[Field, Probe] = PROBES,
          fields: tuple[Field, ...] = tuple(Field)) -> None:
    """``text`` (whitespace and dashes dropped) shows each of ``fields`` as RULES[document] says."""
    flat = "".join(text.split()).replace("-", "")
    for field in fields:
        probe, shown = probes[field], RULES[document][field]
        where = f"{document} {field} {shown}"
        if shown is Shown.WHOLE:
            assert probe.whole in flat, where
        elif shown is Shown.MASKED:
            assert probe.whole not in flat and probe.masked in flat, where
        elif shown is Shown.SCRUBBED:
            assert (probe.kept or probe.masked) in flat, where
            assert not any(s.replace("-", "") in flat for s in probe.secrets or (probe.whole,)), where
        else:
            assert probe.whole not in flat and (not probe.kept or probe.kept not in flat), where


def pdf_text(data: bytes | Path, tmp_path: Path) -> str:
    path = data if isinstance(data, Path) else tmp_path / "doc.pdf"
    if isinstance(data, bytes):
        path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture
def case_no(services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> str:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")
    saved = services.intake.submit(clerk, IntakeForm(
        channel=Channel.PHONE.value, resident_id=residents["张三"].id, category_id=sub.parent_id,
        subcategory_id=sub.id, description=DESCRIPTION, urgency=3, scope=Scope.BUILDING.value,
        caller_phone="13812345678"))
    services.workflow.add_note(clerk, saved.case_id, INTERNAL)
    services.workflow.add_note(clerk, saved.case_id, PUBLIC, public=True)
    return saved.case_no


def test_the_table_covers_every_document_and_field() -> None:
    assert set(RULES) == set(Document) and all(set(row) == set(Field) for row in RULES.values())
    assert RULES[Document.LARGE_BOARD] == RULES[Document.NOTICE_BOARD]  # the same board, another layout
    for document in (Document.RECEIPT, Document.NOTICE_BOARD, Document.COUNCIL_NOTICE, Document.VOUCHER):
        assert RULES[document][Field.ID_NUMBER] is Shown.LEFT_OUT and RULES[document][Field.PHONE] is Shown.LEFT_OUT
        assert RULES[document][Field.INTERNAL_NOTE] is Shown.LEFT_OUT
    assert disclose(Document.RECEIPT, Field.PHONE, "13812345678") is None
    assert disclose(Document.RECEIPT, Field.NAME, "张三") == "张*"


def test_the_receipt(services: Services, clerk: Actor, case_no: str, tmp_path: Path) -> None:
    """The defect: the receipt masked the name but printed the description whole."""
    out = tmp_path / "receipt.pdf"
    render_receipt(services.intake.receipt(clerk, case_no=case_no), out)
    check(Document.RECEIPT, pdf_text(out, tmp_path))


@pytest.mark.parametrize("options", [NoticeOptions(), NoticeOptions(landscape=True, large_print=True),
                                     NoticeOptions(large_print=True)], ids=["board", "landscape-large", "large"])
def test_the_notice_boards(services: Services, clerk: Actor, case_no: str, tmp_path: Path,
                           options: NoticeOptions) -> None:
    made = services.notices.make_board(clerk, TODAY, TODAY, options)
    document = Document.LARGE_BOARD if options.large_print or options.landscape else Document.NOTICE_BOARD
    check(document, pdf_text(made.pdf, tmp_path))


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_the_street_report(services: Services, admin: Actor, clock: FakeClock, case_no: str, tmp_path: Path,
                           suffix: str) -> None:
    """The request, past its time to respond, is on the report's overdue list: by number, class and building."""
    clock.set(NOW + timedelta(hours=2))
    out = tmp_path / f"report{suffix}"
    services.street_report.write(admin, "week", TODAY, out)
    if suffix == ".pdf":
        text = pdf_text(out, tmp_path)
    else:
        from docx import Document as read_docx

        document = read_docx(str(out))
        text = "".join([p.text for p in document.paragraphs]
                       + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert case_no in text
    check(Document.STREET_REPORT, text)


def test_the_council_notice(services: Services, clerk: Actor, residents: dict[str, ResidentSummary],
                            tmp_path: Path) -> None:
    meeting = services.notices.create_meeting(clerk, NewMeeting("楼道照明议事", TODAY),
                                              [NewItem(DESCRIPTION, TODAY, responsible="张三")])
    services.notices.record_progress(clerk, meeting.items[0].id, PUBLIC)
    text = pdf_text(services.notices.make_council(clerk, meeting.id).pdf, tmp_path)
    check(Document.COUNCIL_NOTICE, text, {**PROBES, Field.NAME: Probe("张三", "张*", secrets=("张三",))})


def test_the_passbook(services: Services, timebank: Actor, admin: Actor, residents: dict[str, ResidentSummary],
                      case_no: str, tmp_path: Path) -> None:
    volunteer = services.timebank.volunteers.register(timebank, NewVolunteer(residents["张三"].id, ("cleaning",)))
    rec = services.timebank.records.record(timebank, ServiceInput(volunteer.id, "cleaning", date(2026, 11, 19),
                                                                  time(9, 0), time(11, 0)))
    services.timebank.records.verify(timebank, [rec.id])
    services.timebank.records.credit(timebank, [rec.id])
    out = tmp_path / "passbook.pdf"
    render_passbook(services.timebank.statements.statement(timebank, residents["张三"].id), out)
    check(Document.PASSBOOK, pdf_text(out, tmp_path), {**PROBES, Field.DESCRIPTION: Probe("服务存入")})


def test_the_voucher_and_the_merchants_settlement(services: Services, admin: Actor, clerk: Actor,
                                                  residents: dict[str, ResidentSummary], case_no: str,
                                                  tmp_path: Path) -> None:
    p = services.points
    rule = p.rules.create_rule(admin, RuleInput("meeting", "参加居民议事会", 60))
    market = p.catalogue.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, phone="0412-5581234"))
    eggs = p.catalogue.create_reward(admin, RewardInput(market.id, "鲜鸡蛋一盒", 50), stock=3)
    p.rules.award(clerk, AwardInput(rule.id, (residents["张三"].id,), event="居民议事会"))
    voucher = p.vouchers.redeem(clerk, residents["张三"].id, eggs.id)
    out = tmp_path / "voucher.pdf"
    render_voucher(p.vouchers.voucher_print(clerk, voucher.id), out)
    check(Document.VOUCHER, pdf_text(out, tmp_path))
    p.vouchers.honour(clerk, voucher.code)
    out = tmp_path / "settlement.pdf"
    render_settlement(p.settlement.settlement(admin, market.id, TODAY, TODAY), out)
    check(Document.SETTLEMENT, pdf_text(out, tmp_path))


def test_the_residents_own_export(services: Services, admin: Actor, residents: dict[str, ResidentSummary],
                                  case_no: str, tmp_path: Path) -> None:
    out = tmp_path / "zhang.json"
    services.personal_data.export_resident(admin, residents["张三"].id, out)
    text = out.read_text(encoding="utf-8")
    description = Probe("李建国", kept="楼道灯坏了", secrets=("李建国", "13998765432", LI_JIANGUO_ID))  # his room: his
    check(Document.RESIDENT_EXPORT, text, {**PROBES, Field.DESCRIPTION: description})
    assert json.loads(text)["resident"]["phone"] == "13812345678"


def test_the_case_export(services: Services, admin: Actor, case_no: str, tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    services.export.export(admin, "json", out)
    check(Document.CASE_EXPORT, out.read_text(encoding="utf-8"))
