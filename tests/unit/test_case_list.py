"""The request list on a real SQLite file: every filter, every sort order, paging, counting, and the full-text
search (1, 2 and 3+ characters, notes found as soon as they are written, the index rebuilt)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text, update

from app.models import Case, CaseStatus, CaseText, Channel, Grid, Household
from app.services.cases import listing as case_list
from app.services.cases.intake import IntakeForm
from app.services.cases.listing import CaseListRow, CaseQuery, CaseSort
from app.services.cases.search import grams, terms
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from app.services.people.residents import ResidentSummary

# (resident, channel, class index, urgency, description), logged an hour apart in this order.
REQUESTS = [
    ("张三", "walk_in", 0, 3, "3号楼2单元厨房水管漏水，楼下天花板渗水，请尽快派人维修。"),
    ("王芳", "phone", 0, 5, "楼道灯不亮已经一周，老人晚上下楼不便。"),
    ("李建国", "phone", 4, 2, "广场舞音响噪音太大，晚上九点以后还在跳。"),
    ("张秀兰", "online", 1, 4, "独居老人需要陪同去医院复查。"),
    ("张三", "collector", 3, 1, "与邻居因楼道堆放杂物发生纠纷，请社区调解。"),
]


@dataclass
class Listing:
    services: Services
    clock: FakeClock
    clerk: Actor
    admin: Actor
    ids: list[uuid.UUID]      # in REQUESTS' order
    grid_id: uuid.UUID        # building 3's grid: 张三, 张秀兰, 王芳
    department_id: uuid.UUID  # called in on the first request only
    classes: list[uuid.UUID]

    def find(self, **kwargs: object) -> list[CaseListRow]:
        return self.services.case_list.page(self.clerk, CaseQuery(**kwargs), limit=500).rows  # type: ignore[arg-type]

    def nos(self, **kwargs: object) -> list[int]:
        """Which requests (their index in REQUESTS) the list shows, in its order."""
        return [self.ids.index(r.id) for r in self.find(**kwargs)]


@pytest.fixture
def listing(services: Services, clock: FakeClock, clerk: Actor, admin: Actor,
            residents: dict[str, ResidentSummary]) -> Listing:
    with services.db.transaction() as session:
        grid = Grid(code="G1", name="第一网格", worker_id=clerk.user_id)
        session.add(grid)
        session.flush()
        session.execute(update(Household).where(Household.building == "3").values(grid_id=grid.id))
        grid_id = grid.id
    options = services.intake.options(clerk)
    classes = [c.id for c in options.categories if c.parent_id is None]
    department_id = options.departments[0].id
    ids = []
    for i, (name, channel, cls, urgency, description) in enumerate(REQUESTS):
        form = IntakeForm(channel=channel, resident_id=residents[name].id, category_id=classes[cls],
                          subcategory_id=options.children(classes[cls])[0].id, description=description,
                          urgency=urgency, scope="household", department_ids=(department_id,) if i == 0 else (),
                          caller_phone="13800001111" if channel == "phone" else "")
        ids.append(services.intake.submit(clerk, form).case_id)
        clock.advance(timedelta(hours=1))
    return Listing(services, clock, clerk, admin, ids, grid_id, department_id, classes)


def test_the_list_shows_every_request_newest_first_with_what_a_row_needs(listing: Listing) -> None:
    rows = listing.find()
    assert [listing.ids.index(r.id) for r in rows] == [4, 3, 2, 1, 0]
    first = rows[-1]
    assert first.resident_name == "张三" and first.channel is Channel.WALK_IN and first.urgency == 3
    assert first.category == "生活服务" and first.subcategory and first.grid == "第一网格"
    assert first.status is CaseStatus.NEW and len(first.departments) == 1
    assert first.overdue  # logged five hours ago, not responded to within the hour
    assert first.summary.startswith("3号楼2单元厨房水管漏水") and first.due_at is not None
    assert rows[2].grid == ""  # 李建国 lives in building 5, which has no grid


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"statuses": (CaseStatus.NEW,)}, [4, 3, 2, 1, 0]),
    ({"statuses": (CaseStatus.RESOLVED, CaseStatus.CLOSED)}, []),
    ({"urgency": 5}, [1]),
    ({"channel": Channel.PHONE}, [2, 1]),
    ({"channel": Channel.PHONE, "urgency": 2}, [2]),
])
def test_filters_on_the_request_itself(listing: Listing, kwargs: dict[str, object], expected: list[int]) -> None:
    assert listing.nos(**kwargs) == expected


def test_filter_by_class_sub_category_grid_and_department(listing: Listing) -> None:
    assert listing.nos(category_id=listing.classes[0]) == [1, 0]
    sub = listing.services.intake.options(listing.clerk).children(listing.classes[4])[0].id
    assert listing.nos(category_id=sub) == [2]
    assert listing.nos(grid_id=listing.grid_id) == [4, 3, 1, 0]
    assert listing.nos(department_id=listing.department_id) == [0]


def test_filter_by_local_date(listing: Listing) -> None:
    # The requests were logged at 10:00-14:00 on 20 November in Beijing (02:00-06:00 UTC).
    day = date(2026, 11, 20)
    assert listing.nos(date_from=day, date_to=day) == [4, 3, 2, 1, 0]
    assert listing.nos(date_from=day + timedelta(days=1)) == []
    assert listing.nos(date_to=day - timedelta(days=1)) == []


def test_a_status_change_moves_a_request_between_filters(listing: Listing) -> None:
    flow = listing.services.workflow
    flow.dispatch(listing.clerk, listing.ids[1], assignee_id=listing.clerk.user_id)
    flow.resolve(listing.clerk, listing.ids[1], "已更换楼道灯泡。")
    assert listing.nos(statuses=(CaseStatus.RESOLVED,)) == [1]
    assert 1 not in listing.nos(statuses=(CaseStatus.NEW,))


def test_overdue_and_the_difficult_pool(listing: Listing) -> None:
    flow = listing.services.workflow
    flow.dispatch(listing.clerk, listing.ids[0], assignee_id=listing.clerk.user_id)
    flow.respond(listing.clerk, listing.ids[0], "已联系居民。")
    assert listing.nos(overdue=True) == [4, 3, 2, 1]  # an hour passed for each later one: no response in time
    assert listing.nos(in_pool=True) == []
    listing.clock.advance(timedelta(days=30))  # past every deadline: the ladder puts them into the pool
    listing.services.escalation.run()
    assert listing.nos(in_pool=True) == [4, 3, 2, 1, 0]
    flow.resolve(listing.clerk, listing.ids[0], "已修好水管。")
    assert listing.nos(in_pool=True, overdue=True) == [4, 3, 2, 1]  # resolved: in the pool still, no clock runs
    row = next(r for r in listing.find() if r.id == listing.ids[0])
    assert row.in_pool and not row.overdue and row.due_at is None or row.status is CaseStatus.RESOLVED


@pytest.mark.parametrize("sort", list(CaseSort))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_order(listing: Listing, sort: CaseSort, descending: bool) -> None:
    rows = listing.find(sort=sort, descending=descending)
    assert sorted(r.id for r in rows) == sorted(listing.ids)
    key = {
        CaseSort.CASE_NO: lambda r: r.case_no, CaseSort.CREATED: lambda r: r.created_at,
        CaseSort.CHANNEL: lambda r: r.channel.value, CaseSort.URGENCY: lambda r: r.urgency,
        CaseSort.STATUS: lambda r: r.status.value, CaseSort.DUE: lambda r: r.due_at,
        CaseSort.CATEGORY: lambda r: listing.classes.index(next(c for c in listing.classes if listing.find(
            category_id=c) and r.id in {x.id for x in listing.find(category_id=c)})),
        CaseSort.GRID: lambda r: r.grid == "",  # one grid and none: grouped
    }[sort]
    values = [key(r) for r in rows]
    if sort is CaseSort.GRID:
        assert values in (sorted(values), sorted(values, reverse=True))
        return
    assert values == sorted(values, reverse=descending)
    if sort is not CaseSort.CASE_NO:  # ties newest (or oldest) first, like the default order
        ties = [r.created_at for r in rows if key(r) == values[0]]
        assert ties == sorted(ties, reverse=descending)


def test_requests_without_a_running_limit_come_last_when_sorted_by_due_time(listing: Listing) -> None:
    listing.services.workflow.suspend(listing.admin, listing.ids[2], "等待舞蹈队负责人回来")  # the clock stops
    assert next(r for r in listing.find() if r.id == listing.ids[2]).due_at is None
    for descending in (False, True):
        assert listing.nos(sort=CaseSort.DUE, descending=descending)[-1] == 2


def test_pages_cover_the_list_once(listing: Listing) -> None:
    seen = []
    offset = 0
    while True:
        page = listing.services.case_list.page(listing.clerk, CaseQuery(sort=CaseSort.URGENCY), offset, limit=2)
        seen += [r.id for r in page.rows]
        assert len(page.rows) == 2 or not page.has_more
        if not page.has_more:
            break
        offset += len(page.rows)
    assert seen == [r.id for r in listing.find(sort=CaseSort.URGENCY)]
    assert listing.services.case_list.page(listing.clerk, CaseQuery(), offset=5).rows == []


def test_counts_exact_up_to_the_cap(listing: Listing) -> None:
    count = listing.services.case_list.count
    assert count(listing.clerk, CaseQuery()).n == 5 and count(listing.clerk, CaseQuery()).exact
    assert (count(listing.clerk, CaseQuery(channel=Channel.PHONE)).n, count(listing.clerk, CaseQuery(text="楼")).n) \
        == (2, 3)
    capped = count(listing.clerk, CaseQuery(text="楼", grid_id=listing.grid_id), cap=2)
    assert (capped.n, capped.exact) == (2, False)
    words_only = count(listing.clerk, CaseQuery(text="楼"), cap=2)  # counted in the FTS5 index: always exact
    assert (words_only.n, words_only.exact) == (3, True)
    assert count(listing.clerk, CaseQuery(text="晚上 广场舞")).n == 1  # words of both tables: the capped way
    assert count(listing.clerk, CaseQuery(text="，。")).n == 0


@pytest.mark.parametrize(("query", "expected"), [
    ("天花板", [0]),                # 3+ characters: the trigram index
    ("水管漏水", [0]),
    ("灯", [1]),                    # one character
    ("漏水", [0]),                  # two characters
    ("楼道", [4, 1]),
    ("楼", [4, 1, 0]),
    ("老人", [3, 1]),
    ("晚上 老人", [1]),              # every word must occur
    ("晚上 广场舞", [2]),            # a short and a long word
    ("3号楼", [0]),
    ("漏电", []),
    ("医院复查了", []),
])
def test_search_by_any_part_of_the_text(listing: Listing, query: str, expected: list[int]) -> None:
    assert listing.nos(text=query) == expected
    # the same words found whatever the order the list is sorted in
    assert sorted(listing.nos(text=query, sort=CaseSort.URGENCY)) == sorted(expected)


def test_a_search_sorted_by_another_column_walks_that_order_when_matches_are_many(
        listing: Listing, monkeypatch: pytest.MonkeyPatch) -> None:
    # One row per page out of 5 requests: on the first page of 楼 its 3 matches are more than sqrt(1 x 5), so the
    # urgency index is walked and each request looked up among the matches; later pages read the matches whole.
    monkeypatch.setattr(case_list, "MIN_SORTED_MATCHES", 0)
    for words, expected in (("楼", [1, 0, 4]), ("老人", [1, 3])):  # by urgency, most urgent first
        pages = [listing.services.case_list.page(listing.clerk, CaseQuery(text=words, sort=CaseSort.URGENCY), i, 1)
                 for i in range(len(expected))]
        assert [listing.ids.index(p.rows[0].id) for p in pages] == expected
        assert [p.has_more for p in pages] == [True] * (len(expected) - 1) + [False]


def test_search_with_filters(listing: Listing) -> None:
    assert listing.nos(text="楼", channel=Channel.PHONE) == [1]
    assert listing.nos(text="老人", grid_id=listing.grid_id, urgency=4) == [3]
    assert listing.nos(text="楼", descending=False) == [0, 1, 4]


def test_a_note_is_found_as_soon_as_it_is_written(listing: Listing) -> None:
    flow = listing.services.workflow
    assert listing.nos(text="物业") == []
    flow.add_note(listing.clerk, listing.ids[4], "已约物业经理周五上门协调。")
    assert listing.nos(text="物业") == [4]          # two characters
    assert listing.nos(text="物业经理") == [4]      # four
    assert listing.nos(text="约") == [4]            # one
    assert listing.nos(text="物业 调解") == [4]     # one word in the note, one in the description
    flow.dispatch(listing.clerk, listing.ids[3], assignee_id=listing.clerk.user_id)
    flow.resolve(listing.clerk, listing.ids[3], "志愿者已陪同复查")
    assert listing.nos(text="志愿者") == [3]


def test_what_the_escalation_ladder_writes_is_not_searched(listing: Listing) -> None:
    listing.clock.advance(timedelta(days=3))
    report = listing.services.escalation.run()
    assert report.items and "时限" in report.items[0].note
    assert listing.nos(text="时限") == []


def test_an_erased_residents_details_leave_the_index(listing: Listing, services: Services, admin: Actor,
                                                     residents: dict[str, ResidentSummary]) -> None:
    flow = services.workflow
    flow.dispatch(listing.clerk, listing.ids[1], assignee_id=listing.clerk.user_id)
    flow.resolve(listing.clerk, listing.ids[1], "已修好。")
    flow.follow_up(listing.clerk, listing.ids[1], "satisfied")
    named = "王芳（电话04125588765）家门口灯坏"
    with services.db.transaction() as session:  # a description that names the resident's phone number
        session.execute(update(Case).where(Case.id == listing.ids[1]).values(description=named))
        session.execute(update(CaseText).where(CaseText.case_id == listing.ids[1])
                        .values(body=named, grams=grams(named)))
    assert listing.nos(text="5588765") == [1]
    flow.close(admin, listing.ids[1])
    services.personal_data.erase_resident(admin, residents["王芳"].id, "本人书面申请")
    assert listing.nos(text="5588765") == [] and listing.nos(text="门口") == [1]


def test_the_index_is_rebuilt_from_the_requests(listing: Listing, services: Services) -> None:
    services.workflow.add_note(listing.clerk, listing.ids[2], "已联系舞蹈队队长")
    with services.db.transaction() as session:  # the index lost (an old backup, a bug): search finds nothing
        session.execute(text("DELETE FROM case_text"))
    assert listing.nos(text="舞蹈队") == [] and listing.nos(text="灯") == []
    assert services.case_list.rebuild_index(listing.admin) == 5
    assert listing.nos(text="舞蹈队") == [2] and listing.nos(text="灯") == [1] and listing.nos(text="天花板") == [0]
    with services.db.reading() as session:  # in the order of intake, like new requests
        order = list(session.scalars(select(CaseText.case_id).order_by(CaseText.id)))
    assert order == listing.ids
    with pytest.raises(PermissionDenied):
        services.case_list.rebuild_index(listing.clerk)
    services.workflow.add_note(listing.clerk, listing.ids[0], "漏点已找到")  # the triggers are back after a rebuild
    assert listing.nos(text="漏点") == [0]


def test_grid_workers_and_time_bank_officers_see_the_list(listing: Listing, timebank: Actor) -> None:
    assert len(listing.services.case_list.page(timebank, CaseQuery()).rows) == 5
    choices = listing.services.case_list.choices(timebank)
    assert [c.name for c in choices.grids] == ["第一网格"]
    assert choices.categories[0].parent_id is None and choices.categories[1].parent_id == choices.categories[0].id
    assert choices.departments


def test_query_words() -> None:
    assert terms(" 漏水  灯，  漏水 ") == ["漏水", "灯，"]
    assert terms("， 。 !") == []
    assert grams("A座3楼，灯") == "a 座 a座 3 座3 楼 3楼 灯"
