"""resident-export and resident-erase on the command line, run as a real process on the demo community."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.models import CaseReporter, Resident
from app.services.core.container import open_services
from app.services.people.residents import ERASED_NAME
from tests.unit.test_cli import acting, run


def quiet_resident(demo_dir: Path) -> tuple[str, str]:
    """A demo resident who reported nothing (every demo request is still open, so they could not be erased)."""
    services = open_services(demo_dir)
    try:
        with services.db.reading() as session:
            reporters = select(CaseReporter.resident_id)
            row = session.execute(select(Resident.id, Resident.name).where(Resident.id.not_in(reporters))
                                  .order_by(Resident.name).limit(1)).one()
            return str(row[0]), row[1]
    finally:
        services.close()


def test_export_then_erase_one_resident(demo_dir: Path, tmp_path: Path) -> None:
    resident_id, name = quiet_resident(demo_dir)
    out = tmp_path / "person.json"
    exported = run("resident-export", resident_id, "--out", str(out), *acting("director"), "--data-dir", str(demo_dir),
                   lang="en")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["resident"]["name"] == name and "身份证号码" in data["personal_data"]

    erase = ["resident-erase", resident_id, "--reason", "本人书面申请", "--data-dir", str(demo_dir)]
    dry = run(*erase, *acting("admin"), lang="en")
    assert dry.returncode == 1 and "--yes" in dry.stderr
    refused = run(*erase, *acting("clerk1"), "--yes", lang="en")
    assert refused.returncode == 2 and "may not" in refused.stderr
    done = run(*erase, *acting("admin"), "--yes", lang="en")
    assert done.returncode == 0, done.stderr
    assert name in done.stdout
    again = run("resident-export", resident_id, "--out", str(out), *acting("admin"), "--data-dir", str(demo_dir))
    assert again.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["resident"]["name"] == ERASED_NAME
    assert run("verify", "--data-dir", str(demo_dir)).returncode == 0


def test_a_search_must_find_exactly_one(demo_dir: Path, tmp_path: Path) -> None:
    many = run("resident-export", "王", "--out", str(tmp_path / "x.json"), *acting("admin"), "--data-dir",
               str(demo_dir), lang="en")
    assert many.returncode == 1 and "several" in many.stderr and not (tmp_path / "x.json").exists()
    none = run("resident-export", "查无此人", "--out", str(tmp_path / "x.json"), *acting("admin"), "--data-dir",
               str(demo_dir), lang="en")
    assert none.returncode == 1 and "No resident" in none.stderr
