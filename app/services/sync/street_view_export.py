"""The street's view written to a workbook (导出): what the window shows, in Chinese, for the street office's files.

Two sheets: 各社区 (every community side by side, then the whole street) and 红黑榜 (the departments' red and black
list across communities, then the whole ranking). Rates as percentages with one decimal, blank when there is nothing
to divide by (the window shows "—"). Names pass through the export's guards (never a formula, nothing a worksheet
cannot hold).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.services.cases.export import _as_text, xlsx_safe
from app.services.sync.street_view import CommunityRow, StreetDepartmentScore, StreetView

COMMUNITY_HEADER = ["社区", "窗口", "受理件数", "已响应", "已办结", "回访作答次数", "满意（含基本满意）", "响应率(%)",
                    "解决率(%)", "满意率(%)", "无法联系(件)", "难点问题库在办(件)", "超期在办(件)"]
RANKING_HEADER = ["榜单", "名次", "社区", "部门", "吹哨次数", "已报到", "按时报到", "超时", "按时报到率(%)",
                  "平均报到用时(小时)"]
WHOLE_STREET = "全街道"


def _pct(value: float | None) -> float | str:
    return "" if value is None else round(value * 100, 1)


def _community(row: CommunityRow, name: str) -> list[Any]:
    f = row.figures
    return [name, "、".join(row.desks), f.received, f.responded, f.resolved, f.follow_ups, f.satisfied,
            _pct(f.response_rate), _pct(f.resolution_rate), _pct(f.satisfaction_rate), f.unreachable, row.pool,
            row.overdue]


def _department(kind: str, place: int, s: StreetDepartmentScore) -> list[Any]:
    hours = "" if s.report_time is None else round(s.report_time.total_seconds() / 3600, 1)
    return [kind, place, s.community, s.name, s.called, s.reported, s.on_time, s.overdue, _pct(s.on_time_rate), hours]


def tables(view: StreetView) -> list[tuple[str, list[list[Any]]]]:
    """The sheets' titles and rows (also what the tests read back)."""
    period = [f"统计期：{view.first.isoformat()} 至 {view.last.isoformat()}（受理日期）；难点问题库与超期为 "
              f"{view.made_at:%Y-%m-%d %H:%M} 时的在办件"]
    communities = [period, COMMUNITY_HEADER, *(_community(c, c.community) for c in view.communities),
                   _community(view.totals, WHOLE_STREET)]
    place = {id(s): i for i, s in enumerate(view.ranking, 1)}
    ranking = [period, RANKING_HEADER,
               *(_department("红榜", place[id(s)], s) for s in view.red_list),
               *(_department("黑榜", place[id(s)], s) for s in view.black_list),
               [], ["全部排名"], RANKING_HEADER[1:],
               *(_department("", i, s)[1:] for i, s in enumerate(view.ranking, 1))]
    return [("各社区", communities), ("红黑榜", ranking)]


def write_xlsx(view: StreetView, out: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for title, rows in tables(view):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(xlsx_safe(list(r)))
            _as_text(ws)
        ws.column_dimensions["A"].width = 16
    wb.save(out)
    return out
