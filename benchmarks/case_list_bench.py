"""The request list and its full-text search at scale, beside the naive way of doing the same.

    python benchmarks/case_list_bench.py [REQUESTS] [--queries 40] [--data DIR] [--db POSTGRESQL-URL]

Builds a community with REQUESTS requests (default 1,000,000) and their timelines (bulk insert: descriptions and
notes drawn from a vocabulary of what residents report, so the full-text index has realistic text), builds the
search index with ``case_search.rebuild``, then prints median and 95th percentile in milliseconds of:
the first page of the list (default order, filtered, sorted by another column), the count, full-text search
(3+ characters and 1-2 characters), and the naive equivalents (LIKE '%q%' over descriptions and notes, loading
every row). Nothing is asserted: these are figures to read and report. With --data DIR an existing benchmark
database of the same size in DIR is reused; with --db the requests go into that PostgreSQL database (empty the
first time; DIR then notes that it is built).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text  # noqa: E402

from app.models import Case, CaseEvent, CaseStatus, Category, Grid, Household, Resident, Role  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.services.cases import rollup  # noqa: E402
from app.services.cases import search as case_search  # noqa: E402
from app.services.cases.listing import CaseQuery, CaseSort  # noqa: E402
from app.services.cases.timeline import OPEN  # noqa: E402
from app.services.core.clock import FakeClock, local  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from benchmarks.intake_bench import timed  # noqa: E402

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
YEARS = 3
PASSWORD = "bench2026"
BATCH = 20_000

# What residents report, by sub-category code: the description is a place, one or two of these and a request.
PROBLEMS: dict[str, list[str]] = {
    "LIFE-WATER": ["厨房水管漏水", "卫生间水龙头关不严", "楼道灯不亮", "家里突然停电", "电表箱跳闸", "楼道声控灯坏了"],
    "LIFE-PIPE": ["下水道堵塞返水", "化粪池满溢", "厨房下水不通", "楼下污水井冒水"],
    "LIFE-HEATING": ["暖气不热", "暖气片漏水", "室温只有十五度", "供暖管道有异响"],
    "LIFE-HOUSE": ["屋顶渗水", "外墙皮脱落", "单元门关不上", "楼梯扶手松动", "窗户玻璃破损"],
    "LIFE-ELEVATOR": ["电梯故障停运", "电梯困人", "电梯年检过期", "申请加装电梯"],
    "LIFE-RUBBISH": ["垃圾清运不及时", "垃圾桶满溢有异味", "楼道堆放杂物"],
    "LIFE-HOUSEKEEP": ["需要家政保洁", "独居老人需要助浴"],
    "HEALTH-ESCORT": ["独居老人需要陪同就医", "行动不便需要陪同复查"],
    "HEALTH-CHRONIC": ["高血压需要定期随访", "糖尿病用药咨询"],
    "HEALTH-ELDER": ["空巢老人需要助餐", "老人独自在家无人照看"],
    "HEALTH-MENTAL": ["居民情绪低落需要心理疏导", "家属反映老人记忆力下降"],
    "HEALTH-EMERGENCY": ["老人摔倒无法起身", "突发胸闷需要急救"],
    "HEALTH-DISABLED": ["申请轮椅", "残疾人康复训练咨询"],
    "JOB-TRAINING": ["下岗职工想参加技能培训", "咨询电工培训报名"],
    "JOB-REFERRAL": ["求职需要岗位推荐", "想找保洁保安工作"],
    "JOB-STARTUP": ["想开小吃店需要创业指导", "咨询个体户办理"],
    "JOB-LOAN": ["申请创业担保贷款", "咨询小额贷款贴息"],
    "JOB-POLICY": ["灵活就业社保补贴咨询", "失业金领取咨询"],
    "RIGHTS-NEIGHBOR": ["楼上噪音扰民", "邻居占用公共楼道", "邻里因漏水发生纠纷"],
    "RIGHTS-PROPERTY": ["物业服务态度差", "物业费收费不合理", "物业不维修公共设施"],
    "RIGHTS-CONSUMER": ["超市售卖过期食品", "保健品推销欺骗老人"],
    "RIGHTS-LEGAL": ["需要法律援助", "遗产继承纠纷咨询"],
    "RIGHTS-LABOR": ["被拖欠工资", "工伤赔偿纠纷"],
    "ENV-GREEN": ["绿化带被占用种菜", "树枝遮挡窗户需要修剪"],
    "ENV-PARKING": ["小区停车难", "车辆堵塞消防通道", "电动车楼道充电"],
    "ENV-NOISE": ["广场舞噪音太大", "夜间施工噪音扰民"],
    "ENV-SANITATION": ["小区卫生死角无人清扫", "公厕脏乱"],
    "ENV-DOG": ["流浪狗伤人", "流浪猫太多", "遛狗不拴绳"],
    "ENV-FACILITY": ["健身器材损坏", "路灯不亮", "充电桩故障"],
}
OPENINGS = ["居民反映", "来电称", "网格员上报", "居民来访称", "民情专员收集到"]
ASKS = ["请尽快处理", "希望社区协调解决", "已经持续三天", "多次反映未解决", "影响正常生活", "家中有老人",
        "晚上尤其严重"]
NOTES = ["已电话联系居民", "已派维修人员上门查看", "已联系物业协调", "等待配件到货", "已约定周五上门", "居民表示满意",
         "已协调供热公司检修", "已转街道城管科处理", "现场查看情况属实", "已安排志愿者陪同"]
OUTCOMES = ["已修复", "已疏通", "已调解完毕，双方签字", "已更换灯具", "已协调解决", "已办结并回访"]
STATUSES = [("closed", 60), ("resolved", 10), ("responded", 10), ("dispatched", 10), ("new", 5), ("suspended", 3),
            ("merged", 2)]
SHORT_QUERIES = ["灯", "水", "狗", "噪", "电", "漏水", "电梯", "暖气", "噪音", "停车", "物业", "老人", "纠纷", "楼道"]
LONG_QUERIES = ["楼道灯", "水管漏水", "电梯困人", "广场舞", "暖气不热", "下水道", "流浪狗伤人", "物业服务", "陪同就医",
                "创业担保贷款", "消防通道", "已联系物业", "供热公司", "心理疏导", "技能培训", "遛狗不拴绳"]


def describe(rng: random.Random, code: str) -> str:
    problems = rng.sample(PROBLEMS[code], min(len(PROBLEMS[code]), rng.choice((1, 2))))
    place = f"{rng.randint(1, 40)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 6)}0{rng.randint(1, 3)}室"
    return f"{rng.choice(OPENINGS)}{place}{'，'.join(problems)}，{rng.choice(ASKS)}。"


def _stored(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def build(services: Services, requests: int, rng: random.Random) -> None:
    started = time.perf_counter()
    services.setup.initialize(InitialSetup("基准社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                           "管理员", PASSWORD))
    services.remember_desk()
    admin = services.auth.login("admin", PASSWORD)
    worker = services.auth.create_staff(admin, "grid", "网格员", Role.GRID_WORKER, PASSWORD)
    services.auth.create_staff(admin, "clerk", "前台", Role.CLERK, PASSWORD)
    stamp = {"desk_code": "A01", "created_at": NOW}
    with services.db.transaction() as session:
        grids = [{"id": new_id(), "code": f"G{g:02d}", "name": f"第{g}网格", "worker_id": worker.id, **stamp}
                 for g in range(1, 21)]
        session.execute(insert(Grid), grids)
        households = [{"id": new_id(), "building": str(b), "unit": str(u), "room": f"{f}0{r}",
                       "grid_id": grids[(b - 1) // 2]["id"], **stamp}
                      for b in range(1, 41) for u in range(1, 7) for f in range(1, 7) for r in range(1, 4)]
        session.execute(insert(Household), households)
        blank = dict.fromkeys(("phone", "phone_last4", "id_number", "pinyin_full", "pinyin_initials"), "")
        residents = [{"id": new_id(), "name": f"居民{i}", "household_id": households[i % len(households)]["id"],
                      **blank, **stamp} for i in range(8000)]
        session.execute(insert(Resident), residents)
        subs = {c.code: (c.id, c.parent_id) for c in session.scalars(select(Category).where(
            Category.parent_id.is_not(None)))}
    grid_of = {h["id"]: h["grid_id"] for h in households}
    codes = [c for c in PROBLEMS if c in subs]
    weights = [5 if c.startswith(("LIFE", "HEALTH")) else 2 for c in codes]  # most requests in a few fields
    statuses, status_weights = zip(*STATUSES, strict=True)
    span = timedelta(days=365 * YEARS).total_seconds()
    start = NOW - timedelta(days=365 * YEARS)
    day_counter: dict[date, int] = {}
    case_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    engine = services.db.engine

    def flush() -> None:
        if not services.db.is_sqlite:  # PostgreSQL: Core's executemany (psycopg batches it)
            with engine.begin() as conn:
                conn.execute(insert(Case), case_rows)
                conn.execute(insert(CaseEvent), event_rows)
            case_rows.clear()
            event_rows.clear()
            return
        # Straight to the driver, in the forms SQLAlchemy stores on SQLite (a million rows through Core's type
        # processing took several times longer): UUIDs as 32 hex digits, naive UTC times with microseconds.
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("BEGIN")
            for table, rows in (("case", case_rows), ("case_event", event_rows)):
                cols = list(rows[0])
                cur.executemany(f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})',
                                [tuple(_stored(r[c]) for c in cols) for r in rows])
            cur.execute("COMMIT")
        finally:
            raw.close()
        case_rows.clear()
        event_rows.clear()

    for i in range(requests):
        at = start + timedelta(seconds=span * (i + rng.random() * 0.5) / requests)
        day = local(at).date()
        day_counter[day] = day_counter.get(day, 0) + 1
        code = rng.choices(codes, weights)[0]
        sub_id, cat_id = subs[code]
        resident = residents[rng.randrange(len(residents))]
        status = rng.choices(statuses, status_weights)[0]
        age = NOW - at
        if age < timedelta(days=3):
            status = rng.choice(("new", "dispatched", "responded"))
        open_ = status in ("new", "dispatched", "responded", "suspended")
        urgency = rng.choices((1, 2, 3, 4, 5), (10, 30, 35, 18, 7))[0]
        in_pool = open_ and age > timedelta(days=1) and rng.random() < 0.5 or rng.random() < 0.01
        case_id = new_id()
        case_rows.append({
            "id": case_id, "desk_code": "A01", "created_at": at,
            "case_no": f"A01-{day:%Y%m%d}-{day_counter[day]:04d}", "channel": rng.choice(
                ("walk_in", "phone", "collector", "online")), "resident_id": resident["id"],
            "household_id": resident["household_id"], "grid_id": grid_of[resident["household_id"]],
            "caller_phone": "", "category_id": cat_id, "subcategory_id": sub_id, "description": describe(rng, code),
            "urgency": urgency, "scope": "household", "priority": urgency, "deadline_at": at + timedelta(hours=24),
            "reply_due_at": at + timedelta(hours=24), "anonymous": False, "status": status, "households_count": 1,
            "created_by_id": worker.id, "level": "street" if in_pool else "community", "in_pool": in_pool,
            "escalated": in_pool, "cycle": 0, "paused_seconds": 0,
            "due_at": at + timedelta(hours=24) if open_ and status != "suspended" else None,
        })
        kinds = ["created"]
        if status != "new":
            kinds.append("dispatched")
        kinds += ["note"] * rng.choice((0, 0, 1, 1, 2))
        if status in ("resolved", "closed"):
            kinds.append("resolved")
        for seq, kind in enumerate(kinds, 1):
            note = rng.choice(NOTES) if kind == "note" else rng.choice(OUTCOMES) if kind == "resolved" else ""
            event_rows.append({"id": new_id(), "desk_code": "A01", "created_at": at + timedelta(minutes=seq * 7),
                               "case_id": case_id, "seq": seq, "kind": kind, "actor_id": worker.id, "note": note,
                               "data": {}})
        if len(case_rows) >= BATCH:
            flush()
    if case_rows:
        flush()
    built = time.perf_counter()
    print(f"{requests:,} requests with their timelines inserted in {built - started:.1f} s")
    with engine.begin() as conn:
        indexed = case_search.rebuild(conn)
    print(f"search index built for {indexed:,} requests in {time.perf_counter() - built:.1f} s "
          "(case_search.rebuild: descriptions and notes, characters and pairs, both FTS5 tables)")
    counted = time.perf_counter()
    with engine.begin() as conn:  # the bulk insert bypassed the unit of work: the rates' rollup counted again
        days = rollup.rebuild(conn)
    print(f"rates' daily rollup counted again ({days:,} rows) in {time.perf_counter() - counted:.1f} s")
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # both engines: the planner's statistics of the new rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--naive-queries", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a folder to keep (and reuse) the benchmark database in")
    parser.add_argument("--db", help="a PostgreSQL URL (an empty database) instead of the folder's SQLite file; "
                                     "--data then keeps the desk's settings and the note that it is built")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        marker = folder / "bench.json"
        reuse = marker.exists() and json.loads(marker.read_text())["requests"] == args.requests
        if not reuse and folder.exists() and any(folder.iterdir()) and args.data:
            sys.exit(f"{folder} holds something else; give an empty or new folder")
        services = open_services(folder, args.db, clock=FakeClock(NOW))
        try:
            if not reuse:
                build(services, args.requests, rng)
                marker.write_text(json.dumps({"requests": args.requests}))
            run(services, args, rng)
        finally:
            services.close()


def run(services: Services, args: argparse.Namespace, rng: random.Random) -> None:
    clerk = services.auth.login("clerk", PASSWORD)
    lst = services.case_list
    path = services.db.sqlite_path
    size = path.stat().st_size / 1e6 if path else 0
    with services.db.reading() as session:
        total = session.scalar(select(func.count()).select_from(Case))
        events = session.scalar(select(func.count()).select_from(CaseEvent))
        grid_id = session.scalar(select(Grid.id).order_by(Grid.code))
        cat_id = session.scalar(select(Category.id).where(Category.code == "LIFE"))
    print(f"\n{total:,} requests, {events:,} events, database {size:,.0f} MB")
    n = args.queries
    rows: list[tuple[str, float, float, str]] = []

    def report(label: str, runs: list[Callable[[], object]], note: str = "") -> None:
        median, p95 = timed(runs)
        rows.append((label, median, p95, note))
        print(f"  {label:<58}{median:>10.1f}{p95:>10.1f}  {note}", flush=True)

    print(f"\n  {'the list (first page of 100)':<58}{'median ms':>10}{'p95 ms':>10}")
    for label, query in [
        ("default order (newest first)", CaseQuery()),
        ("status = new", CaseQuery(statuses=(CaseStatus.NEW,))),
        ("class 生活服务", CaseQuery(category_id=cat_id)),
        ("grid + open", CaseQuery(grid_id=grid_id, statuses=open_statuses())),
        ("overdue", CaseQuery(overdue=True)),
        ("difficult problems pool", CaseQuery(in_pool=True)),
        ("urgency 5, last 30 days", CaseQuery(urgency=5, date_from=(NOW - timedelta(days=30)).date())),
        ("sorted by urgency", CaseQuery(sort=CaseSort.URGENCY)),
        ("sorted by due time", CaseQuery(sort=CaseSort.DUE, descending=False)),
    ]:
        report(label, [lambda q=query: lst.page(clerk, q, 0, 100) for _ in range(10)])
    report("scrolled: page at offset 10,000", [lambda: lst.page(clerk, CaseQuery(), 10_000, 100)] * 5)
    report("count, no filter (exact)", [lambda: lst.count(clerk, CaseQuery())] * 5)
    report("count, open in one grid (exact up to 10,000)",
           [lambda: lst.count(clerk, CaseQuery(grid_id=grid_id, statuses=open_statuses()))] * 5)

    print(f"\n  {'full-text search (first page of 100, then the count)':<58}{'median ms':>10}{'p95 ms':>10}")
    long_q = [rng.choice(LONG_QUERIES) for _ in range(n)]
    short_q = [rng.choice(SHORT_QUERIES) for _ in range(n)]
    report("3+ characters: page", [lambda q=q: lst.page(clerk, CaseQuery(text=q), 0, 100) for q in long_q])
    report("3+ characters: count", [lambda q=q: lst.count(clerk, CaseQuery(text=q)) for q in long_q])
    report("1-2 characters: page", [lambda q=q: lst.page(clerk, CaseQuery(text=q), 0, 100) for q in short_q])
    report("1-2 characters: count", [lambda q=q: lst.count(clerk, CaseQuery(text=q)) for q in short_q])
    report("3+ characters + open + grid: page", [lambda q=q: lst.page(clerk, CaseQuery(
        text=q, statuses=open_statuses(), grid_id=grid_id), 0, 100) for q in long_q])
    report("1-2 characters sorted by urgency: page", [lambda q=q: lst.page(clerk, CaseQuery(
        text=q, sort=CaseSort.URGENCY), 0, 100) for q in short_q[:10]])
    counts = {q: lst.count(clerk, CaseQuery(text=q)) for q in sorted(set(long_q + short_q))}
    print("  matches: " + ", ".join(f"{q} {c.n}{'' if c.exact else '+'}" for q, c in counts.items()))

    print(f"\n  {'the naive way':<58}{'median ms':>10}{'p95 ms':>10}")
    naive_page = text('SELECT id FROM "case" WHERE description LIKE :q OR id IN (SELECT case_id FROM case_event '
                      'WHERE note LIKE :q) ORDER BY created_at DESC LIMIT 100')
    naive_count = text('SELECT count(*) FROM "case" WHERE description LIKE :q OR id IN (SELECT case_id FROM '
                       'case_event WHERE note LIKE :q)')
    k = args.naive_queries
    with services.db.reading() as session:
        for label, queries in (("3+ characters", long_q[:k]), ("1-2 characters", short_q[:k])):
            report(f"LIKE '%q%' scan, {label}: page",
                   [lambda q=q: session.execute(naive_page, {"q": f"%{q}%"}).all() for q in queries])
            report(f"LIKE '%q%' scan, {label}: count",
                   [lambda q=q: session.execute(naive_count, {"q": f"%{q}%"}).all() for q in queries])
        report("load every row, then show the first 100",
               [lambda: session.execute(select(Case.id, Case.case_no, Case.created_at, Case.description, Case.status)
                                        .order_by(Case.created_at.desc())).all()[:100]] * 3)


def open_statuses() -> tuple[CaseStatus, ...]:
    return tuple(sorted(OPEN))


if __name__ == "__main__":
    main()
