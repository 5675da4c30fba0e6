"""The anchor sheet (审计校验单): the audit chain's head now and the heads published before, to be kept away from the
desk's PC (a filing cabinet, the sub-district office). With its JSON twin, ``main.py verify --anchor FILE`` proves the
database still holds every one of them (app/services/core/anchors.py). No personal data is on it."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.services.core.anchors import PLACE_WORDS, AnchorSheet, sheet_json
from app.services.core.clock import local
from app.services.documents import pdf

TITLE = "审计校验单"


def render_sheet(sheet: AnchorSheet, out: Path) -> int:
    """The sheet as an A4 PDF; returns its page count."""
    pagesize = pdf.page_size("A4")
    width = pdf.content_width(pagesize)
    st = pdf.styles(large_print=True)
    small = pdf.styles()
    made = local(sheet.made_at)
    story: list[Flowable] = [
        pdf.para(TITLE, st.title),
        pdf.fields_table([
            ("当前校验码", sheet.head.fingerprint),
            ("记录序号", f"服务台 {sheet.head.desk} 第 {sheet.head.seq} 条审计记录"),
            ("生成时间", f"{made:%Y-%m-%d %H:%M}（{sheet.made_by}）"),
            ("完整哈希", sheet.head.hash),
        ], style=st, width=width),
        Spacer(1, 3 * mm),
        pdf.para("校验码由服务台编号、审计记录序号和该记录哈希值的前12位组成（序号和哈希值用字母写出），"
                 "可以念出来、抄下来。"
                 "请把本单放在服务台电脑以外的地方保存（档案柜、街道办）。如怀疑数据库被人改动，由技术人员运行 "
                 "main.py verify --anchor 本单的 JSON 文件（或任一份备份、或抄下的校验码），"
                 "程序会指出哪一处不再对得上。",
                 small.body),
        Spacer(1, 3 * mm),
    ]
    if sheet.published:
        rows: list[list[pdf.Cell]] = [[f"{local(p.at):%Y-%m-%d %H:%M}", PLACE_WORDS.get(p.place, p.place),
                                       p.reference, p.fingerprint] for p in sheet.published]
        time_w, place_w, code_w = 36 * mm, 26 * mm, 52 * mm
        story += [pdf.para("已发布的校验码（最新在前）", small.heading),
                  pdf.data_table(["时间", "发布处", "说明", "校验码"], rows, style=small,
                                 col_widths=[time_w, place_w, width - time_w - place_w - code_w, code_w])]
    return pdf.build_document(out, story, title=TITLE, header=sheet.community, pagesize=pagesize,
                              subject=sheet.head.fingerprint)


def write_sheet(sheet: AnchorSheet, out: Path) -> tuple[Path, Path]:
    """The PDF at ``out`` and the same as JSON beside it (``out`` with ``.json``); each written whole or not at all."""
    out = out if out.suffix.lower() == ".pdf" else out.with_name(out.name + ".pdf")
    twin = out.with_suffix(".json")
    partial = out.with_name(out.name + ".partial")
    try:
        render_sheet(sheet, partial)
        os.replace(partial, out)
        partial = twin.with_name(twin.name + ".partial")
        partial.write_text(sheet_json(sheet), encoding="utf-8")
        os.replace(partial, twin)
    finally:
        partial.unlink(missing_ok=True)
    return out, twin
