"""main.py import-residents as IT staff run it: the preview's counts and refused rows, nothing written without
--commit, a --mapping file for headers the import does not know (remembered for the next run), exit code 2 while
rows are refused."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from app.models import RegisterImport, Resident
from app.services.core.container import open_services
from tests.unit.test_cli import acting, run

FILE = ("幸福里社区居民花名册\n"                              # a title line above the headers
        "居民,身份证号,手机,住址,所属网格\n"
        "钱多多,210302195503150029,13700001111,4-1-202,第二网格\n"
        "孙小美,,1370000222,4-1-202,第二网格\n"               # ten digits
        ",,13700003333,4-1-203,\n"                            # no name
        "周大福,,13700004444,7-1-101,第三网格\n")


def counts(data_dir: Path) -> tuple[int, int]:
    services = open_services(data_dir)
    try:
        with services.db.reading() as session:
            return (int(session.scalar(select(func.count()).select_from(Resident)) or 0),
                    int(session.scalar(select(func.count()).select_from(RegisterImport)) or 0))
    finally:
        services.close()


def test_the_preview_then_the_commit(demo_dir: Path, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_bytes(FILE.encode("gb18030"))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"居民": "name", "身份证号": "id_number", "手机": "phone", "住址": "address",
                                   "所属网格": "grid"}, ensure_ascii=False), encoding="utf-8")
    before = counts(demo_dir)
    common = ["import-residents", str(register), "--data-dir", str(demo_dir), "--mapping", str(mapping)]

    preview = run(*common, *acting("director"), lang="en")
    assert preview.returncode == 2, preview.stderr
    lines = preview.stdout.splitlines()
    assert lines[0] == "register.csv (sheet register): 2 to add, 0 to update, 0 unchanged, 2 refused."
    assert lines[1].startswith("Row 4 (孙小美): 手机：A mobile number has 11 digits")
    assert lines[2].startswith("Row 5 (-): 居民：")
    assert "--commit" in lines[3]
    assert counts(demo_dir) == before  # nothing written

    remembered = run("import-residents", str(register), "--data-dir", str(demo_dir), *acting("director"), lang="en")
    assert remembered.stdout.splitlines()[0] == lines[0]  # the columns of these headers are remembered

    clerk = run(*common, *acting("clerk1"), "--commit", lang="en")
    assert clerk.returncode == 2 and "may not" in clerk.stderr and counts(demo_dir) == before

    done = run(*common, *acting("director"), "--commit", lang="en")
    assert done.returncode == 2, done.stderr  # rows were refused (and not imported); the good ones are in
    assert "Imported: 2 added, 0 updated; the 2 refused rows were not imported." in done.stdout
    assert counts(demo_dir) == (before[0] + 2, before[1] + 1)

    good = tmp_path / "good.csv"
    good.write_text("姓名,联系电话,住址\n吴小英,13700005555,4-1-204\n", encoding="utf-8")
    clean = run("import-residents", str(good), "--data-dir", str(demo_dir), *acting("director"), "--commit",
                lang="en")
    assert clean.returncode == 0, clean.stderr
    assert counts(demo_dir) == (before[0] + 3, before[1] + 2)
