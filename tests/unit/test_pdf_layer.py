"""The shared PDF layer, checked on real PDFs read back with pypdf."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from app.services.documents import pdf, pdf_official

SUBSET_FONT = re.compile(r"^/[A-Z]{6}\+WenQuanYiMicroHei")


def build(story: list[Flowable], **kw: Any) -> tuple[PdfReader, int]:
    out = BytesIO()
    options: dict[str, Any] = {"title": "测试文档", "header": "幸福里社区服务台"}
    options.update(kw)
    pages = pdf.build_document(out, story, **options)
    return PdfReader(BytesIO(out.getvalue())), pages


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def squeeze(text: str) -> str:
    """Text without white space: the CJK line breaker may wrap anywhere."""
    return "".join(text.split())


def fonts(reader: PdfReader) -> list[Any]:
    """Every font dictionary used on any page (including inside form XObjects)."""
    found: list[Any] = []

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for ref in (resources.get("/Font") or {}).values():
            found.append(ref.get_object())
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def assert_only_embedded_cjk_font(reader: PdfReader) -> None:
    used = fonts(reader)
    assert used, "no fonts at all"
    for font in used:
        assert font["/Subtype"] == "/TrueType", font
        assert SUBSET_FONT.match(font["/BaseFont"]), font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000
        assert "/ToUnicode" in font  # so text can be searched and copied


ROWS = 200


@pytest.fixture(scope="module")
def long_table_pdf() -> tuple[PdfReader, int]:
    st = pdf.styles()
    rows = [[f"R{i:04d}", f"张{i}", "水电维修" * (1 + i % 3)] for i in range(ROWS)]
    table = pdf.data_table(["编号", "居民", "办理事项"], rows, style=st, col_widths=[60, 80, 300])
    story: list[Flowable] = [pdf.para("公示名单", st.title), table]
    return build(story, title="办理公示", header="幸福里社区居民委员会", footer="公示期七天")


def test_page_x_of_y_on_every_page(long_table_pdf: tuple[PdfReader, int]) -> None:
    reader, pages = long_table_pdf
    assert pages == len(reader.pages)
    assert pages >= 4  # 200 rows do not fit on a few A4 pages
    for number, text in enumerate(page_texts(reader), start=1):
        assert f"第 {number} 页 / 共 {pages} 页" in text
        assert f"第 {number + 1} 页" not in text


def test_header_row_repeats_on_every_page(long_table_pdf: tuple[PdfReader, int]) -> None:
    reader, _ = long_table_pdf
    for text in page_texts(reader):
        assert "编号" in text and "居民" in text and "办理事项" in text
        assert "幸福里社区居民委员会" in text  # the header line
        assert "办理公示" in text  # the title in the header
        assert "公示期七天" in text  # the footer


def test_every_row_is_printed_once_in_order(long_table_pdf: tuple[PdfReader, int]) -> None:
    reader, _ = long_table_pdf
    found = re.findall(r"R\d{4}", "".join(page_texts(reader)))
    assert found == [f"R{i:04d}" for i in range(ROWS)]


def test_long_document_embeds_the_cjk_font(long_table_pdf: tuple[PdfReader, int]) -> None:
    reader, _ = long_table_pdf
    assert_only_embedded_cjk_font(reader)


def test_metadata() -> None:
    st = pdf.styles()
    reader, _ = build([pdf.para("正文", st.body)], title="积分兑换凭证", subject="兑换单 DH-001", author="幸福里社区")
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "积分兑换凭证"
    assert meta.subject == "兑换单 DH-001"
    assert meta.author == "幸福里社区"


def test_single_page_says_one_of_one_and_has_no_helvetica() -> None:
    st = pdf.styles()
    story: list[Flowable] = [
        pdf.para("标题", st.title),
        pdf.fields_table([("姓名", "张*"), ("电话", "138****5678")], style=st, width=300),
        pdf.data_table(["甲", "乙"], [["一", "二"]], style=st),
        pdf.qr_code("SQ-1", 30 * mm),
    ]
    reader, pages = build(story)
    assert pages == 1
    text = reader.pages[0].extract_text()
    assert "第 1 页 / 共 1 页" in text
    assert "138****5678" in text and "张*" in text
    assert_only_embedded_cjk_font(reader)
    assert all("Helvetica" not in str(font["/BaseFont"]) for font in fonts(reader))


def test_page_breaks_are_counted() -> None:
    st = pdf.styles()
    reader, pages = build(
        [pdf.para("一", st.body), PageBreak(), pdf.para("二", st.body), PageBreak(), pdf.para("三", st.body)]
    )
    assert pages == 3
    texts = page_texts(reader)
    assert "第 2 页 / 共 3 页" in texts[1]
    assert "三" in texts[2]


def test_writes_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "doc.pdf"
    pages = pdf.build_document(target, [pdf.para("路径输出", pdf.styles().body)], title="t", header="h", footer="f")
    assert pages == 1
    assert target.read_bytes().startswith(b"%PDF-")
    assert "路径输出" in PdfReader(target).pages[0].extract_text()


@pytest.mark.parametrize(
    ("paper", "landscape", "expected_mm"),
    [("A4", False, (210, 297)), ("A4", True, (297, 210)), ("A5", False, (148, 210)), ("A5", True, (210, 148))],
)
def test_page_sizes(paper: Any, landscape: bool, expected_mm: tuple[int, int]) -> None:
    size = pdf.page_size(paper, landscape=landscape)
    assert (round(size[0] / mm), round(size[1] / mm)) == expected_mm
    reader, _ = build([pdf.para("纸张", pdf.styles().body)], pagesize=size)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / mm), round(float(box.height) / mm)) == expected_mm


def test_large_print_styles() -> None:
    normal, large = pdf.styles(), pdf.styles(large_print=True)
    assert normal.body.fontSize == 11
    assert large.body.fontSize == 16
    assert large.title.fontSize > large.body.fontSize > normal.body.fontSize
    assert pdf.styles(size=14).body.fontSize == 14
    for style in (normal.body, large.body, large.table_cell, large.label):
        assert style.fontName == pdf.FONT_NAME
        assert style.wordWrap == "CJK"


def test_register_font_is_idempotent() -> None:
    assert pdf.register_font() == pdf.register_font() == pdf.FONT_NAME
    assert pdf.FONT_PATH.is_file()


def test_plain_text_is_not_parsed_as_markup() -> None:
    st = pdf.styles()
    reader, _ = build([pdf.para("水管<漏水> & 电表\n第二行", st.body)])
    text = reader.pages[0].extract_text()
    assert "水管<漏水> & 电表" in text
    assert "第二行" in text


def test_long_cjk_text_wraps_inside_the_page() -> None:
    st = pdf.styles(large_print=True)
    reader, pages = build([pdf.para("社区" * 300, st.body)], pagesize=pdf.page_size("A5"))
    text = squeeze("".join(page_texts(reader)))
    assert text.count("社区") >= 300
    assert pages >= 2


def test_qr_code_is_a_square_drawing_of_the_value() -> None:
    drawing = pdf.qr_code("SQ-20261122-0037", 25 * mm)
    assert (drawing.width, drawing.height) == (25 * mm, 25 * mm)
    (widget,) = drawing.contents
    assert isinstance(widget, QrCodeWidget)
    assert widget.value == "SQ-20261122-0037"
    assert (widget.barWidth, widget.barHeight) == (25 * mm, 25 * mm)


def test_footer_that_is_too_long_is_cut_before_the_page_label() -> None:
    reader, _ = build([pdf.para("正文", pdf.styles().body)], footer="很长的页脚" * 40, pagesize=pdf.page_size("A5"))
    text = reader.pages[0].extract_text()
    assert "…" in text
    assert "第 1 页 / 共 1 页" in text


def test_the_official_layout_gb_t_9704() -> None:
    """A4, the text block 28 mm from the left and 37 mm from the top (156 x 225 mm), no header or footer, the page
    number "— n —" under it, right on odd pages and left on even ones; a heavy title is text drawn filled and
    outlined (render mode 2), still read back as text."""
    st = pdf_official.official_styles()
    story: list[Flowable] = [pdf.HeavyText("关于诉求办理情况的简报", 22), pdf.para("正文" * 400, st.body),
                             PageBreak(), pdf.para("第二页", st.body), PageBreak(), pdf.para("第三页", st.body)]
    out = BytesIO()
    pages = pdf_official.build_official(out, story, title="工作简报")
    reader = PdfReader(BytesIO(out.getvalue()))
    assert pages == len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / mm), round(float(box.height) / mm)) == (210, 297)
    texts = page_texts(reader)
    assert "关于诉求办理情况的简报" in squeeze(texts[0])
    assert all(f"— {n} —" in text and "第 1 页" not in text for n, text in enumerate(texts, start=1))
    content = reader.pages[0].get_contents()
    assert content is not None and b"2 Tr" in content.get_data()  # the title: fill and stroke
    assert b"2 Tr" not in reader.pages[1].get_contents().get_data()  # the body: plain
    positions: dict[int, list[tuple[float, float, str]]] = {}
    for number, page in enumerate(reader.pages, start=1):
        page.extract_text(visitor_text=lambda text, cm, tm, _font, _size, n=number: positions.setdefault(
            n, []).append((*_on_page(cm, tm), text)) if text.strip() else None)
    body = [(x, y) for x, y, text in positions[1] if "正文" in text]
    assert min(x for x, _y in body) == pytest.approx(28 * mm, abs=1)  # the left margin
    assert max(x for x, _y in body) < (210 - 26) * mm
    assert max(y for _x, y in body) < (297 - 37) * mm and min(y for _x, y in body) > 35 * mm
    label = {n: next((x, y) for x, y, text in found if "—" in text) for n, found in positions.items()}
    assert label[1][1] < 35 * mm - 7 * mm  # under the text block
    assert label[1][0] > 105 * mm > label[2][0]  # odd pages on the right, even ones on the left
    assert st.body.fontSize == 16 and st.body.firstLineIndent == 32


def _on_page(cm: list[float], tm: list[float]) -> tuple[float, float]:
    """Where a text matrix puts its origin on the page (through the current transformation)."""
    x, y = tm[4], tm[5]
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]
