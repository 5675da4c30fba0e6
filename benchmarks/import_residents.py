"""Timings of the register import (issue 17: 10,000 rows preview in under 5 s and commit in under 10 s).

    python benchmarks/import_residents.py [--rows 10000] [--existing 1000] [--runs 1]

Writes a spreadsheet of ``rows`` residents in the template's columns (drawn like the demo's households, in as many
buildings as it takes), into a temporary community whose register already holds ``existing`` of them with another
phone (so they are updated, the rest added). Times opening the file (reading and guessing the columns), the
preview (every row read and checked against the register) and the commit (the preview again inside the
transaction, then every row written in one transaction with the audit trail and the import's record), with the
progress callback the GUI's progress bar gets. Prints wall-clock seconds, the CPU seconds of the process, and how
many times progress was reported. Nothing is asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from app.demo.register_sample import people  # noqa: E402
from app.models import Role  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.people.register_export import HEADERS  # noqa: E402
from app.services.people.residents import NewResident  # noqa: E402

ZH_TAGS = {"empty_nest": "空巢", "alone": "独居", "disabled": "残疾", "rented": "出租", "ordinary": "常态"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--existing", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(17)
    everyone = []
    rounds = 1
    while len(everyone) < args.rows:
        rounds += 4
        everyone = people(random.Random(17), rounds)
    everyone = everyone[:args.rows]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.append(HEADERS)
        for p in everyone:
            r, h = p.resident, p.household
            ws.append([r.name, {"M": "男", "F": "女"}[r.gender], r.birth_date, r.id_number, r.phone, h.building,
                       h.unit, h.room, "", "、".join(ZH_TAGS[t] for t in h.tags), ""])
        path = folder / "register.xlsx"
        book.save(path)
        services = open_services(folder / "data", clock=FakeClock(datetime(2026, 11, 20, 2, tzinfo=UTC)))
        services.setup.initialize(InitialSetup("基准社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                               "管理员", "bench2026"))
        admin = services.auth.login("admin", "bench2026")
        services.auth.create_staff(admin, "director", "张红霞", Role.DIRECTOR, "bench2026")
        director = services.auth.login("director", "bench2026")
        for p in everyone[:args.existing]:
            r, h = p.resident, p.household
            services.residents.create(admin, NewResident(
                name=r.name, phone=f"13{rng.randrange(10**9):09d}", id_number=r.id_number, building=h.building,
                unit=h.unit, room=h.room))
        reports: list[tuple[int, int]] = []

        def progress(done: int, total: int) -> None:
            reports.append((done, total))

        wall, cpu = time.perf_counter(), time.process_time()
        opened = services.register_import.open_file(director, path)
        print(f"open    {args.rows} rows: {time.perf_counter() - wall:5.2f} s wall, "
              f"{time.process_time() - cpu:5.2f} s CPU")
        wall, cpu = time.perf_counter(), time.process_time()
        preview = services.register_import.preview(director, path, opened.sheet, opened.fields, progress)
        print(f"preview {args.rows} rows: {time.perf_counter() - wall:5.2f} s wall, "
              f"{time.process_time() - cpu:5.2f} s CPU ({preview.added} added, {preview.updated} updated, "
              f"{preview.unchanged} unchanged, {preview.refused} refused; progress reported {len(reports)} times)")
        reports.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        record = services.register_import.commit(director, preview, progress)
        print(f"commit  {args.rows} rows: {time.perf_counter() - wall:5.2f} s wall, "
              f"{time.process_time() - cpu:5.2f} s CPU ({record.added} added, {record.updated} updated; "
              f"progress reported {len(reports)} times)")
        services.close()


if __name__ == "__main__":
    main()
