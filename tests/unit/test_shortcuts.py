"""The one table of keys (app/domain/shortcuts.py) against what is made from it and what describes it: the README's
key tables, the printed shortcut card (read back with pdftotext and pypdf), the user guide's pages, and the Chinese
translation of each key's wording."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import RESOURCES
from app.domain.shortcuts import (
    AREA_NAMES,
    BY_ID,
    CONTEXT,
    DIGITS,
    SHORTCUTS,
    TYPED,
    WALK_IN,
    shown_key,
    shown_keys,
    walk_in_keys,
)
from app.services.documents.shortcut_card import KEY_SIZE, TEXT_SIZE, render_shortcut_card
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BOLD = re.compile(r"\*\*(.+?)\*\*")
KEY_TOKEN = re.compile(r"^(?:[A-Za-z0-9+]+|[↑↓←→]|1–9)$")


def table_after(heading: str) -> list[list[str]]:
    """The cells of the first Markdown table after ``heading`` in the README (header and rule left out)."""
    start = README.index(heading)
    rows: list[list[str]] = []
    for line in README[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[2:]]


def keys_named(text: str) -> set[str]:
    """The keys a README cell names in bold (a digit or a run of digits counts as the numbered-item keys)."""
    found = set()
    for token in BOLD.findall(text):
        if re.fullmatch(r"[0-9]", token):
            token = "1–9"
        if KEY_TOKEN.match(token):
            found.add(token)
    return found


def test_the_table_is_well_formed() -> None:
    assert len(BY_ID) == len(SHORTCUTS), "two shortcuts share an id"
    for s in SHORTCUTS:
        assert s.keys and s.what and s.chinese, s.id
        assert re.search("[\u4e00-\u9fff]", s.chinese), s.id
        assert s.area in AREA_NAMES
        if s.bound:
            assert DIGITS not in s.keys, s.id
    # One key does one thing in one place.
    places = Counter((s.area, key) for s in SHORTCUTS for key in {shown_key(k) for k in s.keys})
    assert [p for p, n in places.items() if n > 1] == []


def test_the_readme_walk_in_table_names_exactly_the_walk_in_keys_of_the_table() -> None:
    table = table_after("## Logging a walk-in without the mouse")
    in_readme = set().union(*(keys_named(" ".join(row)) for row in table))
    in_table = {shown_key(k) for s in SHORTCUTS if s.walk_in for k in s.keys}
    assert in_readme == in_table


def test_the_readme_walk_in_sentence_is_the_table_s_walk_in() -> None:
    found = re.search(r"A walk-in of a resident on file takes (\d+) keys besides what you type "
                      r"\(the search and the description\): ([^;]+);", README.replace("\n", " "))
    assert found is not None
    keys = [k.strip() for k in found.group(2).split(",")]
    assert keys == walk_in_keys()
    assert int(found.group(1)) == len(keys) == 15
    assert sum(step in TYPED for step in WALK_IN) == 2


def test_the_readme_key_table_is_the_table_row_for_row() -> None:
    rows = table_after("## Help (帮助) and every key")
    expected = [[" / ".join(f"**{k}**" for k in shown_keys(s).split(" / ")), AREA_NAMES[s.area][0], s.what]
                for s in SHORTCUTS]
    assert rows == expected


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("card") / "快捷键卡片.pdf"
    assert render_shortcut_card(path, community_name="幸福里社区") == 1
    return path


def test_the_card_prints_every_key_and_what_it_does_on_one_page(card: Path) -> None:
    # -raw: in the order it was drawn, so a cell's wrapped lines stay together and the columns do not interleave
    text = subprocess.run(["pdftotext", "-raw", str(card), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert len(PdfReader(card).pages) == 1 and text.count("\f") == 1
    for s in SHORTCUTS:
        assert re.sub(r"\s+", "", shown_keys(s, chinese=True)) in flat, s.id
        assert re.sub(r"\s+", "", s.chinese) in flat, s.id
    walk_in = "".join(f"〔{TYPED[step][1]}〕" if step in TYPED else shown_key(step, chinese=True) for step in WALK_IN)
    assert re.sub(r"\s+", "", walk_in) in flat
    assert "幸福里社区" in text and "快捷键卡片" in text


def test_the_card_is_large_print_not_shrunk_to_fit(card: Path) -> None:
    """Read from arm's length: every word of the card's body at 16 pt or more (the keys at 18), as printed (a
    shrink to fit one page would show here); only the page's header and footer are smaller."""
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append((round(size * (tm[3] or 1) * (cm[3] or 1), 1), text.strip()))

    PdfReader(card).pages[0].extract_text(visitor_text=visit)
    furniture = {"幸福里社区", "快捷键卡片", "社区服务台 · 帮助 > 打印快捷键卡片", "第", "1 页 /", "共", "1 页"}
    body = [(size, t) for size, t in sizes if t not in furniture]
    assert len(body) < len(sizes)  # the header and footer were seen, and left out
    assert min(size for size, _ in body) >= TEXT_SIZE
    keys = [size for size, t in body if t in {shown_keys(s, chinese=True) for s in SHORTCUTS}]
    assert keys and min(keys) >= KEY_SIZE


def test_the_card_renders_to_a_page_one_can_look_at(card: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(card), str(tmp_path / "card")], check=True)
    assert [p.name for p in tmp_path.glob("card*.png")] == ["card-1.png"]


def test_every_guide_page_is_a_chinese_page_with_a_title_and_links_that_lead_somewhere() -> None:
    from app.views.help_window import GUIDE, KEYS_PAGE, page_path

    files = {p.stem for p in (RESOURCES / "help").glob("*.html")}
    assert files == set(GUIDE) - {KEYS_PAGE}, "a page in resources/help/ that the contents do not list, or not there"
    for id in files:
        markup = page_path(id).read_text(encoding="utf-8")
        assert re.search(r"<h1>[^<]*[\u4e00-\u9fff][^<]*</h1>", markup), id
        for link in re.findall(r'href="([^"]+)"', markup):
            assert Path(link).stem in GUIDE and link.endswith(".html"), (id, link)


def test_the_guide_is_shipped_in_the_bundle() -> None:
    spec = (ROOT / "installer" / "community-desk.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources" / "help"), "resources/help")' in spec


def test_each_key_s_wording_translates_to_the_chinese_on_the_card() -> None:
    """One Chinese wording per key: the UI (translated) says what the card prints. Fails until the strings of
    this table are in resources/i18n/zh_CN.ts (make i18n)."""
    root = ET.parse(RESOURCES / "i18n" / "zh_CN.ts").getroot()
    table = {(ctx.findtext("name"), m.findtext("source")): m.findtext("translation") or ""
             for ctx in root.findall("context") for m in ctx.findall("message")}
    for s in SHORTCUTS:
        assert table.get((CONTEXT, s.what)) == s.chinese, s.what
    for source, chinese in [*AREA_NAMES.values(), *TYPED.values()]:
        assert table.get((CONTEXT, source)) == chinese, source
