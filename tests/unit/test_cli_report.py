"""``main.py report`` (issue 20), run as a real process on the demo community: the street's 工作简报 of a week or a
month as a PDF or a .docx by the file's suffix, what it holds said in Chinese; every refusal one line, exit code 2,
nothing written. (The demo's requests are of the weeks up to Friday 2026-11-20; the process runs on today's clock.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document as read_docx

from tests.unit.test_cli import acting, run
from tests.unit.test_cli_access import recorded


def test_the_week_as_a_pdf_and_the_month_as_a_docx(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "简报.pdf"
    week = run("report", "--week", "--to", "2026-11-18", "--out", str(out), *acting("director"),
               "--data-dir", str(demo_dir), lang="en")
    assert week.returncode == 0, week.stderr
    assert week.stdout.splitlines()[0] == f"已生成工作简报（2026年第47周，2026年11月16日至22日）：{out}"
    text = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "2026年第47周诉求办理情况" in text and "—1—" in text and "一、总体情况" in text
    received = week.stdout.splitlines()[1]
    assert received.startswith("统计期内受理诉求 ") and f"共受理居民诉求{received.split()[1]}件" in text
    assert recorded(demo_dir)[-1][:2] == ("director", "report")
    assert recorded(demo_dir)[-1][3] == {"period": "week", "to": "2026-11-18", "out": str(out)}

    docx = tmp_path / "简报.docx"
    month = run("report", "--month", "--to", "2026-11-01", "--out", str(docx), *acting("director"),
                "--data-dir", str(demo_dir), lang="en")
    assert month.returncode == 0, month.stderr
    assert "2026年11月" in month.stdout and "页" not in month.stdout  # Word counts a .docx's pages
    paragraphs = "".join(p.text for p in read_docx(str(docx)).paragraphs)
    assert "2026年11月诉求办理情况" in "".join(paragraphs.split()) and "（2026年11月1日至30日）" in paragraphs


def test_each_refusal_is_one_line_and_writes_nothing(demo_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def report(*args: str, user: str = "director") -> subprocess.CompletedProcess[str]:
        return run("report", *args, *acting(user), "--data-dir", str(demo_dir), lang="en")

    wrong = report("--week", "--to", "2026-11-20", "--out", str(folder / "简报.xlsx"))
    assert wrong.returncode == 2 and "简报.xlsx: the report is written as a PDF (.pdf) or a Word document" in \
        wrong.stderr
    future = report("--month", "--to", "2099-12-31", "--out", str(folder / "r.pdf"))
    assert future.returncode == 2 and "2099-12-31 has not come yet" in future.stderr
    empty = report("--week", "--to", "2020-01-08", "--out", str(folder / "r.pdf"))
    assert empty.returncode == 2 and empty.stderr.strip() == (
        "No requests were received in 2020年第2周 (2020年1月6日至12日): there is nothing to report.")
    not_a_day = report("--week", "--to", "2026-02-30", "--out", str(folder / "r.pdf"))
    assert not_a_day.returncode == 2 and "2026-02-30 is not a day" in not_a_day.stderr
    neither = report("--out", str(folder / "r.pdf"))
    assert neither.returncode == 2 and "one of the arguments --week --month is required" in neither.stderr
    both = report("--week", "--month", "--out", str(folder / "r.pdf"))
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    clerk = report("--week", "--to", "2026-11-20", "--out", str(folder / "r.pdf"), user="clerk1")
    assert clerk.returncode == 2 and "may not" in clerk.stderr
    for refused in (wrong, future, empty, not_a_day, neither, both, clerk):
        assert "Traceback" not in refused.stderr and not refused.stdout
        assert len(refused.stderr.strip().splitlines()) <= 5  # one line (argparse adds its usage above it)
    assert list(folder.iterdir()) == []
