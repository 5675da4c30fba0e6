"""Words to the resident at any size (issue 20): what the 发消息 dialog and the progress note's canned replies cost.

    python benchmarks/message_bench.py --data DIR [--cases 20] [--runs 3]

DIR is a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``; the password of admin is
bench2026). It is written to (log-ins, the messages recorded as sent): run it on a copy. For ``--cases`` requests
drawn evenly from the whole table, medians over the cases (each the median of ``--runs`` runs) in ms:

- ``render``: the dialog's one read: every kind x channel filled (the case, its notes, the name book of every
  registered resident for the scrubber, the template rows);
- the name book alone (``disclosure.name_book``: every resident's name, read for each render);
- ``replies.for_case``: the note dialog's canned replies (read on the GUI thread when the dialog opens);
- ``record_sent``: the timeline's MESSAGE_SENT under the case's lock;
- filling one template (pure) and checking one (the editor runs it as each key is typed).

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.domain.enums import CaseStatus, MessageChannel, MessageKind  # noqa: E402
from app.models import Case, Resident  # noqa: E402
from app.services.cases.messages import BUILT_IN, fill, problem, sample_facts  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.documents.disclosure import name_book  # noqa: E402
from benchmarks.timing import load  # noqa: E402

PASSWORD = "bench2026"
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the benchmark database's "now" (case_list_bench.NOW)


def median_ms(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(label: str, figures: list[float], digits: int = 1) -> None:
    print(f"  {label:<44} median {statistics.median(figures):>9,.{digits}f} ms   max {max(figures):>9,.{digits}f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a copy of the benchmark's data folder")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(load())
    start = time.perf_counter()
    services = open_services(args.data, clock=FakeClock(NOW))
    print(f"opened in {time.perf_counter() - start:,.1f} s")
    try:
        actor = services.auth.login("admin", PASSWORD)
        with services.db.reading() as session:
            total = session.scalar(select(func.count()).select_from(Case)) or 0
            people = session.scalar(select(func.count()).select_from(Resident)) or 0
            step = max(total // args.cases, 1)
            # merged requests are refused (their messages come from the surviving one): drawn from the others
            drawn = [session.scalar(select(Case.id).where(Case.status != CaseStatus.MERGED).order_by(Case.id)
                                    .offset(i * step).limit(1)) for i in range(args.cases)]
            ids = [i for i in drawn if i is not None]
        print(f"{total:,} requests, {people:,} residents; {len(ids)} requests drawn evenly\n")
        messages, replies = services.messages, services.replies
        renders, books, listed, sent = [], [], [], []
        for case_id in ids:
            renders.append(median_ms(partial(messages.render, actor, case_id), args.runs))
            listed.append(median_ms(partial(replies.for_case, actor, case_id), args.runs))
        for _ in ids[: max(args.runs, 3)]:
            with services.db.reading() as session:
                started = time.perf_counter()
                name_book(session)
                books.append((time.perf_counter() - started) * 1000)
        for case_id in ids:
            answer = messages.render(actor, case_id)
            text = answer.filled[(answer.suggested, MessageChannel.SMS)].text
            started = time.perf_counter()
            messages.record_sent(actor, case_id, answer.suggested, MessageChannel.SMS, "copied", text)
            sent.append((time.perf_counter() - started) * 1000)
        row("render: every kind x channel of a request", renders)
        row("  of which the name book (every resident's name)", books)
        row("replies.for_case (the note dialog)", listed)
        if sent:
            row("record_sent (MESSAGE_SENT on the timeline)", sent)
        facts = sample_facts("幸福里社区", "0412-5581234")
        body = BUILT_IN[(MessageKind.RECEIVED, MessageChannel.WECHAT)]
        row("fill one template (pure)", [median_ms(lambda: fill(body, facts, MessageChannel.WECHAT), 1000)], 3)
        row("check one template (as each key is typed)", [median_ms(lambda: problem(body), 1000)], 3)
    finally:
        services.close()
    print(load())


if __name__ == "__main__":
    main()
