"""Canned replies (常用回复, issue 20) on a real database: the ready-made set a first start writes, a case's replies
by sub-category then class then any, the administrator adding, changing, ordering, retiring and deleting them, and
bad input refused with nothing written."""

from __future__ import annotations

import uuid

import pytest

from app.services.cases.canned_replies import ReplyInput
from app.services.cases.categories import CategoryInput
from app.services.cases.reply_catalogue import DEFAULT_REPLIES
from app.services.core.errors import NotFound, PermissionDenied, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

ANY = ("已电话联系居民，了解了具体情况", "已到现场查看，正在协调处理", "已转交相关部门办理，等待反馈",
       "居民不在家，已电话约定上门时间")
HEATING = ("已报供热公司，等待上门测温", "供热公司已上门测温，室温偏低，正在排查管线",
           "已为暖气放风排气，请居民观察室温", "暖气漏水已关阀止漏，安排维修")


def texts(cw: Casework, case_id: uuid.UUID, who: str = "clerk") -> list[str]:
    return [r.text for r in cw.services.replies.for_case(getattr(cw, who), case_id)]


def test_a_first_start_writes_the_ready_made_replies(cw: Casework) -> None:
    every = cw.services.replies.all(cw.admin)
    # Hand-counted from reply_catalogue: 4 for any request, 1 for 生活服务, 2 for 就业帮扶, 31 for 15 sub-categories.
    assert len(every) == 38 == sum(len(t) for t in DEFAULT_REPLIES.values())
    assert [r.text for r in every[:4]] == list(ANY) and all(r.category == "" for r in every[:4])
    assert every[4].category == "生活服务" and every[4].for_class
    assert [r.text for r in every if r.category == "生活服务 / 供暖"] == list(HEATING)
    assert all(r.active for r in every)


def test_a_case_gets_its_sub_category_s_then_its_class_s_then_any(cw: Casework) -> None:
    heating = cw.new_case(sub="LIFE-HEATING", text="家里暖气不热，室温只有十五度")
    training = cw.new_case(sub="JOB-TRAINING", text="想参加电工培训，不知道去哪报名")
    assert texts(cw, heating) == [*HEATING, "已联系物业维修人员，约定了上门时间", *ANY]
    assert texts(cw, training) == ["已登记求职意向，将推荐合适岗位", "已告知培训报名时间和地点", *ANY]
    cw.flow.dispatch(cw.clerk, heating)
    assert texts(cw, heating, "worker")[0] == HEATING[0]  # the grid worker of building 3 writes its notes
    with pytest.raises(PermissionDenied):
        cw.services.replies.for_case(cw.worker2, heating)  # another grid's request
    with pytest.raises(PermissionDenied):
        cw.services.replies.for_case(cw.timebank, heating)


def test_the_administrator_adds_orders_retires_and_deletes(cw: Casework) -> None:
    case_id = cw.new_case(sub="LIFE-HEATING", text="家里暖气不热，室温只有十五度")
    _cls, heating = cw.category("LIFE-HEATING")
    replies = cw.services.replies
    new = replies.create(cw.admin, ReplyInput("  已请供热公司  明天上门  ", heating))
    assert (new.text, new.category, new.sort_order) == ("已请供热公司 明天上门", "生活服务 / 供暖", 4)
    assert texts(cw, case_id)[:5] == [*HEATING, "已请供热公司 明天上门"]
    replies.move(cw.admin, new.id, -1)
    assert texts(cw, case_id)[3:5] == ["已请供热公司 明天上门", HEATING[3]]
    changed = replies.update(cw.admin, new.id, ReplyInput("已请供热公司明天上午上门", heating))
    assert texts(cw, case_id)[3] == changed.text
    replies.set_active(cw.admin, new.id, False)
    assert changed.text not in texts(cw, case_id) and len(texts(cw, case_id)) == 9
    assert next(r for r in replies.all(cw.admin) if r.id == new.id).active is False
    replies.set_active(cw.admin, new.id, True)  # back, at the end of its group
    assert texts(cw, case_id)[:5] == [*HEATING, changed.text]
    moved = replies.update(cw.admin, new.id, ReplyInput(changed.text, None))  # for any request now
    assert moved.category == "" and texts(cw, case_id)[-1] == changed.text
    replies.delete(cw.admin, new.id)
    assert changed.text not in texts(cw, case_id)
    with pytest.raises(NotFound):
        replies.delete(cw.admin, new.id)


@pytest.mark.parametrize(("text", "field"), [("", "text"), ("好", "text"), ("字" * 201, "text"),
                                             (HEATING[0], "text")])
def test_bad_replies_are_refused_and_nothing_is_written(cw: Casework, text: str, field: str) -> None:
    _cls, heating = cw.category("LIFE-HEATING")
    before = cw.snapshot(), cw.services.replies.all(cw.admin)
    with pytest.raises(ValidationError) as refused:
        cw.services.replies.create(cw.admin, ReplyInput(text, heating))
    assert field in refused.value.errors
    assert (cw.snapshot(), cw.services.replies.all(cw.admin)) == before


def test_a_retired_category_takes_no_new_reply_and_a_retired_duplicate_says_so(cw: Casework) -> None:
    categories = cw.services.community.categories
    cls, _sub = cw.category("LIFE-HEATING")
    extra = categories.create(cw.admin, CategoryInput("楼道照明", cls))
    categories.set_active(cw.admin, extra.id, False)
    with pytest.raises(ValidationError) as refused:
        cw.services.replies.create(cw.admin, ReplyInput("已更换楼道灯", extra.id))
    assert "category" in refused.value.errors and "楼道照明" in refused.value.errors["category"].render()
    first = cw.services.replies.all(cw.admin)[0]
    cw.services.replies.set_active(cw.admin, first.id, False)
    with pytest.raises(ValidationError) as refused:
        cw.services.replies.create(cw.admin, ReplyInput(first.text))
    assert "retired" in refused.value.errors["text"].render()


def test_the_ready_made_replies_are_added_again_only_where_missing(cw: Casework) -> None:
    replies = cw.services.replies
    assert replies.add_defaults(cw.admin) == 0
    gone = next(r for r in replies.all(cw.admin) if r.text == HEATING[1])
    replies.delete(cw.admin, gone.id)
    retired = next(r for r in replies.all(cw.admin) if r.text == HEATING[2])
    replies.set_active(cw.admin, retired.id, False)  # a retired one was not wanted: not added again
    assert replies.add_defaults(cw.admin) == 1
    case_id = cw.new_case(sub="LIFE-HEATING", text="家里暖气不热，室温只有十五度")
    assert texts(cw, case_id)[:3] == [HEATING[0], HEATING[3], HEATING[1]]  # back, after those it has
    assert replies.add_defaults(cw.admin) == 0
