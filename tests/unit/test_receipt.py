"""The receipt (回执), rendered to a real PDF and read back."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.services.documents.receipt import SUMMARY_LIMIT, ReceiptData, format_local_time, render_receipt, shorten

SUBSET_FONT = re.compile(r"^/[A-Z]{6}\+WenQuanYiMicroHei")
LABELS = (
    "受理编号",
    "受理时间",
    "受理方式",
    "诉求类别",
    "诉求摘要",
    "反映人",
    "答复时限",
    "办结时限",
    "受理人",
)


def receipt(**changes: Any) -> ReceiptData:
    data = ReceiptData(
        community_name="幸福里社区居民委员会",
        desk_name="社区服务台",
        desk_phone="0412-5551234",
        case_no="SQ-20261122-0037",
        created_at=datetime(2026, 11, 22, 6, 5, tzinfo=UTC),  # 14:05 in Shanghai
        channel_label="来访",
        category_label="生活服务 / 水电维修",
        summary="3号楼2单元501室厨房水管漏水，楼下天花板渗水。",
        reply_due_at=datetime(2026, 11, 23, 6, 5, tzinfo=UTC),
        deadline_at=datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
        resident_display="张*",
        households_count=1,
        clerk_name="李晓梅",
    )
    return dataclasses.replace(data, **changes)


def render(data: ReceiptData) -> PdfReader:
    out = BytesIO()
    render_receipt(data, out)
    return PdfReader(BytesIO(out.getvalue()))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def sample() -> PdfReader:
    return render(receipt())


def test_one_a5_portrait_page(sample: PdfReader) -> None:
    assert len(sample.pages) == 1
    box = sample.pages[0].mediabox
    assert (round(float(box.width) / mm), round(float(box.height) / mm)) == (148, 210)


def test_prints_labels_and_values(sample: PdfReader) -> None:
    text = text_of(sample)
    assert "居民诉求受理回执" in text
    assert "幸福里社区居民委员会" in text
    for label in (*LABELS, "服务台电话"):
        assert label in text, label
    assert "SQ-20261122-0037" in text
    assert "来访" in text
    assert "生活服务 / 水电维修" in text
    assert "张*" in text
    assert "李晓梅" in text
    assert "0412-5551234" in text
    assert "3号楼2单元501室厨房水管漏水，楼下天花板渗水。" in squeeze(text)
    assert "第 1 页 / 共 1 页" in text


def test_times_are_printed_in_shanghai_local_time(sample: PdfReader) -> None:
    text = text_of(sample)
    assert "2026年11月22日 14:05" in text  # created_at 06:05 UTC
    assert "2026年11月23日 14:05" in text  # reply due
    assert "2026年11月29日 17:00" in text  # deadline 09:00 UTC
    assert "06:05" not in text


def test_tells_the_resident_to_keep_it_and_quote_the_case_number(sample: PdfReader) -> None:
    text = squeeze(text_of(sample))
    assert "请妥善保管本回执" in text
    assert "请报受理编号" in text
    assert "到服务台或致电0412-5551234" in text


def test_font_is_embedded(sample: PdfReader) -> None:
    fonts: list[Any] = []
    for page in sample.pages:
        resources: Any = page["/Resources"]
        fonts += [ref.get_object() for ref in resources["/Font"].values()]
    assert fonts
    for font in fonts:
        assert SUBSET_FONT.match(font["/BaseFont"]), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_metadata(sample: PdfReader) -> None:
    assert sample.metadata is not None
    assert sample.metadata.title == "居民诉求受理回执"
    assert sample.metadata.subject == "受理编号 SQ-20261122-0037"


def test_long_summary_is_cut_with_an_ellipsis() -> None:
    summary = "甲" * 60 + "乙" * 19 + "丙" + "丁" * 100
    text = squeeze(text_of(render(receipt(summary=summary))))
    assert "甲" * 60 + "乙" * 19 + "…" in text
    assert "丙" not in text and "丁" not in text


def test_short_summary_is_printed_whole() -> None:
    summary = "戊" * SUMMARY_LIMIT
    text = squeeze(text_of(render(receipt(summary=summary))))
    assert summary in text
    assert "…" not in text


def test_shorten() -> None:
    assert shorten("楼道灯坏了") == "楼道灯坏了"
    assert shorten("  楼道灯\n  坏了 ") == "楼道灯 坏了"
    assert shorten("字" * 80) == "字" * 80
    assert shorten("字" * 81) == "字" * 79 + "…"
    assert len(shorten("字" * 500)) == SUMMARY_LIMIT
    assert shorten("一二三四五", limit=3) == "一二…"


def test_merged_case_mentions_the_households() -> None:
    text = squeeze(text_of(render(receipt(households_count=3))))
    assert "张*等3户（已并单）" in text


def test_single_household_says_nothing_about_merging(sample: PdfReader) -> None:
    assert "并单" not in text_of(sample)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 11, 22, 6, 5, tzinfo=UTC), "2026年11月22日 14:05"),
        (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), "2026年12月1日 00:30"),  # past midnight in Shanghai
        (datetime(2026, 3, 5, 9, 7, tzinfo=timezone(timedelta(hours=-5))), "2026年3月5日 22:07"),
        (datetime(2026, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=8))), "2026年12月31日 23:59"),
    ],
)
def test_format_local_time(when: datetime, expected: str) -> None:
    assert format_local_time(when) == expected


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="created_at"):
        receipt(created_at=datetime(2026, 11, 22, 14, 5))
    with pytest.raises(ValueError, match="deadline_at"):
        receipt(deadline_at=datetime(2026, 11, 29, 17, 0))


def test_receipt_data_is_frozen() -> None:
    data = receipt()
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.case_no = "X"  # type: ignore[misc]


def test_extreme_content_still_fits_one_page() -> None:
    data = receipt(
        community_name="辽宁省大连市甘井子区红旗街道幸福里社区居民委员会",
        desk_name="幸福里社区党群服务中心综合服务台",
        channel_label="电话（12345市民热线转办）",
        category_label="城市管理 / 物业管理与公共设施维护保养",
        summary="楼" * 300,
        resident_display="欧阳**",
        households_count=12,
        clerk_name="司马晓梅",
    )
    reader = render(data)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "SQ-20261122-0037" in text
    assert "第 1 页 / 共 1 页" in text


def test_writes_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "receipt.pdf"
    render_receipt(receipt(), target)
    assert "SQ-20261122-0037" in PdfReader(target).pages[0].extract_text()


NO_LINE_START = "，。、；：？！）》」"


@pytest.mark.parametrize("shift", range(0, 24, 3))
def test_no_printed_line_starts_with_chinese_punctuation(shift: int) -> None:
    """A receipt line began with "，": wherever the summary's commas and full stops fall, the line breaker keeps
    them at the end of a line (标点禁则). The summary is slid a few characters at a time so that each punctuation
    mark meets the line's end somewhere, and the real PDF's lines are read back."""
    words = "楼道灯坏了一个多星期，晚上老人上下楼看不见路；物业说要等配件。请尽快派人维修、更换灯泡！"
    summary = "甲" * shift + words * 2
    reader = render(receipt(summary=shorten(summary)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]
    assert any("楼道灯" in line for line in lines)
    assert [line for line in lines if line[0] in NO_LINE_START] == []


def test_the_receipt_names_the_reply_and_resolution_time_limits(tmp_path: Path) -> None:
    """Issue 16: the request page spoke of 时限 (the 1-hour response limit) while the receipt promised a reply the
    next day under another name. The receipt says 答复时限 and 办结时限, the names every screen uses; read back with
    pdftotext, each followed by its time."""
    out = tmp_path / "receipt.pdf"
    with out.open("wb") as f:
        render_receipt(receipt(), f)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any(line.startswith("答复时限") and "2026年11月23日 14:05" in line for line in lines), text
    assert any(line.startswith("办结时限") and "2026年11月29日 17:00" in line for line in lines), text
    assert "承诺答复时间" not in text and "期望解决时限" not in text and "响应时限" not in text
