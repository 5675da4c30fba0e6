"""What a public notice is made of, between the notices service that reads it and the document that prints it:
the board's rows, the council's meeting and items, a notice made and its publication record."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.councils import AttendeeKind, CouncilLevel
from app.services.cases import rates
from app.services.core.setup import CommunityInfo

BOARD_TITLE = "居民诉求办理情况公示"
COUNCIL_TITLE = "居民议事会议定事项公示"

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called from the thread making the notice, ``done == total`` once at the end."""


@dataclass(frozen=True)
class NoticeOptions:
    landscape: bool = False
    large_print: bool = False  # 16pt body for elderly readers


@dataclass(frozen=True)
class Masked:
    """One thing the scrubber masked on a notice, as the preview lists it: where (the request's number or the
    council item), what kind (电话, 姓名, 地址 …) and what was printed instead. Never the data itself."""

    where: str
    kind: str
    replacement: str


@dataclass(frozen=True)
class BoardRow:
    case_no: str
    logged_on: date
    category: str
    resident: str  # masked: 张*, 匿名, 张* 等 3 户
    summary: str   # scrubbed and shortened
    status: str    # Chinese
    progress: str  # the latest public progress note, scrubbed and shortened; "" when none
    department: str
    resolved_on: date | None
    masked: tuple[Masked, ...] = ()


@dataclass(frozen=True)
class Board:
    community: CommunityInfo
    start: date
    end: date
    posted_on: date
    figures: rates.Figures
    rows: list[BoardRow]
    # A period with more requests than a board lists (``board.BOARD_ROWS_MAX``): the most recent ones are listed, and
    # every request of the period is in the per-class summary.
    by_category: tuple[rates.Group, ...] = ()

    @property
    def abridged(self) -> bool:
        """Fewer rows listed than requests received: the list is the period's most recent requests."""
        return len(self.rows) < self.figures.received


@dataclass(frozen=True)
class NewAttendee:
    """An attendee as chosen: a resident, a staff account or a department (``ref_id``), with the name shown when
    chosen (a department's representative: the person's name, typed). ``ref_id`` None is a name typed alone, which
    the service refuses: every attendee is someone the desk can find again."""

    kind: AttendeeKind
    ref_id: uuid.UUID | None
    name: str = ""
    representative: bool = False  # a resident attending as a residents' representative (居民代表)


@dataclass(frozen=True)
class NewMeeting:
    title: str
    held_on: date
    place: str = ""
    summary: str = ""
    level: CouncilLevel = CouncilLevel.COMMUNITY
    building_id: uuid.UUID | None = None  # a building meeting's building
    grid_id: uuid.UUID | None = None      # a grid meeting's grid
    attendees: tuple[NewAttendee, ...] = ()
    topics: tuple[str, ...] = ()          # the numbers of the requests behind the topics raised


@dataclass(frozen=True)
class AttendeeInfo:
    kind: AttendeeKind
    ref_id: uuid.UUID
    name: str          # a department's representative: 物业服务中心 王经理
    representative: bool = False


@dataclass(frozen=True)
class TopicInfo:
    case_id: uuid.UUID
    case_no: str
    summary: str  # the request's description, shortened (the desk's view; the notice prints the number only)


@dataclass(frozen=True)
class NewItem:
    problem: str
    deadline: date
    department_id: uuid.UUID | None = None
    responsible: str = ""


@dataclass(frozen=True)
class ItemInfo:
    id: uuid.UUID
    seq: int
    problem: str
    department: str
    responsible: str
    deadline: date
    progress: str
    progress_at: datetime | None
    done: bool
    duty_id: uuid.UUID | None = None  # 转为待办: the dated duty on the duties list
    duty_due: date | None = None      # its next due date while it is open
    duty_open: bool = False           # the duty is still on the list (not recorded done, not ended)


@dataclass(frozen=True)
class MeetingInfo:
    id: uuid.UUID
    title: str
    held_on: date
    place: str
    summary: str
    items: list[ItemInfo] = field(default_factory=list)
    level: CouncilLevel = CouncilLevel.COMMUNITY
    building_id: uuid.UUID | None = None
    grid_id: uuid.UUID | None = None
    of: str = ""     # the building or grid it belongs to: 3号楼, 第一网格 ("" for the community)
    cycle: str = ""  # 2026年第49周, 2026年12月, 2026年第4季度
    attendees: tuple[AttendeeInfo, ...] = ()
    topics: tuple[TopicInfo, ...] = ()


@dataclass(frozen=True)
class CouncilDue:
    """A level whose meeting is due this cycle and not yet held (the home page's reminder): the buildings or grids
    still to meet, or the community."""

    level: CouncilLevel
    cycle: str                # 2026年第49周
    missing: tuple[str, ...]  # 3号楼, 5号楼 … / 第一网格 … / the community's name


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class CouncilOptions:
    """What the meeting dialog offers: buildings, grids, staff accounts (cadres, grid workers), departments."""

    buildings: tuple[Choice, ...]
    grids: tuple[Choice, ...]
    staff: tuple[Choice, ...]
    departments: tuple[Choice, ...]


@dataclass(frozen=True)
class CouncilNotice:
    community: CommunityInfo
    meeting: MeetingInfo  # its texts already scrubbed
    posted_on: date
    masked: tuple[Masked, ...] = ()


@dataclass(frozen=True)
class LevelNotice:
    """The notice of one level's meetings in a period (楼栋议事会议定事项公示（2026年第4季度）)."""

    community: CommunityInfo
    level: CouncilLevel
    start: date
    end: date
    meetings: tuple[MeetingInfo, ...]  # their texts already scrubbed, oldest first
    posted_on: date
    masked: tuple[Masked, ...] = ()


@dataclass(frozen=True)
class MadeNotice:
    """A notice made and not yet recorded: what the preview shows and what ``record`` stores."""

    kind: str
    title: str
    pdf: bytes
    sha256: str
    pages: int
    case_nos: tuple[str, ...]
    options: NoticeOptions
    posted_on: date
    period_from: date | None = None
    period_to: date | None = None
    meeting_id: uuid.UUID | None = None
    file_name: str = "notice.pdf"
    masked: tuple[Masked, ...] = ()  # what the scrubber masked, for the preview to list
    hide: tuple[str, ...] = ()       # words the clerk chose to hide on this notice (kept in memory, not recorded)
    anchor: str = ""  # the audit chain's head printed on it (anchors.py)


@dataclass(frozen=True)
class PublicationInfo:
    id: uuid.UUID
    kind: str
    title: str
    published_at: datetime
    published_by: str
    period_from: date | None
    period_to: date | None
    case_nos: tuple[str, ...]
    options: dict[str, Any]
    pages: int
    size: int
    sha256: str
    masked: dict[str, Any] = field(default_factory=dict)  # {"kinds": {"电话": 2}, "hand": ["***"]}
