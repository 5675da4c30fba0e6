"""The printed public notices: the notice board of residents' requests (居民诉求办理情况公示) and the council notice
(居民议事会议定事项公示), A4 portrait or landscape, large print, header on every page, page x of y, the desk's QR
code. What they show is already masked by the notices service (app.services.notices.board)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.services.cases import rates
from app.services.cases.counting import percent
from app.services.core import labels
from app.services.core.clock import local
from app.services.core.setup import CommunityInfo
from app.services.documents import pdf
from app.services.documents.receipt import shorten
from app.services.notices.data import (
    BOARD_TITLE,
    COUNCIL_TITLE,
    Board,
    BoardRow,
    CouncilNotice,
    ItemInfo,
    LevelNotice,
    MeetingInfo,
    NoticeOptions,
    Progress,
)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def period_text(start: date, end: date) -> str:
    if start == end:
        return _day(start)
    if start.year == end.year:
        return f"{_day(start)}至{end.month}月{end.day}日"
    return f"{_day(start)}至{_day(end)}"


def _short_day(d: date | None, years: bool) -> str:
    if d is None:
        return ""
    return f"{d:%Y-%m-%d}" if years else f"{d:%m-%d}"


def _ask_line(info: CommunityInfo) -> str:
    return f"凭受理编号到{info.desk_name}或致电 {info.desk_phone} 查询本人诉求办理进度"


# A layout table without lines or padding, in the document font (else reportlab puts a Helvetica in the PDF).
_BARE: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), pdf.FONT_NAME, pdf.BASE_FONT_SIZE),
                                *((side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                                                           "BOTTOMPADDING"))]


def _qr_block(info: CommunityInfo, st: pdf.Styles, size: float) -> Table:
    """The desk's QR code (``tel:`` + its phone number) with its caption under it."""
    digits = "".join(ch for ch in info.desk_phone if ch.isdigit() or ch == "+")
    caption = pdf.para("扫码致电服务台", st.small)
    return Table([[pdf.qr_code(f"tel:{digits}", size)], [caption]], colWidths=[size + 2 * mm],
                 style=TableStyle([*_BARE, ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))


def _heading(title: str, lines: Sequence[str], info: CommunityInfo, st: pdf.Styles, width: float) -> Table:
    """The title and the lines under it on the left, the QR code on the right."""
    qr = 24 * mm * min(st.scale, 1.25)
    left: list[Flowable] = [pdf.para(title, st.title)] + [pdf.para(line, st.subtitle) for line in lines]
    return Table([[left, _qr_block(info, st, qr)]], colWidths=[width - qr - 4 * mm, qr + 4 * mm],
                 style=TableStyle([*_BARE, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))


def _figures_table(figures: rates.Figures, st: pdf.Styles, width: float) -> Table:
    header = ["受理", "已响应", "已办结", "响应率", "解决率", "满意率"]
    values = [f"{figures.received} 件", f"{figures.responded} 件", f"{figures.resolved} 件",
              percent(figures.response_rate), percent(figures.resolution_rate), percent(figures.satisfaction_rate)]
    return pdf.data_table(header, [values], style=st, col_widths=[width / 6] * 6, striped=False)


def _by_category_table(groups: Sequence[rates.Group], st: pdf.Styles, width: float) -> Table:
    header = ["类别", "受理", "已办结", "办理中", "解决率", "满意率"]
    rows = [[g.name, f"{g.figures.received} 件", f"{g.figures.resolved} 件",
             f"{g.figures.received - g.figures.resolved} 件", percent(g.figures.resolution_rate),
             percent(g.figures.satisfaction_rate)] for g in groups]
    return pdf.data_table(header, rows, style=st, col_widths=[width * 0.3] + [width * 0.14] * 5)


@dataclass(frozen=True)
class _Column:
    header: str
    em: float | None  # width in body-font ems (padding apart); None: the columns of free text share the rest
    value: Callable[[BoardRow, bool], str]  # (row, whether dates need their year)


def _status_and_day(r: BoardRow, years: bool) -> str:
    return r.status + (f"\n{_short_day(r.resolved_on, years)}" if r.resolved_on else "")


_NO = _Column("受理编号", 7.6, lambda r, y: r.case_no)
_NO_DAY = _Column("受理编号\n受理日期", 7.6, lambda r, y: f"{r.case_no}\n{_short_day(r.logged_on, y)}")
_CATEGORY = _Column("类别", 4, lambda r, y: r.category)
_RESIDENT = _Column("反映人", 4.6, lambda r, y: r.resident)
_SUMMARY = _Column("诉求摘要", None, lambda r, y: r.summary)
_PROGRESS = _Column("最新进展", None, lambda r, y: r.progress or "—")
_DEPARTMENT = _Column("责任部门", 5.5, lambda r, y: r.department)
_STACKED = (_Column("反映人", 3.6, _RESIDENT.value),
            _Column("类别及诉求摘要", None, lambda r, y: f"【{r.category}】{r.summary}"),
            _Column("办理状态及责任部门", 6, lambda r, y: f"{_status_and_day(r, y)}\n{r.department}"), _PROGRESS)
# Every layout shows every field; narrower pages (portrait, large print) stack fields in one cell rather than leave
# the free text a few characters per line (a table of seven columns was tried: its rows came out taller).
# The first layout leaving MIN_TEXT_EM per text column is used.
_LAYOUTS: tuple[tuple[_Column, ...], ...] = (
    (_NO, _Column("受理\n日期", 3.2, lambda r, y: _short_day(r.logged_on, y)), _CATEGORY, _RESIDENT, _SUMMARY,
     _Column("办理\n状态", 3.6, lambda r, y: r.status), _PROGRESS, _DEPARTMENT,
     _Column("办结\n日期", 3.2, lambda r, y: _short_day(r.resolved_on, y) or "—")),
    (_NO_DAY, *_STACKED),
    (_Column("受理编号\n受理日期", 5.2, _NO_DAY.value), *_STACKED),  # the case number on three lines
)
MIN_TEXT_EM = 10.0


def _layout(width: float, st: pdf.Styles) -> tuple[tuple[_Column, ...], list[float]]:
    """The board's columns for this page width and print size, and their widths in points."""
    pad = 9 * st.scale  # data_table's left and right cell padding
    size = st.font_size
    for columns in _LAYOUTS:
        fixed = sum((c.em or 0) * size for c in columns) + pad * len(columns)
        flexible = sum(1 for c in columns if c.em is None)
        share = (width - fixed) / flexible
        if share - pad >= MIN_TEXT_EM * size or columns is _LAYOUTS[-1]:
            return columns, [c.em * size + pad if c.em is not None else share for c in columns]
    raise AssertionError("unreachable")


def render_board(board: Board, options: NoticeOptions, progress: Progress | None = None) -> tuple[bytes, int]:
    """The board as PDF bytes, and its page count."""
    st = pdf.styles(options.large_print)
    pagesize = pdf.page_size("A4", landscape=options.landscape)
    width = pdf.content_width(pagesize)
    info = board.community
    years = board.start.year != board.end.year
    community = f"{info.name}（{info.street}）" if info.street else info.name
    story: list[Flowable] = [
        _heading(BOARD_TITLE, [community, f"公示期间：{period_text(board.start, board.end)}",
                               f"公示日期：{_day(board.posted_on)}"], info, st, width),
        Spacer(1, 2 * mm),
        _figures_table(board.figures, st, width),
        Spacer(1, 3 * mm),
    ]
    if board.abridged:  # a long period: every class's figures, then its most recent requests
        story += [_by_category_table(board.by_category, st, width), Spacer(1, 3 * mm),
                  pdf.para(f"本期间共受理诉求 {board.figures.received} 件，下表列出最近受理的 {len(board.rows)} 件；"
                           "全部诉求的办理情况见上表。", st.body), Spacer(1, 2 * mm)]
    if board.rows:
        columns, widths = _layout(width, st)
        rows = [[c.value(r, years) for c in columns] for r in board.rows]
        story.append(pdf.data_table([c.header for c in columns], rows, style=st, prewrap=True, col_widths=widths))
    else:
        story.append(pdf.para("本期间没有受理的诉求。", st.body))
    story += [Spacer(1, 3 * mm), pdf.para("说明：居民姓名、电话、证件号码、门牌号等个人信息已隐去，申请匿名的显示为"
                                          f"“匿名”。{_ask_line(info)}。", st.small)]
    estimate = _page_estimate(len(board.rows), options)
    return _build(story, pagesize, options, BOARD_TITLE, info, estimate, progress,
                  subject=f"{info.name} {period_text(board.start, board.end)}")


def _page_estimate(rows: int, options: NoticeOptions) -> int:
    per_page = 13 if options.landscape else 16
    if options.large_print:
        per_page = per_page * 2 // 5
    return max(1, math.ceil((rows + 4) / per_page))


def _build(story: list[Flowable], pagesize: pdf.PageSize, options: NoticeOptions, title: str, info: CommunityInfo,
           estimate: int, progress: Progress | None, subject: str) -> tuple[bytes, int]:
    out = io.BytesIO()

    def on_page(page: int) -> None:
        if progress is not None:
            progress(min(page - 1, estimate - 1), estimate)  # the estimate is a guess: never report done early

    if progress is not None:
        progress(0, estimate)
    if info.chain_head:  # an anchor of the audit trail outside the database (app/services/core/anchors.py)
        small = pdf.styles(options.large_print).small
        story = [*story, pdf.para(f"审计校验码：{info.chain_head}（核对本服务台的记录未被改动时用）", small)]
    pages = pdf.build_document(out, story, title=title, header=info.name, footer=_ask_line(info), pagesize=pagesize,
                               large_print=options.large_print, subject=subject, on_page=on_page)
    if progress is not None:
        progress(pages, pages)
    return out.getvalue(), pages


def _item_state(item: ItemInfo, today: date) -> str:
    if item.done:
        return "已完成"
    return "已逾期" if item.deadline < today else "推进中"


def _progress(item: ItemInfo) -> str:
    """The latest progress with the day it was recorded: a reader sees how fresh it is."""
    if not item.progress:
        return "—"
    return item.progress + (f"（{_short_cn_day(local(item.progress_at).date())}）" if item.progress_at else "")


def _short_cn_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _who(meeting: MeetingInfo) -> str:
    """The level, the building or grid it belongs to and its place in the cycle: 楼栋议事会（3号楼，2026年第47周）."""
    where = "，".join(p for p in (meeting.of, meeting.cycle) if p)
    return labels.zh(meeting.level) + (f"（{where}）" if where else "")


def _meeting_story(meeting: MeetingInfo, posted_on: date, st: pdf.Styles, width: float) -> list[Flowable]:
    """A meeting's attendees and topics, then its three lists: the problem list, the responsibility list and the
    deadline list, each item's progress beside it."""
    story: list[Flowable] = []
    if meeting.attendees:
        names = "、".join(a.name for a in meeting.attendees)
        story.append(pdf.para(f"参会人员（{len(meeting.attendees)}人）：{names}", st.body))
    if meeting.topics:
        story.append(pdf.para("议题来源（受理编号）：" + "、".join(t.case_no for t in meeting.topics), st.body))
    if meeting.summary:
        story.append(pdf.para(f"议定事项：{meeting.summary}", st.body))
    story.append(Spacer(1, 2 * mm))
    items = meeting.items
    pad = 9 * st.scale  # data_table's left and right cell padding
    seq, day, state = (em * st.font_size + pad for em in (2.6, 8.6, 3.4))  # 序号, 2026年12月31日, 已完成: one line
    story.append(pdf.para("一、问题清单", st.heading))
    story.append(pdf.data_table(["序号", "问题"], [[str(i.seq), i.problem] for i in items], style=st,
                                col_widths=[seq, width - seq]))
    story.append(pdf.para("二、责任清单", st.heading))
    rest = width - seq
    story.append(pdf.data_table(
        ["序号", "问题", "责任部门", "责任人"],
        [[str(i.seq), shorten(i.problem, 30), i.department or "—", i.responsible or "—"] for i in items],
        style=st, col_widths=[seq, rest * 0.56, rest * 0.24, rest * 0.2]))
    story.append(pdf.para("三、时限清单及进展", st.heading))
    rest = width - seq - day - state  # the problem (shortened, so the line can be read alone) and the progress
    story.append(pdf.data_table(
        ["序号", "问题", "完成时限", "状态", "最新进展"],
        [[str(i.seq), shorten(i.problem, 16), _day(i.deadline), _item_state(i, posted_on), _progress(i)]
         for i in items],
        style=st, col_widths=[seq, rest * 0.38, day, state, rest * 0.62]))
    return story


def render_council(notice: CouncilNotice, options: NoticeOptions, progress: Progress | None = None
                   ) -> tuple[bytes, int]:
    """The council decision notice of one meeting: its level and cycle, who attended (residents by their masked
    names), the requests behind its topics, and its three lists."""
    st = pdf.styles(options.large_print)
    pagesize = pdf.page_size("A4", landscape=options.landscape)
    width = pdf.content_width(pagesize)
    info, meeting = notice.community, notice.meeting
    held = f"议事时间：{_day(meeting.held_on)}" + (f"　地点：{meeting.place}" if meeting.place else "")
    story: list[Flowable] = [
        _heading(COUNCIL_TITLE, [info.name, _who(meeting), f"议题：{meeting.title}", held], info, st, width),
        Spacer(1, 2 * mm),
        *_meeting_story(meeting, notice.posted_on, st, width),
    ]
    story += [Spacer(1, 3 * mm), pdf.para(f"公示日期：{_day(notice.posted_on)}。欢迎居民监督。{_ask_line(info)}。",
                                          st.small)]
    return _build(story, pagesize, options, COUNCIL_TITLE, info, max(1, len(meeting.items) // 8 + 1), progress,
                  subject=f"{info.name} {meeting.title}")


def render_level_council(notice: LevelNotice, options: NoticeOptions, progress: Progress | None = None
                         ) -> tuple[bytes, int]:
    """The notice of one level's meetings in a period (楼栋议事会议定事项公示), each meeting under its own heading."""
    st = pdf.styles(options.large_print)
    pagesize = pdf.page_size("A4", landscape=options.landscape)
    width = pdf.content_width(pagesize)
    info = notice.community
    title = f"{labels.zh(notice.level)}议定事项公示"
    story: list[Flowable] = [
        _heading(title, [info.name, f"{period_text(notice.start, notice.end)}，共{len(notice.meetings)}次会议"],
                 info, st, width),
        Spacer(1, 2 * mm),
    ]
    for n, meeting in enumerate(notice.meetings, start=1):
        where = f"　地点：{meeting.place}" if meeting.place else ""
        story.append(pdf.para(f"{_cn_number(n)}、{_who(meeting)} {_day(meeting.held_on)}{where}　议题：{meeting.title}",
                              st.heading))
        story += _meeting_story(meeting, notice.posted_on, st, width)
        story.append(Spacer(1, 3 * mm))
    story.append(pdf.para(f"公示日期：{_day(notice.posted_on)}。欢迎居民监督。{_ask_line(info)}。", st.small))
    estimate = max(1, sum(len(m.items) for m in notice.meetings) // 8 + len(notice.meetings) // 2 + 1)
    return _build(story, pagesize, options, title, info, estimate, progress, subject=f"{info.name} {title}")


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
