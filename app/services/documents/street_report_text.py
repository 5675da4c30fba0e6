"""The words and tables of the street's report (工作简报), composed once for both of its files: the PDF
(``street_report``) and the .docx (``street_report_docx``) lay out the same blocks, so they say the same thing.

In the order of an official document: the masthead (工作简报 in red, the issue, who issues it and when, a red rule),
the title, the sections 一 to 六 (counts, the three rates against the period before, hot spots, the difficult pool,
the overdue requests, the departments' scores), how each figure is counted, and the distribution lines (版记).
A request is named by its number, class and building only (``briefing``, the rule table's ``STREET_REPORT``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.services.cases.briefing_data import Listed, StreetReport
from app.services.cases.counting import Figures, days_hours_minutes, percent
from app.services.cases.hotspots import MIN_COUNT, WINDOW_DAYS

WIDTH_MM = 156.0  # the text block's width (GB/T 9704: 156 x 225 mm)
TITLE_LINE = 20   # characters of a title line in 二号 across it
HOT_SPOTS_MAX = 10   # hot spots in the table (most requests first); the text counts all
CASE_NOS_SHOWN = 4   # case numbers of one hot spot named in its row: all of four, else three and how many


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    small: bool = False  # the notes on how figures are counted


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # mm, summing to WIDTH_MM
    centred: tuple[int, ...] = ()  # the columns of figures, centred under their heads


Block = Heading | Text | Table


@dataclass(frozen=True)
class Sheet:
    masthead: str      # 工作简报
    issue: str         # 2026年第47周
    issuer: str        # the community
    issued_on: str     # 2026年11月20日
    title: str
    subtitle: str      # the days
    blocks: tuple[Block, ...]
    sent_to: str                # 报：…
    printed: tuple[str, str]    # who prints it, and when (印发)


NUMERALS = "一二三四五六七八九十"


def duration(value: timedelta | None) -> str:
    """51分钟 / 5小时30分钟 / 2天3小时 / —."""
    if value is None:
        return "—"
    days, hours, minutes = days_hours_minutes(value)
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{minutes}分钟" if minutes else f"{hours}小时"
    return f"{minutes}分钟"


def late(value: timedelta) -> str:
    """How long past a limit: 12天 / 1天19小时 / 21小时 / 56分钟 (to the hour once it is an hour, to the day from the
    third day)."""
    hours = int(value.total_seconds() // 3600)
    if hours < 1:
        return f"{max(int(value.total_seconds() // 60), 0)}分钟"
    days, hours = divmod(hours, 24)
    if days >= 3 or (days and not hours):
        return f"{days}天"
    return f"{days}天{hours}小时" if days else f"{hours}小时"


def day_text(day: datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def compose(report: StreetReport) -> Sheet:
    """The report as blocks of text and tables, in Chinese."""
    period = report.period
    sections: list[tuple[str, list[Block]]] = [
        ("总体情况", _overview(report)),
        ("“三率”情况", _rates(report)),
        ("热点问题", _hot_spots(report)),
        ("难点问题库", _pool(report)),
        ("超期诉求", _overdue(report)),
        ("职能部门考评", _departments(report)),
    ]
    blocks: list[Block] = []
    number = 0
    for index, (title, content) in enumerate(sections):
        blocks.append(Heading(f"{NUMERALS[index]}、{title}"))
        for block in content:
            if isinstance(block, Table):
                number += 1
                block = Table(f"表{number}　{block.caption}", block.header, block.rows, block.widths, block.centred)
            blocks.append(block)
    blocks.append(Heading("附：统计口径"))
    notes = (*report.definitions, "本简报中的诉求只列受理编号、类别和楼栋，不含居民姓名、电话、住址等个人信息。")
    blocks += [Text(f"{i}. {words}", small=True) for i, words in enumerate(notes, start=1)]
    made = day_text(report.made_at)
    title = f"{report.community}{period.name}诉求办理情况"
    if len(title) > TITLE_LINE:  # a long community name on a line of its own: the title breaks where it reads
        title = f"{report.community}\n{period.name}诉求办理情况"
    return Sheet(masthead="工作简报", issue=period.name, issuer=report.community, issued_on=made, title=title,
                 subtitle=f"（{period.days}）", blocks=tuple(blocks),
                 sent_to=f"报：{report.street}办事处" if report.street else "报：街道办事处",
                 printed=(report.community, f"{made}印发"))


def _counted_to(report: StreetReport) -> str:
    if report.complete:
        return ""
    at = report.made_at
    return f"（统计至{at.month}月{at.day}日{at.hour}时{at.minute:02d}分，{report.period.word}尚未结束）"


def _compare(now: int, before: int) -> str:
    if now == before:
        return "持平"
    return f"增加{now - before}件" if now > before else f"减少{before - now}件"


def _overview(report: StreetReport) -> list[Block]:
    t, period = report.totals, report.period
    channels = "、".join(f"{c.name}{c.count}件" for c in report.by_channel)
    text = (f"{period.word}{_counted_to(report)}共受理居民诉求{t.received}件，涉及{t.households}户，"
            f"较{report.before_word}（{report.before.received}件）{_compare(t.received, report.before.received)}。"
            f"按渠道：{channels}。各类别的受理和办理情况见下表。")
    rows = [(g.name or "（未分类）", *_class_figures(g.figures)) for g in report.by_category]
    rows.append(("合计", *_class_figures(t)))
    table = Table("分类别受理和办理情况", ("类别", "受理", "已办结", "解决率", "满意率", "进入难点库"),
                  tuple(rows), (40.0, 20.0, 20.0, 24.0, 24.0, 28.0), centred=(1, 2, 3, 4, 5))
    return [Text(text), table]


def _class_figures(f: Figures) -> tuple[str, ...]:
    return (str(f.received), str(f.resolved), percent(f.resolution_rate), percent(f.satisfaction_rate),
            str(f.in_pool))


def _rates(report: StreetReport) -> list[Block]:
    period, t, b = report.period, report.totals, report.before
    parts = [f"{c.name}{percent(c.now)}（{c.counted}），较{report.before_word}{c.words}" for c in report.changes]
    text = (f"{period.word}受理诉求的" + "；".join(parts) + "。"
            f"平均响应用时{duration(t.response_time)}，平均办结用时{duration(t.resolve_time)}。")
    rows = [(c.name, percent(c.now), percent(c.before), c.words) for c in report.changes]
    rows += [("平均响应用时", duration(t.response_time), duration(b.response_time), ""),
             ("平均办结用时", duration(t.resolve_time), duration(b.resolve_time), ""),
             ("受理件数", str(t.received), str(b.received), _compare(t.received, b.received))]
    table = Table(f"“三率”与{report.before_word}比较", ("指标", period.word, report.before_word, "变化"),
                  tuple(rows), (40.0, 34.0, 34.0, 48.0), centred=(1, 2, 3))
    return [Text(text), table]


def _hot_spots(report: StreetReport) -> list[Block]:
    rule = f"（{WINDOW_DAYS}天内{MIN_COUNT}件及以上）"
    spots = report.hot_spots
    if not spots:
        return [Text(f"{report.period.word}未发现同一楼栋同类问题集中反映{rule}的情况。")]
    text = (f"{report.period.word}有{len(spots)}处同一楼栋同类问题集中反映{rule}，建议重点关注，从源头上解决。"
            + (f"下表列出件数最多的{HOT_SPOTS_MAX}处。" if len(spots) > HOT_SPOTS_MAX else ""))
    rows = tuple((h.building or "—", h.category, str(h.count), f"{h.first_on:%m-%d}至{h.last_on:%m-%d}",
                  _numbers(h.case_nos)) for h in spots[:HOT_SPOTS_MAX])
    return [Text(text), Table("热点问题", ("楼栋", "问题类别", "件数", "反映时间", "受理编号"), rows,
                              (18.0, 25.0, 13.0, 30.0, 70.0), centred=(2, 3))]


def _numbers(case_nos: tuple[str, ...]) -> str:
    """A hot spot's requests: every number, or the first few and how many in all."""
    if len(case_nos) <= CASE_NOS_SHOWN:
        return "、".join(case_nos)
    return "、".join(case_nos[:CASE_NOS_SHOWN - 1]) + f"等{len(case_nos)}件"


def _listed_note(listed: Listed, what: str) -> str:
    if listed.total > len(listed.lines):
        return f"下表列出{what}最早的{len(listed.lines)}件。"
    return "明细见下表。"


def _pool(report: StreetReport) -> list[Block]:
    pool, period = report.pool, report.period
    text = (f"{period.word}受理的诉求中，超过办结时限进入难点问题库的{report.totals.in_pool}件。"
            f"截至制表时，仍在难点问题库中未办结的诉求共{pool.total}件")
    if not pool.total:
        return [Text(text + "。")]
    rows = tuple((c.case_no, c.category, c.building or "—", f"{c.received_on:%Y-%m-%d}", c.level, c.status)
                 for c in pool.lines)
    return [Text(text + "，需街道协调推动解决。" + _listed_note(pool, "受理")),
            Table("难点问题库在库诉求", ("受理编号", "类别", "楼栋", "受理日期", "办理层级", "状态"), rows,
                  (45.0, 25.0, 18.0, 26.0, 23.0, 19.0))]


def _overdue(report: StreetReport) -> list[Block]:
    overdue, now = report.overdue, report.made_at
    text = f"截至制表时，超过办理时限的诉求共{overdue.total}件"
    if not overdue.total:
        return [Text(text + "。")]
    text += "（含办结后超过回访时限、状态为“已办结”的）。"
    rows = tuple((c.case_no, c.category, c.building or "—", c.status,
                  f"{c.due_at:%m-%d %H:%M}" if c.due_at else "—",
                  late(now - c.due_at) if c.due_at else "—") for c in overdue.lines)
    return [Text(text + _listed_note(overdue, "时限到期")),
            Table("超期诉求", ("受理编号", "类别", "楼栋", "状态", "时限", "已超时"), rows,
                  (45.0, 25.0, 18.0, 17.0, 27.0, 24.0))]


def _departments(report: StreetReport) -> list[Block]:
    period = report.period
    basis = ("依据街道赋予社区的考评权，社区对街道职能科室的工作情况进行考核评价，考核结果作为科室评优评先的重要依据。"
             f"下表为{period.word}受理诉求中各部门的吹哨报到和办理情况，供考评参考。")
    if not report.departments:
        return [Text(basis), Text(f"{period.word}受理的诉求未涉及职能部门，也未吹哨。")]
    rows = tuple((d.name, str(d.called), str(d.on_time), str(d.overdue), percent(d.on_time_rate),
                  str(d.cases.received), percent(d.cases.resolution_rate), percent(d.cases.satisfaction_rate))
                 for d in report.departments)
    return [Text(basis), Table("职能部门吹哨报到和办理情况",
                               ("部门", "吹哨\n次数", "按时\n报到", "超时", "按时\n报到率", "涉及\n诉求", "解决率",
                                "满意率"), rows, (44.0, 13.0, 14.0, 13.0, 18.0, 14.0, 20.0, 20.0),
                               centred=(1, 2, 3, 4, 5, 6, 7))]
