"""The desk's keyboard shortcuts, in one place.

Every key the desk answers to is listed here once: the windows bind their actions and shortcuts from this table
(``app.views.keys``), the 快捷键一览 dialog and the help's 快捷键 page show it, the printed shortcut card
(``app.services.documents.shortcut_card``) prints it, and a test holds the README's key tables to it. A key that is
a widget's own behaviour (Tab, the digits in a numbered list, Space on a tick box) is listed with ``bound=False``:
documented here, handled by the widget.

Each entry has its English source wording (translated in the UI, context "shortcuts") and the Chinese printed on
the card, which goes to the desk in Chinese whatever the UI language is; a test checks that the translation of the
one is the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CONTEXT = "shortcuts"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for lupdate (the domain imports no Qt); the UI translates it where it is shown."""
    return text


class Area(StrEnum):
    """Where a key works."""

    EVERYWHERE = "everywhere"
    INTAKE = "intake"              # 诉求登记
    LOOKUP = "lookup"              # the resident search box of the intake form
    NEW_RESIDENT = "new_resident"  # the new-resident panel in the intake form (Ctrl+R)
    PREVIEW = "preview"            # the preview of a printed document (receipt, notice, voucher, card)
    CASE_LIST = "case_list"        # 诉求列表
    RESIDENTS = "residents"        # 居民查询
    CASE = "case"                  # 诉求详情: one request's page and its step dialogs
    FOLLOW_UP = "follow_up"        # 回访 (the list of resolved requests waiting for the call)


AREA_NAMES: dict[Area, tuple[str, str]] = {
    Area.EVERYWHERE: (QT_TRANSLATE_NOOP("shortcuts", "Anywhere in the desk"), "任何页面"),
    Area.INTAKE: (QT_TRANSLATE_NOOP("shortcuts", "New request form"), "诉求登记"),
    Area.LOOKUP: (QT_TRANSLATE_NOOP("shortcuts", "Finding the resident"), "查找居民"),
    Area.NEW_RESIDENT: (QT_TRANSLATE_NOOP("shortcuts", "New resident panel"), "新增居民"),
    Area.PREVIEW: (QT_TRANSLATE_NOOP("shortcuts", "Print preview"), "打印预览"),
    Area.CASE_LIST: (QT_TRANSLATE_NOOP("shortcuts", "Request list"), "诉求列表"),
    Area.RESIDENTS: (QT_TRANSLATE_NOOP("shortcuts", "Resident look-up"), "居民查询"),
    Area.CASE: (QT_TRANSLATE_NOOP("shortcuts", "Request page"), "诉求详情"),
    Area.FOLLOW_UP: (QT_TRANSLATE_NOOP("shortcuts", "Follow-up calls"), "回访"),
}

DIGITS = "1-9"  # stands for "the number of an item in a numbered list" (1 来访, 2 来电 ...), not one key
ANSWER_DIGITS = "1-5"  # the 回访 list's answers: 1 满意 … 5 无法联系, not one key


@dataclass(frozen=True)
class Shortcut:
    """One key (or a few equivalent ones) and what it does where.

    ``keys`` are in Qt's portable text ("Ctrl+Return", "Down"), the first one is the one shown; ``bound`` says the
    desk binds it from this table (a QAction or QShortcut), else it is the widget's own key; ``walk_in`` says it is
    one of the keys of logging a walk-in (the README's table)."""

    id: str
    area: Area
    keys: tuple[str, ...]
    what: str
    chinese: str
    bound: bool = True
    walk_in: bool = False


def _s(id: str, area: Area, keys: str | tuple[str, ...], what: str, chinese: str, *, bound: bool = True,
       walk_in: bool = False) -> Shortcut:
    return Shortcut(id, area, (keys,) if isinstance(keys, str) else keys, what, chinese, bound, walk_in)


E, F, L, N, P = Area.EVERYWHERE, Area.INTAKE, Area.LOOKUP, Area.NEW_RESIDENT, Area.PREVIEW  # F: the form

SHORTCUTS: tuple[Shortcut, ...] = (
    _s("help", E, "F1", QT_TRANSLATE_NOOP("shortcuts", "The user guide, at the page of this screen"),
       "打开使用指南（本页的说明）"),
    _s("new_request", E, "Ctrl+N", QT_TRANSLATE_NOOP("shortcuts", "Log a new request"), "新建诉求登记",
       walk_in=True),
    _s("lock", E, "Ctrl+L", QT_TRANSLATE_NOOP("shortcuts", "Lock the desk (what is typed is kept)"),
       "锁屏（已输入的内容保留）"),
    _s("log_out", E, "Ctrl+Shift+Q", QT_TRANSLATE_NOOP("shortcuts", "Log out for the next person"),
       "退出登录，换人使用"),
    _s("quit", E, "Ctrl+Q", QT_TRANSLATE_NOOP("shortcuts", "Close the program"), "退出程序"),
    _s("larger_text", E, ("Ctrl+=", "Ctrl++"),
       QT_TRANSLATE_NOOP("shortcuts", "Larger text on every screen (standard, large, extra large)"),
       "放大所有界面的字（标准、大、特大）"),
    _s("smaller_text", E, "Ctrl+-", QT_TRANSLATE_NOOP("shortcuts", "Smaller text on every screen"),
       "缩小所有界面的字"),
    _s("sync_now", E, "F9", QT_TRANSLATE_NOOP("shortcuts", "Sync with the street now"),
       "立即同步"),
    _s("next_field", F, "Tab", QT_TRANSLATE_NOOP("shortcuts", "Next field (also out of the description box)"),
       "到下一项（在描述框里也是）", bound=False, walk_in=True),
    _s("choose_number", F, DIGITS,
       QT_TRANSLATE_NOOP("shortcuts", "The item with that number: channel, category, urgency, scope"),
       "选带这个编号的项：受理方式、类别、紧急程度、影响范围", bound=False, walk_in=True),
    _s("tick", F, "Space", QT_TRANSLATE_NOOP("shortcuts", "Tick the highlighted department, or anonymous"),
       "勾选当前部门，或勾选公示时匿名", bound=False, walk_in=True),
    _s("deadline_parts", F, ("Left", "Right"),
       QT_TRANSLATE_NOOP("shortcuts", "Between the parts of the deadline (day, hour …)"),
       "在期望解决时限的年、月、日、时、分之间移动", bound=False, walk_in=True),
    _s("save_print", F, ("Ctrl+Return", "Ctrl+Enter"),
       QT_TRANSLATE_NOOP("shortcuts", "Save, and open the receipt to print"), "保存并打开回执打印", walk_in=True),
    _s("save", F, "Ctrl+S", QT_TRANSLATE_NOOP("shortcuts", "Save without printing"), "只保存，不打印", walk_in=True),
    _s("new_resident", F, "Ctrl+R", QT_TRANSLATE_NOOP("shortcuts", "Add a resident who is not on file"),
       "新增居民（查无此人时）", walk_in=True),
    _s("attach", F, "Ctrl+J",
       QT_TRANSLATE_NOOP("shortcuts", "Add to the request chosen on the right (another household, or a repeat call)"),
       "并入右侧选中的诉求（并单或重复来电）", walk_in=True),
    _s("take_first", L, "Return", QT_TRANSLATE_NOOP("shortcuts", "Take the first resident found"),
       "选第一个查到的居民", bound=False, walk_in=True),
    _s("into_list", L, "Down", QT_TRANSLATE_NOOP("shortcuts", "Into the list of residents found (Enter takes one)"),
       "进入查找结果（再按 Enter 选中）", bound=False, walk_in=True),
    _s("back_to_search", L, "Escape", QT_TRANSLATE_NOOP("shortcuts", "Back to the search box"), "回到查找框",
       bound=False, walk_in=True),
    _s("save_resident", N, "Return", QT_TRANSLATE_NOOP("shortcuts", "Save the new resident and choose them"),
       "保存新居民并选中", bound=False, walk_in=True),
    _s("print", P, "Return", QT_TRANSLATE_NOOP("shortcuts", "Print"), "打印", bound=False, walk_in=True),
    _s("save_pdf", P, "Ctrl+S", QT_TRANSLATE_NOOP("shortcuts", "Save a copy as PDF"), "另存为 PDF 文件",
       walk_in=True),
    _s("close_preview", P, "Escape", QT_TRANSLATE_NOOP("shortcuts", "Close"), "关闭", bound=False, walk_in=True),
    _s("open_case", Area.CASE_LIST, "Return", QT_TRANSLATE_NOOP("shortcuts", "Open the highlighted request"),
       "打开选中的诉求"),
    _s("edit_resident", Area.RESIDENTS, "Return", QT_TRANSLATE_NOOP("shortcuts", "Edit the highlighted resident"),
       "修改选中的居民", bound=False),
    _s("send_message", Area.CASE, "Ctrl+M",
       QT_TRANSLATE_NOOP("shortcuts", "Send the resident a message (text message or WeChat)"),
       "给居民发短信或微信"),
    _s("follow_up_answer", Area.FOLLOW_UP, ANSWER_DIGITS,
       QT_TRANSLATE_NOOP("shortcuts", "Choose the answer by the number on its button"), "按编号选回访结果",
       bound=False),
    _s("follow_up_record", Area.FOLLOW_UP, ("Return", "Enter"),
       QT_TRANSLATE_NOOP("shortcuts", "Record it; the next request comes up"), "记录，转到下一件"),
)

BY_ID: dict[str, Shortcut] = {s.id: s for s in SHORTCUTS}

_SHOWN = {"Return": "Enter", "Enter": "Enter", "Escape": "Esc", "Down": "↓", "Up": "↑", "Left": "←", "Right": "→",
          DIGITS: "1–9", ANSWER_DIGITS: "1–5"}
_SHOWN_CHINESE = {"Space": "空格", DIGITS: "数字键 1–9"}


def shown_key(key: str, *, chinese: bool = False) -> str:
    """One key as people name it: "Ctrl+Return" is "Ctrl+Enter", "Down" is "↓", in Chinese "Space" is "空格"."""
    if chinese and key in _SHOWN_CHINESE:
        return _SHOWN_CHINESE[key]
    return "+".join(_SHOWN.get(part, part) for part in key.split("+")) if key != DIGITS else _SHOWN[key]


def shown_keys(shortcut: Shortcut, *, chinese: bool = False) -> str:
    """The shortcut's keys as people name them, equivalent spellings once: "Ctrl+Enter", "← / →"."""
    names: list[str] = []
    for key in shortcut.keys:
        name = shown_key(key, chinese=chinese)
        if name not in names:
            names.append(name)
    return " / ".join(names)


def keys_of(id: str) -> str:
    """The keys of shortcut ``id`` as people name them, for a button's label or a hint ("Ctrl+Enter")."""
    return shown_keys(BY_ID[id])


def in_area(area: Area) -> list[Shortcut]:
    return [s for s in SHORTCUTS if s.area is area]


TYPE_RESIDENT = "<resident>"        # typing the resident's name, pinyin, phone ... (not counted as keys)
TYPE_DESCRIPTION = "<description>"  # typing what the problem is
TYPED = {TYPE_RESIDENT: (QT_TRANSLATE_NOOP("shortcuts", "type the name"), "输入姓名或拼音"),
         TYPE_DESCRIPTION: (QT_TRANSLATE_NOOP("shortcuts", "type the problem"), "输入诉求描述")}

# A walk-in of a resident on file, key by key, as the README says and tests/gui/test_intake.py sends it:
# 来访, the first resident found, category 1 / sub-category 1, urgency 3, one household, the second department.
WALK_IN: tuple[str, ...] = (
    "Ctrl+N", "Tab", TYPE_RESIDENT, "Return", "1", "Tab", "1", "Tab", TYPE_DESCRIPTION, "Tab", "3", "Tab", "1",
    "Tab", "Down", "Space", "Ctrl+Return",
)


def walk_in_keys() -> list[str]:
    """The walk-in's keys as people name them, what is typed left out ("Ctrl+N", "Tab", "Enter", …)."""
    return [shown_key(step) for step in WALK_IN if step not in TYPED]
