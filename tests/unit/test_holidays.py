"""Time limits in working days through the whole desk, on a fake clock: a class that counts 5 working days over
国庆, a rule in working days, a reopened round, a follow-up call in working days, the ladder escalating on the right
day; the holiday table (entered, imported, removed) moving the open requests' deadlines, every bad input refused
with nothing written; and the administrator asked for the coming year's notice from December."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.services.cases.categories import CategoryInput
from app.services.cases.escalation import RuleInput
from app.services.core.clock import LOCAL_TZ
from app.services.core.errors import PermissionDenied, ValidationError
from app.services.documents.receipt import render_receipt
from tests.unit import casework
from tests.unit.casework import Casework

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

MIN = timedelta(minutes=1)


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def stored(value: str) -> datetime:
    """A time column as SQLite holds it (UTC, naive) read as Beijing wall time."""
    from datetime import UTC
    return datetime.fromisoformat(value).replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def count_in_workdays(cw: Casework, code: str = "LIFE-WATER", days: int = 5) -> uuid.UUID:
    """The sub-category ``code`` counts its resolution in working days from now on."""
    categories = cw.services.community.categories
    info = next(c for c in categories.tree(cw.admin) if c.code == code)
    categories.update(cw.admin, info.id, CategoryInput(info.name, info.parent_id, info.response_minutes,
                                                       info.resolve_hours, days))
    return info.id


def table_days(cw: Casework) -> int:
    return int(cw.sql("SELECT count(*) AS n FROM calendar_day")[0]["n"])


def test_five_working_days_over_national_day_and_the_ladder_on_the_right_day(cw: Casework) -> None:
    count_in_workdays(cw)
    cw.clock.set(local(2026, 9, 30, 10))
    cid = cw.new_case()
    assert stored(cw.case(cid)["deadline_at"]) == local(2026, 10, 13, 10)
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.respond(cw.worker, cid, "已联系")
    assert not [i for i in cw.services.escalation.run(local(2026, 10, 13, 9, 44)).items if not i.warning]
    report = cw.services.escalation.run(local(2026, 10, 13, 10))
    assert [(i.breach.value, i.warning) for i in report.items] == [("resolve", False)]
    assert "10-13 10:00" in report.items[0].note
    cw.assert_cache_is_the_fold()


def test_a_rule_in_working_days_shortens_and_a_reopened_round_counts_working_days_again(cw: Casework) -> None:
    sub = count_in_workdays(cw)
    cw.services.escalation.set_rule(cw.admin, RuleInput(category_id=sub, resolve_workdays=2, followup_workdays=1))
    cw.clock.set(local(2026, 10, 9, 16))  # Fri; Sat 10 Oct is worked
    cid = cw.new_case()
    # one deadline everywhere: the receipt's 办结时限 is the rule's 2 working days (Sat 10 worked, Mon 12)
    assert stored(cw.case(cid)["deadline_at"]) == local(2026, 10, 12, 16)
    assert cw.services.intake.receipt(cw.clerk, cid).deadline_at == local(2026, 10, 12, 16)
    with pytest.raises(ValidationError) as refused:  # by hand, later than the rule allows: said, nothing written
        cw.new_case(deadline_at=local(2026, 10, 14, 16))
    assert "2026-10-12 16:00" in refused.value.errors["deadline"].render()
    assert stored(cw.case(cid)["due_at"]) == local(2026, 10, 9, 17)  # the response hour runs first
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.respond(cw.worker, cid, "已联系")
    assert stored(cw.case(cid)["due_at"]) == local(2026, 10, 12, 16)  # 2 working days: Sat 10, Mon 12
    cw.flow.resolve(cw.worker, cid, "已修好")
    assert stored(cw.case(cid)["due_at"]) == local(2026, 10, 10, 16)  # follow-up within 1 working day: Sat 10
    cw.clock.set(local(2026, 10, 16, 11))  # Fri
    cw.flow.follow_up(cw.clerk, cid, "dissatisfied")  # reopened: a new round of 2 working days
    assert stored(cw.case(cid)["due_at"]) == local(2026, 10, 16, 12)  # first the response hour again
    cw.flow.respond(cw.worker, cid, "再次上门")
    assert stored(cw.case(cid)["due_at"]) == local(2026, 10, 20, 11)  # Mon 19, Tue 20
    cw.assert_cache_is_the_fold()


def test_entering_the_coming_years_holidays_moves_open_deadlines_but_not_one_set_by_hand(cw: Casework,
                                                                                        tmp_path: Path) -> None:
    count_in_workdays(cw)
    cw.clock.set(local(2026, 12, 28, 10))  # Mon
    by_rule = cw.new_case()
    by_hand = cw.new_case(deadline_at=local(2027, 1, 6, 15))
    # 2027 is unknown: Fri 1 Jan counts as a working day; the deadline is provisional
    assert stored(cw.case(by_rule)["deadline_at"]) == local(2027, 1, 4, 10)
    limits = cw.flow.detail(cw.clerk, by_rule).about.limits
    assert any(limit.provisional for limit in limits)
    assert cw.services.holidays.overview(cw.admin).missing == 2027
    slip = tmp_path / "receipt.pdf"
    render_receipt(cw.services.intake.receipt(cw.clerk, by_rule), slip)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(slip), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "2027年1月4日 10:00（暂定）" in text.replace(" \n", "")
    assert cw.services.holidays.add(cw.admin, date(2027, 1, 1), date(2027, 1, 3), False, "元旦") == 3
    assert stored(cw.case(by_rule)["deadline_at"]) == local(2027, 1, 5, 10)
    assert stored(cw.case(by_hand)["deadline_at"]) == local(2027, 1, 6, 15)
    # 元旦 alone is a notice begun: the year stays provisional, the administrator is still asked, until 国庆节
    assert any(limit.provisional for limit in cw.flow.detail(cw.clerk, by_rule).about.limits)
    assert cw.services.holidays.overview(cw.admin).missing == 2027
    cw.services.holidays.add(cw.admin, date(2027, 10, 1), date(2027, 10, 7), False, "国庆节")
    assert not any(limit.provisional for limit in cw.flow.detail(cw.clerk, by_rule).about.limits)
    assert cw.services.holidays.overview(cw.admin).missing is None
    cw.assert_cache_is_the_fold()
    [day] = [d for d in cw.services.holidays.overview(cw.admin).days if d.day == date(2027, 1, 1)]
    assert cw.services.holidays.remove(cw.admin, [day.id]) == 1
    assert stored(cw.case(by_rule)["deadline_at"]) == local(2027, 1, 4, 10)  # Fri 1 Jan works again
    cw.assert_cache_is_the_fold()


@pytest.mark.parametrize(("first", "last", "workday", "name", "field", "words"), [
    (date(2027, 10, 7), date(2027, 10, 1), False, "国庆节", "first", "before"),
    (date(2027, 1, 1), date(2027, 3, 1), False, "元旦", "first", "At most 31 days"),
    (date(2027, 2, 8), None, True, "春节", "workday", "weekday"),           # a Monday cannot be "worked instead"
    (date(2027, 10, 1), date(2027, 10, 7), False, "  ", "name", "which holiday"),
    (date(2027, 10, 1), None, False, "国" * 21, "name", "at most 20"),
    (date(1999, 10, 1), None, False, "国庆节", "first", "between 2000 and 2100"),
])
def test_bad_holidays_are_refused_under_their_field_with_nothing_written(
        cw: Casework, first: date, last: date | None, workday: bool, name: str, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        cw.services.holidays.add(cw.admin, first, last, workday, name)
    assert field in refused.value.errors and words in refused.value.errors[field].render()
    assert table_days(cw) == 0


def test_an_overlapping_range_is_refused_naming_the_day_and_a_clerk_may_not_enter(cw: Casework) -> None:
    cw.services.holidays.add(cw.admin, date(2027, 10, 1), date(2027, 10, 7), False, "国庆节")
    snapshot = cw.sql("SELECT day, workday, name FROM calendar_day ORDER BY day")
    with pytest.raises(ValidationError) as refused:
        cw.services.holidays.add(cw.admin, date(2027, 10, 7), date(2027, 10, 8), False, "国庆节")
    assert "2027年10月7日" in refused.value.errors["first"].render()
    with pytest.raises(PermissionDenied):
        cw.services.holidays.add(cw.clerk, date(2027, 5, 1), None, False, "劳动节")
    assert cw.sql("SELECT day, workday, name FROM calendar_day ORDER BY day") == snapshot


def test_the_notice_imported_from_a_csv(cw: Casework, tmp_path: Path) -> None:
    notice = tmp_path / "2027年节假日.csv"
    notice.write_text("日期,安排,名称\n2027-01-01~2027-01-03,放假,元旦\n2027/2/6,上班,春节\n"
                      "2027-02-10至2027-02-17,放假,春节\n2027年2月20日,上班,春节\n", encoding="utf-8-sig")
    assert cw.services.holidays.import_file(cw.admin, notice) == 13
    overview = cw.services.holidays.overview(cw.admin)
    assert overview.begun_years == (2027,) and not overview.known(2027)  # 国庆节 not entered yet: provisional
    assert [(d.day, d.workday) for d in overview.days if d.workday] == [(date(2027, 2, 6), True),
                                                                        (date(2027, 2, 20), True)]


@pytest.mark.parametrize(("rows", "words"), [
    ("2027-02-30,放假,春节", "Row 2: there is no such day as “2027-02-30”"),
    ("2027-10-01~2027-10-07,放假,国庆节\n2027-10-07,放假,国庆节", "Row 3: 2027年10月7日 is already on row 2"),
    ("2027-10-01,休假吧,国庆节", "Row 2: write 放假 or 上班"),
    ("十月一日,放假,国庆节", "Row 2: “十月一日” is not a date"),
    ("2027-10-07~2027-10-01,放假,国庆节", "Row 2: from 2027年10月7日 to 2027年10月1日"),
    ("2027-10-01,放假,", "Row 2: the holiday's name is missing"),
    ("2027-10-01,上班,国庆节", "weekday"),  # a Friday cannot be worked in place of a holiday
])
def test_a_bad_row_refuses_the_whole_file(cw: Casework, tmp_path: Path, rows: str, words: str) -> None:
    notice = tmp_path / "notice.csv"
    notice.write_text("日期,安排,名称\n2027-01-01,放假,元旦\n".replace("2027-01-01,放假,元旦\n", "") + rows + "\n",
                      encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        cw.services.holidays.import_file(cw.admin, notice)
    assert words in refused.value.errors["file"].render()
    assert table_days(cw) == 0


def test_a_file_without_the_columns_is_refused(cw: Casework, tmp_path: Path) -> None:
    notice = tmp_path / "notice.csv"
    notice.write_text("时间,说明\n2027-10-01,国庆\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        cw.services.holidays.import_file(cw.admin, notice)
    assert "missing: 日期、安排、名称" in refused.value.errors["file"].render()
    assert table_days(cw) == 0


def test_a_rule_states_a_limit_in_hours_or_in_working_days_not_both(cw: Casework) -> None:
    with pytest.raises(ValidationError) as refused:
        cw.services.escalation.set_rule(cw.admin, RuleInput(resolve_hours=24, resolve_workdays=2))
    assert "resolve_workdays" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        cw.services.escalation.set_rule(cw.admin, RuleInput(followup_workdays=251))
    assert "followup_workdays" in refused.value.errors
    assert cw.sql("SELECT count(*) AS n FROM escalation_rule")[0]["n"] == 0
