"""Content of a believable demo community and the deterministic generators that fill it.

幸福里社区 is an old residential estate of steel-works housing in 鞍山市铁东区: six walk-up blocks from the
1980s (one with a lift added later) and two newer blocks with lifts; many retired and laid-off workers,
elderly people living alone or as empty-nest couples, some rented flats. Its requests are modelled on the
situations in the seed articles (楼道灯, 冬季供暖, 陪同就医, 广场舞噪音, 再就业培训, 漏水纠纷, 流浪狗, 电梯年检 ...).

Pure data: this module imports only the standard library, does no I/O and reads no clock. Every random
choice goes through the ``random.Random`` passed in and iterates only over sequences (never over sets),
so one seed gives the same community on every run and platform.

The category tree and departments are the production defaults, in app/services/cases/catalogue.py.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from app.services.cases.catalogue import (  # noqa: F401 - re-exported for the demo's users
    CATEGORY_TREE,
    DEFAULT_DEPARTMENTS,
    DEPARTMENT_NAMES,
    PARENT_OF_SUBCATEGORY,
    SUBCATEGORY_CODES,
)

# --------------------------------------------------------------------------------------------------
# The community and its desk
# --------------------------------------------------------------------------------------------------

COMMUNITY_NAME = "鞍山市铁东区站前街道幸福里社区"
STREET_NAME = "铁东区站前街道"
REPLY_PROMISE_HOURS = 24  # 即时反馈: every resident hears back within 24 hours

# Every demo account has this password (letters and digits, 8 characters); change it after loading.
DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DeskSpec:
    code: str
    name: str
    phone: str


DESK = DeskSpec(code="A01", name="幸福里社区服务中心一号窗口", phone="0412-5581234")


@dataclass(frozen=True)
class StaffSpec:
    username: str      # lower-case ASCII
    display_name: str  # Chinese name
    role: str          # "clerk" | "timebank" | "grid_worker" | "director" | "admin"
    phone: str         # mobile
    password: str = DEMO_PASSWORD


ADMIN = StaffSpec("admin", "于海波", "admin", "13904121867")
CLERK_1 = StaffSpec("clerk1", "刘晓燕", "clerk", "15041228634")
CLERK_2 = StaffSpec("clerk2", "孙佳琪", "clerk", "18642031579")
TIMEBANK_OFFICER = StaffSpec("timebank", "高秀梅", "timebank", "13188064215")
DIRECTOR = StaffSpec("director", "张红霞", "director", "13842201936")
GRID_WORKER_1 = StaffSpec("grid1", "李志刚", "grid_worker", "15604127318")
GRID_WORKER_2 = StaffSpec("grid2", "王丹", "grid_worker", "18204125540")
GRID_WORKER_3 = StaffSpec("grid3", "陈宇航", "grid_worker", "17641290263")

STAFF: list[StaffSpec] = [
    ADMIN, CLERK_1, CLERK_2, TIMEBANK_OFFICER, DIRECTOR, GRID_WORKER_1, GRID_WORKER_2, GRID_WORKER_3,
]


@dataclass(frozen=True)
class BuildingSpec:
    code: str             # "1".."8" (号楼)
    units: int            # 单元 "1".."units"
    floors: int
    flats_per_floor: int  # per unit: rooms "101", "102", ...
    built_year: int
    has_elevator: bool    # building 5 had lifts added (加装电梯); 7 and 8 were built with them


BUILDINGS: list[BuildingSpec] = [
    BuildingSpec("1", 3, 6, 2, 1983, False),
    BuildingSpec("2", 3, 6, 2, 1983, False),
    BuildingSpec("3", 4, 6, 2, 1986, False),
    BuildingSpec("4", 3, 6, 2, 1988, False),
    BuildingSpec("5", 3, 6, 2, 1988, True),
    BuildingSpec("6", 3, 6, 2, 1992, False),
    BuildingSpec("7", 2, 11, 2, 2009, True),
    BuildingSpec("8", 2, 11, 2, 2009, True),
]

ELEVATOR_BUILDINGS: tuple[str, ...] = tuple(b.code for b in BUILDINGS if b.has_elevator)


@dataclass(frozen=True)
class GridSpec:
    code: str
    name: str
    buildings: tuple[str, ...]
    worker: StaffSpec


GRIDS: list[GridSpec] = [
    GridSpec("G01", "第一网格", ("1", "2", "3"), GRID_WORKER_1),
    GridSpec("G02", "第二网格", ("4", "5", "6"), GRID_WORKER_2),
    GridSpec("G03", "第三网格", ("7", "8"), GRID_WORKER_3),
]

GRID_OF_BUILDING: dict[str, str] = {b: g.code for g in GRIDS for b in g.buildings}

# The seed's "65% of requests fall in three fields": which sub-categories make up each field.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "老年人照护": tuple(c.code for c in CATEGORY_TREE[1].children),
    "房屋维修": ("LIFE-WATER", "LIFE-PIPE", "LIFE-HOUSE", "LIFE-ELEVATOR"),
    "就业帮扶": tuple(c.code for c in CATEGORY_TREE[2].children),
}


def key_field(sub_code: str) -> str | None:
    """The key field (老年人照护 / 房屋维修 / 就业帮扶) a sub-category counts towards, if any."""
    for name, codes in KEY_FIELDS.items():
        if sub_code in codes:
            return name
    return None


# --------------------------------------------------------------------------------------------------
# Households and residents
# --------------------------------------------------------------------------------------------------

HOUSEHOLD_TAGS: tuple[str, ...] = ("empty_nest", "alone", "disabled", "rented", "ordinary")
HOUSEHOLDS_PER_BUILDING: dict[str, int] = {"1": 18, "2": 17, "3": 20, "4": 17, "5": 17, "6": 16, "7": 18, "8": 17}
AGE_REFERENCE_DATE = date(2026, 11, 1)  # ages below are reckoned at this date unless told otherwise
ANSHAN_TIEDONG = "210302"               # region code of the ID numbers


@dataclass(frozen=True)
class ResidentSpec:
    name: str
    gender: str        # "M" | "F"
    birth_date: date
    phone: str         # valid mobile, unique; "" for the few without one (mostly the very old, young children)
    id_number: str     # 18 characters, GB 11643 check digit, region 210302


@dataclass(frozen=True)
class HouseholdSpec:
    building: str
    unit: str
    room: str
    grid_code: str
    tags: tuple[str, ...]
    residents: tuple[ResidentSpec, ...]  # the first is the head of the household

    @property
    def address(self) -> str:
        return f"{self.building}号楼{self.unit}单元{self.room}室"


ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits of a resident ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


# Surnames with weights roughly as common in Liaoning (赵, 孙, 于, 佟 more; 陈, 黄, 林 fewer than nationally).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 8.0), ("李", 7.4), ("张", 7.0), ("刘", 6.2), ("赵", 3.4), ("孙", 2.8), ("杨", 2.8), ("陈", 2.6),
    ("于", 1.8), ("周", 1.6), ("吴", 1.3), ("徐", 1.3), ("马", 1.2), ("高", 1.2), ("郭", 1.1), ("朱", 1.0),
    ("胡", 0.9), ("姜", 0.9), ("宋", 0.9), ("黄", 0.8), ("何", 0.6), ("林", 0.6), ("罗", 0.5), ("韩", 0.8),
    ("曹", 0.6), ("崔", 0.7), ("董", 0.7), ("冯", 0.6), ("付", 0.6), ("郑", 0.6), ("田", 0.6), ("吕", 0.5),
    ("唐", 0.4), ("梁", 0.4), ("谢", 0.4), ("曲", 0.4), ("佟", 0.4), ("关", 0.4), ("白", 0.4), ("邓", 0.3),
    ("欧阳", 0.08), ("司马", 0.04), ("上官", 0.04), ("诸葛", 0.03),
)
COMPOUND_SURNAMES: tuple[str, ...] = tuple(s for s, _ in SURNAMES if len(s) == 2)

# Given names by birth era and gender: names follow the fashions of their decade.
_GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("old", "M"): (
        "建国", "国庆", "福贵", "德顺", "永福", "振华", "长林", "玉林", "宝山", "志远", "文斌", "树林", "凤山",
        "广才", "德明", "守仁", "春生", "连生", "庆余", "景山", "玉田", "殿臣", "忠", "林", "山", "成", "贵",
    ),
    ("old", "F"): (
        "秀兰", "桂芝", "淑珍", "凤英", "玉兰", "秀英", "桂兰", "淑华", "素芬", "春梅", "玉珍", "凤芝", "秀珍",
        "淑琴", "桂英", "玉芬", "兰芝", "丽华", "翠兰", "玉霞", "淑芬", "英", "兰", "珍", "芳",
    ),
    ("mid", "M"): (
        "卫东", "建军", "建华", "志强", "国强", "红军", "立新", "海涛", "宏伟", "立军", "晓东", "永刚", "铁军",
        "德胜", "振宇", "长江", "伟", "军", "勇", "刚", "斌", "涛", "鹏", "强", "东", "峰", "海",
    ),
    ("mid", "F"): (
        "红梅", "海燕", "丽娟", "秀梅", "丽华", "彩霞", "晓红", "春燕", "玉梅", "雪梅", "秀云", "艳华", "凤霞",
        "艳", "丽", "静", "红", "霞", "敏", "燕", "玲", "萍", "杰",
    ),
    ("young", "M"): (
        "晓明", "子健", "天宇", "俊杰", "鹏飞", "家豪", "志伟", "文博", "宇航", "明辉", "嘉伟", "磊", "鑫",
        "浩", "超", "宇", "帅", "亮", "杰", "博", "旭", "阳",
    ),
    ("young", "F"): (
        "婷婷", "丹丹", "晓雪", "思雨", "梦瑶", "佳怡", "雅琪", "佳慧", "欣悦", "丹", "莹", "欣", "倩", "琳",
        "佳", "雪", "颖", "娜", "蕾", "璐", "妍",
    ),
    ("child", "M"): (
        "梓轩", "浩宇", "子墨", "宇轩", "一鸣", "皓轩", "俊熙", "沐阳", "子睿", "奕辰", "承泽", "浩然", "博文",
        "铭", "睿", "航",
    ),
    ("child", "F"): (
        "梓涵", "一诺", "欣怡", "雨桐", "诗涵", "可馨", "若曦", "紫萱", "依诺", "梦琪", "语嫣", "思彤", "欣然",
        "安琪", "悦", "萌",
    ),
}

_MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
    "158", "159", "166", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
)

# Household types: (weight, tags before the disabled flag is drawn)
_HOUSEHOLD_TYPES: tuple[tuple[str, float], ...] = (
    ("alone", 0.15), ("empty_nest", 0.23), ("rented", 0.11), ("ordinary", 0.51),
)
_DISABLED_SHARE = 0.08


def _weighted(rng: random.Random, items: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _era(birth_year: int) -> str:
    if birth_year < 1958:
        return "old"
    if birth_year < 1982:
        return "mid"
    if birth_year < 2005:
        return "young"
    return "child"


def surname_of(name: str) -> str:
    """The surname of a Chinese name, knowing the compound surnames used here."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class _People:
    """Draws residents while keeping phone numbers and ID numbers unique."""

    def __init__(self, rng: random.Random, reference: date) -> None:
        self.rng = rng
        self.reference = reference
        self.phones: set[str] = {s.phone for s in STAFF}
        self.ids: set[str] = set()

    def surname(self) -> str:
        return _weighted(self.rng, SURNAMES)

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def birth_date(self, age: int) -> date:
        latest = _years_before(self.reference, age)
        return latest - timedelta(days=self.rng.randrange(365))

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            sequence = 2 * self.rng.randrange(500) + 1 if gender == "M" else 2 * self.rng.randrange(1, 500)
            first17 = f"{ANSHAN_TIEDONG}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person(self, age: int, gender: str, surname: str | None = None) -> ResidentSpec:
        age = max(0, age)
        birth = self.birth_date(age)
        given = self.rng.choice(_GIVEN_NAMES[(_era(birth.year), gender)])
        name = (surname or self.surname()) + given
        if age < 12:
            phone = ""
        elif age >= 85:
            phone = "" if self.rng.random() < 0.55 else self.mobile()
        elif age >= 75:
            phone = "" if self.rng.random() < 0.3 else self.mobile()
        elif age >= 68:
            phone = "" if self.rng.random() < 0.1 else self.mobile()
        else:
            phone = self.mobile()
        return ResidentSpec(name, gender, birth, phone, self.id_number(birth, gender))

    def couple(self, husband_age: int, wife_gap: tuple[int, int] = (-1, 5)) -> tuple[ResidentSpec, ResidentSpec]:
        husband = self.person(husband_age, "M")
        wife = self.person(husband_age - self.rng.randint(*wife_gap), "F")
        return husband, wife

    def child_of(self, father: ResidentSpec, mother_age: int, min_age: int = 0) -> ResidentSpec | None:
        age = mother_age - self.rng.randint(23, 33)
        if age < min_age:
            return None
        surname = surname_of(father.name)
        return self.person(age, self.rng.choice("MF"), surname)

    def age_of(self, resident: ResidentSpec) -> int:
        return _age(resident.birth_date, self.reference)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _old_age(rng: random.Random) -> int:
    band = rng.choices(((65, 79), (80, 89), (90, 97)), weights=(0.42, 0.36, 0.22))[0]
    return rng.randint(*band)


def _members(people: _People, kind: str) -> list[ResidentSpec]:
    rng = people.rng
    if kind == "alone":  # mostly widows
        return [people.person(_old_age(rng), "F" if rng.random() < 0.7 else "M")]
    if kind == "empty_nest":  # an elderly couple whose children live elsewhere
        husband_age = rng.randint(62, 92) if rng.random() < 0.25 else rng.randint(63, 82)
        return list(people.couple(husband_age, (0, 5)))
    if kind == "rented":  # tenants: young workers, a couple, sometimes with a small child
        roll = rng.random()
        if roll < 0.55:
            return [people.person(rng.randint(21, 38), rng.choice("MF"))]
        husband, wife = people.couple(rng.randint(25, 40), (-2, 4))
        members = [husband, wife]
        if roll > 0.85:
            child = people.child_of(husband, people.age_of(wife))
            if child is not None:
                members.append(child)
        return members
    roll = rng.random()
    if roll < 0.33:  # parents and one child (sometimes two)
        husband, wife = people.couple(rng.randint(32, 56))
        members = [husband, wife]
        for _ in range(2 if rng.random() < 0.12 else 1):
            child = people.child_of(husband, people.age_of(wife))
            if child is not None:
                members.append(child)
        return members
    if roll < 0.53:  # three generations: a middle-aged couple, an old parent, maybe a grandchild
        husband, wife = people.couple(rng.randint(42, 60))
        grandparent = people.person(people.age_of(husband) + rng.randint(24, 32), rng.choice("FFM"),
                                    surname_of(husband.name))
        members = [husband, wife, grandparent]
        if rng.random() < 0.4:
            child = people.child_of(husband, people.age_of(wife))
            if child is not None:
                members.append(child)
        return members
    if roll < 0.68:  # retired couple with an adult child at home
        husband, wife = people.couple(rng.randint(55, 70))
        child = people.child_of(husband, people.age_of(wife), min_age=20)
        return [husband, wife] + ([child] if child is not None else [])
    if roll < 0.80:  # a laid-off or divorced middle-aged man or woman, sometimes with a child
        head = people.person(rng.randint(42, 58), rng.choice("MF"))
        if rng.random() < 0.45:
            child = people.person(people.age_of(head) - rng.randint(24, 32), rng.choice("MF"),
                                  surname_of(head.name) if head.gender == "M" else None)
            return [head, child]
        return [head]
    return list(people.couple(rng.randint(45, 59)))  # middle-aged couple, child studying or working away


def _flats(building: BuildingSpec) -> list[tuple[str, str]]:
    return [
        (str(unit), f"{floor}{flat:02d}")
        for unit in range(1, building.units + 1)
        for floor in range(1, building.floors + 1)
        for flat in range(1, building.flats_per_floor + 1)
    ]


def make_households(rng: random.Random, *, reference: date = AGE_REFERENCE_DATE) -> list[HouseholdSpec]:
    """About 140 households in the eight buildings, about 300 residents; ages are reckoned at ``reference``.

    Elderly households prefer the lower floors of walk-up buildings; the oldest live in them too.
    """
    people = _People(rng, reference)
    households: list[HouseholdSpec] = []
    for building in BUILDINGS:
        flats = rng.sample(_flats(building), HOUSEHOLDS_PER_BUILDING[building.code])
        flats.sort(key=lambda f: (int(f[0]), int(f[1])))
        for unit, room in flats:
            floor = int(room[:-2])
            weights = [w for _, w in _HOUSEHOLD_TYPES]
            if not building.has_elevator and floor >= 5:  # few old people stay on the 5th/6th floor
                weights[0] *= 0.5
                weights[1] *= 0.6
            kind = rng.choices([k for k, _ in _HOUSEHOLD_TYPES], weights=weights)[0]
            members = _members(people, kind)
            tags: list[str] = [] if kind == "ordinary" else [kind]
            if kind != "rented" and rng.random() < _DISABLED_SHARE:
                tags.append("disabled")
            households.append(HouseholdSpec(
                building=building.code, unit=unit, room=room, grid_code=GRID_OF_BUILDING[building.code],
                tags=tuple(tags) or ("ordinary",), residents=tuple(members),
            ))
    return households


# --------------------------------------------------------------------------------------------------
# Request situations (诉求模板)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SituationSpec:
    """One kind of request as the clerk logs it.

    ``description`` may use {building}, {unit} (of the reporter's household) and, for household scope,
    {elder} (how the desk calls the household's eldest member: 王大爷, 李奶奶).
    ``reporter``: who typically reports it: "any" adult, "elderly" (an old resident or a family member of
    one), "very_old" (the same, in a household with someone aged 89 or more), "alone" (an elderly person
    living alone), "disabled" household, "working" age (18-59), "family" (parent of a child under 18).
    ``building_kind``: "any", "elevator" or "walkup" buildings only.
    ``seasonal``: heating; generated in the heating season, mostly in November (see ``season_factor``).
    """

    sub_code: str
    description: str
    urgency: int               # 1-5
    scope: str                 # "household" | "building" | "community"
    departments: tuple[str, ...]
    weight: float              # relative frequency
    reporter: str = "any"
    building_kind: str = "any"
    seasonal: bool = False


def _s(sub_code: str, description: str, urgency: int, scope: str, departments: tuple[str, ...], weight: float,
       reporter: str = "any", building_kind: str = "any", seasonal: bool = False) -> SituationSpec:
    return SituationSpec(sub_code, description, urgency, scope, departments, weight, reporter, building_kind,
                         seasonal)


_WY = "物业服务中心"
_JW = "社区居委会"
_WS = "社区卫生服务站"
_CG = "街道城管科"
_JS = "街道社区建设科"
_SB = "街道社会保障所"
_ZZ = "街道综治中心"
_SF = "站前司法所"
_PCS = "站前派出所"
_SJ = "站前市场监管所"
_RL = "供热公司"
_GS = "供水公司"
_GD = "供电所"

REQUEST_SITUATIONS: list[SituationSpec] = [
    # ---- 生活服务 / 水电维修
    _s("LIFE-WATER", "{building}号楼{unit}单元楼道灯坏了一个多星期，老人晚上下楼看不清，希望尽快维修。",
       3, "building", (_WY,), 4.0),
    _s("LIFE-WATER", "家中卫生间水龙头和角阀老化漏水，老人自己不会修，希望社区帮忙找人上门维修。",
       3, "household", (_WY, _JW), 3.5, "elderly"),
    _s("LIFE-WATER", "{building}号楼{unit}单元电表箱频繁跳闸，整个单元晚上停电两次，担心线路老化有安全隐患。",
       4, "building", (_GD, _WY), 2.0),
    _s("LIFE-WATER", "{building}号楼自来水发黄、水压低，高层住户早晚用水困难，请求供水公司检查。",
       3, "building", (_GS, _WY), 1.5),
    _s("LIFE-WATER", "家里插座冒火花，室内线路是八十年代的老线，老人不敢用电器，希望有人上门检修。",
       4, "household", (_WY, _JW), 2.5, "elderly", "walkup"),
    # ---- 生活服务 / 管道疏通
    _s("LIFE-PIPE", "{building}号楼{unit}单元一楼下水道堵塞反水，污水流进楼道，请物业尽快疏通。",
       4, "building", (_WY,), 2.5),
    _s("LIFE-PIPE", "厨房下水管堵了三天，自己疏通不了，家里只有老两口，希望安排师傅上门疏通。",
       3, "household", (_WY,), 3.0, "elderly"),
    _s("LIFE-PIPE", "{building}号楼前化粪池满溢，有异味，居民多次反映，要求尽快清掏。",
       3, "building", (_WY, _CG), 1.0),
    # ---- 生活服务 / 供暖 (seasonal)
    _s("LIFE-HEATING", "冬季供暖开始后家里温度只有14度，老人怕冷，要求供热公司上门检测。",
       4, "household", (_RL,), 4.0, "elderly", seasonal=True),
    _s("LIFE-HEATING", "{building}号楼{unit}单元暖气不热，多户室温不到16度，希望供热公司排查管网。",
       4, "building", (_RL, _WY), 3.0, seasonal=True),
    _s("LIFE-HEATING", "暖气片接口漏水，已经渗到楼下邻居家，需要供热公司紧急关阀维修。",
       5, "household", (_RL, _WY), 1.2, seasonal=True),
    _s("LIFE-HEATING", "暖气有空气不循环，上半截热下半截凉，请求上门放气调试。",
       2, "household", (_RL,), 1.5, seasonal=True),
    _s("LIFE-HEATING", "家庭困难，想申请供暖费减免，询问办理条件和需要的材料。",
       2, "household", (_RL, _JS), 0.8, seasonal=True),
    # ---- 生活服务 / 房屋维修
    _s("LIFE-HOUSE", "顶层屋面防水老化，下雨天卧室墙面渗水发霉，希望维修屋面。",
       4, "household", (_WY, _JS), 2.5),
    _s("LIFE-HOUSE", "{building}号楼{unit}单元单元门闭门器坏了，门关不上，冬天楼道特别冷。",
       2, "building", (_WY,), 2.0),
    _s("LIFE-HOUSE", "{building}号楼外墙皮脱落，有砸伤行人的危险，要求尽快排查处理。",
       5, "building", (_WY, _JS, _CG), 1.2),
    _s("LIFE-HOUSE", "楼上卫生间漏水导致自家天花板起皮掉渣，联系不上楼上房主，希望协调查找漏点维修。",
       3, "household", (_WY, _JW), 2.5),
    _s("LIFE-HOUSE", "老旧小区改造后新换的窗户密封不好，冬天漏风，询问保修期内如何报修。",
       2, "household", (_JS, _WY), 1.2, building_kind="walkup"),
    _s("LIFE-HOUSE", "{building}号楼{unit}单元楼梯扶手松动，老人上下楼不安全，希望加固。",
       3, "building", (_WY,), 1.5, building_kind="walkup"),
    # ---- 生活服务 / 电梯
    _s("LIFE-ELEVATOR", "{building}号楼{unit}单元电梯停运两天，楼上有坐轮椅的老人无法下楼，请尽快维修。",
       5, "building", (_WY, _SJ), 1.8, building_kind="elevator"),
    _s("LIFE-ELEVATOR", "{building}号楼{unit}单元电梯下个月年检到期，请物业提前安排检验并通知住户。",
       2, "building", (_WY, _SJ), 0.8, building_kind="elevator"),
    _s("LIFE-ELEVATOR", "{building}号楼电梯运行时有异响、平层不准，居民担心安全，要求维保单位检查。",
       4, "building", (_WY, _SJ), 1.0, building_kind="elevator"),
    _s("LIFE-ELEVATOR", "{building}号楼{unit}单元居民咨询加装电梯的申请条件和费用分摊办法。",
       1, "building", (_JS, _JW), 0.8, building_kind="walkup"),
    # ---- 生活服务 / 垃圾清运
    _s("LIFE-RUBBISH", "{building}号楼前垃圾箱满了两天没人清运，有异味招苍蝇。",
       3, "building", (_WY, _CG), 2.2),
    _s("LIFE-RUBBISH", "{building}号楼{unit}单元楼道里堆放旧家具和杂物，影响通行还有消防隐患，要求清理。",
       3, "building", (_WY, _JW), 1.4),
    # ---- 生活服务 / 家政服务
    _s("LIFE-HOUSEKEEP", "老伴住院，家里没人打扫做饭，希望社区推荐价格实惠的家政服务。",
       2, "household", (_JW,), 1.0, "elderly"),
    _s("LIFE-HOUSEKEEP", "想找钟点工每周来打扫一次卫生，询问社区家政服务站八折优惠怎么预约。",
       1, "household", (_JW,), 1.0),
    # ---- 健康医疗 / 就医陪同
    _s("HEALTH-ESCORT", "独居老人{elder}慢性病需要定期复诊，子女在外地，希望有人陪同就医。",
       3, "household", (_JW, _WS), 3.5, "alone"),
    _s("HEALTH-ESCORT", "{elder}下周要去市中心医院做白内障手术，老伴腿脚不好，希望志愿者帮忙陪同挂号、取药。",
       3, "household", (_JW,), 2.5, "elderly"),
    _s("HEALTH-ESCORT", "{elder}腿脚不便，每周要去医院透析，询问能否安排志愿者和车辆接送。",
       4, "household", (_JW, _WS), 1.5, "elderly"),
    # ---- 健康医疗 / 慢性病管理
    _s("HEALTH-CHRONIC", "{elder}患高血压、糖尿病多年，希望社区卫生服务站定期上门测血压血糖。",
       2, "household", (_WS,), 3.0, "elderly"),
    _s("HEALTH-CHRONIC", "询问慢性病门诊特殊病种怎么办理，药费报销比例是多少。",
       2, "household", (_WS,), 2.0, "elderly"),
    _s("HEALTH-CHRONIC", "家庭医生签约到期，{elder}想续签并预约上门体检。",
       1, "household", (_WS,), 2.0, "elderly"),
    _s("HEALTH-CHRONIC", "{elder}脑梗后长期卧床，家属询问长期护理保险和上门康复护理服务。",
       3, "household", (_WS, _JW), 1.2, "elderly"),
    # ---- 健康医疗 / 居家养老
    _s("HEALTH-ELDER", "{elder}年纪大了做饭困难，希望每天有人送午餐上门，询问社区助餐服务和补贴。",
       2, "household", (_JW, _JS), 3.0, "elderly"),
    _s("HEALTH-ELDER", "{elder}快到或已满90岁，询问高龄津贴申领和每月免费牛奶发放情况。",
       1, "household", (_JS, _JW), 1.5, "very_old"),
    _s("HEALTH-ELDER", "空巢老人希望申请居家养老服务，每周两次上门助浴和打扫。",
       2, "household", (_JW, _JS), 1.5, "elderly"),
    _s("HEALTH-ELDER", "独居老人{elder}希望参加“日见面”服务，由志愿者每天电话问候或上门看看。",
       2, "household", (_JW,), 2.0, "alone"),
    # ---- 健康医疗 / 精神健康
    _s("HEALTH-MENTAL", "独居老人{elder}老伴去世后情绪低落、不愿出门，希望社区上门探望并做心理疏导。",
       3, "household", (_JW, _WS), 1.5, "alone"),
    _s("HEALTH-MENTAL", "孩子中考压力大，出现失眠和厌学，家长询问社区心理咨询室开放时间。",
       2, "household", (_JW,), 0.8, "family"),
    _s("HEALTH-MENTAL", "楼里有精神障碍患者近期情绪不稳定、夜间喊叫，邻居担心出事，请求社区和民警关注。",
       4, "household", (_JW, _PCS, _WS), 0.8),
    _s("HEALTH-MENTAL", "下岗后长期找不到工作，自述压力很大、整夜睡不着，希望得到心理支持。",
       3, "household", (_JW, _WS), 0.6, "working"),
    # ---- 健康医疗 / 急救协助
    _s("HEALTH-EMERGENCY", "独居老人{elder}在家摔倒，腿疼起不来，请求立即上门查看并联系120。",
       5, "household", (_JW, _WS), 1.2, "alone"),
    _s("HEALTH-EMERGENCY", "{elder}佩戴的智能手环发出心率异常报警，家属在外地联系不上老人，请求立即上门查看。",
       5, "household", (_JW, _WS), 0.8, "elderly"),
    _s("HEALTH-EMERGENCY", "{building}号楼{unit}单元一户独居老人两天没露面，屋里有电视声，敲门无人应答，请求上门查看。",
       5, "household", (_JW, _PCS), 0.8),
    # ---- 健康医疗 / 助残康复
    _s("HEALTH-DISABLED", "家中有残疾人，询问残疾证换证和重度残疾人护理补贴怎么申领。",
       2, "household", (_JS,), 1.2, "disabled"),
    _s("HEALTH-DISABLED", "家里有坐轮椅的残疾人，希望在{building}号楼{unit}单元门口加装无障碍坡道。",
       3, "household", (_JS, _WY), 0.8, "disabled"),
    _s("HEALTH-DISABLED", "家中有视力残疾的亲人，希望有“亲情上门”服务，定期帮忙读信、缴费和买药。",
       2, "household", (_JW,), 1.0, "disabled"),
    _s("HEALTH-DISABLED", "{elder}失能卧床，需要轮椅和护理床，询问社区能否借用康复辅具。",
       2, "household", (_JW, _WS), 1.0, "elderly"),
    # ---- 就业帮扶 / 技能培训
    _s("JOB-TRAINING", "下岗后想参加电工技能培训，询问报名方式。",
       2, "household", (_SB,), 3.0, "working"),
    _s("JOB-TRAINING", "想学养老护理员（或育婴员），询问政府补贴培训的开班时间和补贴标准。",
       2, "household", (_SB,), 2.5, "working"),
    _s("JOB-TRAINING", "家里孩子大学毕业在家待业，想参加电商直播或计算机培训，询问有没有免费课程。",
       1, "household", (_SB,), 1.2, "working"),
    # ---- 就业帮扶 / 岗位推荐
    _s("JOB-REFERRAL", "原厂破产后一直打零工，年龄五十出头，希望社区推荐保洁、保安等稳定岗位。",
       3, "household", (_SB,), 3.0, "working"),
    _s("JOB-REFERRAL", "有焊工证和二十年工龄，想找技术岗位，希望推荐本地企业的招聘信息。",
       2, "household", (_SB,), 2.5, "working"),
    _s("JOB-REFERRAL", "家中残疾人有劳动能力，询问公益性岗位的申请条件，希望推荐合适工作。",
       2, "household", (_SB, _JS), 1.0, "disabled"),
    # ---- 就业帮扶 / 创业指导
    _s("JOB-STARTUP", "想在小区附近开一家早餐铺，咨询营业执照办理和创业补贴政策。",
       1, "household", (_SB, _SJ), 1.5, "working"),
    _s("JOB-STARTUP", "下岗职工想开家政服务小店，希望参加创业培训并得到开业指导。",
       2, "household", (_SB,), 1.2, "working"),
    # ---- 就业帮扶 / 小额贷款
    _s("JOB-LOAN", "准备开小饭店，资金不够，询问创业担保贷款的申请条件和额度。",
       2, "household", (_SB,), 1.5, "working"),
    _s("JOB-LOAN", "一个多月前申请的创业担保贷款一直没有消息，希望社区帮忙问问审批进度。",
       2, "household", (_SB,), 0.8, "working"),
    # ---- 就业帮扶 / 就业社保政策
    _s("JOB-POLICY", "失业后想办理失业登记和领取失业保险金，询问需要带哪些材料。",
       2, "household", (_SB,), 2.2, "working"),
    _s("JOB-POLICY", "灵活就业人员询问社保补贴申领条件，担心今年断缴影响退休。",
       2, "household", (_SB,), 2.2, "working"),
    _s("JOB-POLICY", "快到退休年龄，原单位改制后档案找不到，询问如何补办档案和办理退休手续。",
       3, "household", (_SB,), 1.5, "working"),
    # ---- 权益保障 / 邻里纠纷
    _s("RIGHTS-NEIGHBOR", "与楼上邻居因漏水赔偿发生纠纷，希望社区调解。",
       3, "household", (_JW, _ZZ), 2.4),
    _s("RIGHTS-NEIGHBOR", "楼上住户夜里经常拖动桌椅、孩子跑跳，老人休息不好，双方已经发生口角。",
       3, "household", (_JW, _ZZ), 1.4),
    # ---- 权益保障 / 物业纠纷
    _s("RIGHTS-PROPERTY", "物业费上涨，物业没有公示收支明细，居民要求公开账目并召开居民会议。",
       3, "community", (_JW, _WY, _JS), 1.4),
    _s("RIGHTS-PROPERTY", "{building}号楼报修多次无人上门，居民拒交物业费，与物业矛盾激化，请求社区协调。",
       3, "building", (_WY, _JW), 1.4),
    _s("RIGHTS-PROPERTY", "{building}号楼居民要求查看房屋维修基金的使用明细，认为使用不透明。",
       2, "building", (_JS, _WY), 1.0),
    # ---- 权益保障 / 消费投诉
    _s("RIGHTS-CONSUMER", "{elder}在小区附近的“健康讲座”上买了六千多元保健品，家属认为是虚假宣传，要求退款。",
       3, "household", (_SJ, _PCS, _JW), 1.7, "elderly"),
    _s("RIGHTS-CONSUMER", "在小区门口理发店办的预付卡还剩一千多元，店铺突然关门，要求协助维权。",
       3, "household", (_SJ,), 1.3),
    # ---- 权益保障 / 法律援助
    _s("RIGHTS-LEGAL", "子女不尽赡养义务，{elder}生活困难，希望得到法律援助。",
       3, "household", (_SF, _JW), 1.5, "elderly"),
    _s("RIGHTS-LEGAL", "父母留下的房子涉及兄弟姐妹几人继承，询问怎样办理继承手续。",
       2, "household", (_SF,), 1.2),
    _s("RIGHTS-LEGAL", "接到冒充公检法的诈骗电话，已经转账两万元，请求帮助报警并咨询能否追回。",
       5, "household", (_PCS, _SF), 0.6, "elderly"),
    # ---- 权益保障 / 劳动争议
    _s("RIGHTS-LABOR", "在装修公司干了半年，老板拖欠工资三个多月，希望帮助讨薪。",
       3, "household", (_SB, _SF), 1.4, "working"),
    _s("RIGHTS-LABOR", "原单位没有足额缴纳社会保险，询问如何维权。",
       2, "household", (_SB, _SF), 1.0, "working"),
    # ---- 环境改善 / 绿化养护
    _s("ENV-GREEN", "{building}号楼前树木枝杈过长，挡住低层住户采光，还碰到电线，希望修剪。",
       3, "building", (_WY, _CG, _GD), 1.7),
    _s("ENV-GREEN", "小区绿地被踩成裸土，刮风时尘土飞扬，居民建议补种绿化。",
       1, "community", (_WY, _CG), 1.0),
    # ---- 环境改善 / 停车管理
    _s("ENV-PARKING", "{building}号楼前消防通道被私家车长期占用，救护车开不进来，要求管理。",
       4, "building", (_WY, _CG, _PCS), 1.8),
    _s("ENV-PARKING", "小区车位不够，外来车辆随意停放，居民希望规划停车位并实行门禁管理。",
       2, "community", (_WY, _JW), 1.4),
    # ---- 环境改善 / 噪音扰民
    _s("ENV-NOISE", "广场舞音乐声音太大，晚上九点后还在跳，影响休息。",
       3, "community", (_JW, _CG), 2.5),
    _s("ENV-NOISE", "小区门口商铺用大喇叭循环播放促销广告，噪音扰民。",
       2, "community", (_CG, _SJ), 1.0),
    # ---- 环境改善 / 环境卫生
    _s("ENV-SANITATION", "小区内乱扔垃圾、乱贴小广告，公共区域卫生差，建议开展集中整治。",
       2, "community", (_WY, _JW, _CG), 1.2),
    _s("ENV-SANITATION", "{building}号楼地下室长期积水发臭，滋生蚊虫。",
       3, "building", (_WY,), 1.0),
    # ---- 环境改善 / 犬只管理
    _s("ENV-DOG", "小区里有流浪狗出没，晚上追咬行人，孩子和老人不敢出门，希望联系收容。",
       4, "community", (_CG, _PCS, _JW), 1.8),
    _s("ENV-DOG", "有居民遛狗不拴绳、不清理狗粪便，希望社区加强文明养犬宣传和管理。",
       2, "community", (_JW, _PCS), 1.2),
    # ---- 环境改善 / 公共设施
    _s("ENV-FACILITY", "小区健身器材老化，单杠立柱锈蚀松动，存在安全隐患，希望更换。",
       3, "community", (_JS, _WY), 1.0),
    _s("ENV-FACILITY", "{building}号楼{unit}单元有人从楼上飞线给电动车充电，有火灾隐患，希望安装集中充电桩。",
       4, "building", (_WY, _JS), 1.0),
    _s("ENV-FACILITY", "小区几个监控探头坏了，有电动车电瓶被盗，希望尽快修复监控。",
       3, "community", (_WY, _PCS), 1.0),
    _s("ENV-FACILITY", "小区主路路灯不亮，夜间老人散步容易摔倒，请求维修。",
       3, "community", (_WY, _CG), 1.2),
]


def season_factor(situation: SituationSpec, day: date) -> float:
    """How much more (or less) often than usual a situation comes up on ``day``.

    Heating in 鞍山 runs from 1 November to 31 March; complaints spike in the first weeks of November.
    """
    if not situation.seasonal:
        return 1.0
    m, d = day.month, day.day
    if m == 11:
        return 6.0 if d <= 20 else 3.0
    if m == 12:
        return 1.2
    if m in (1, 2):
        return 0.6
    if m == 3:
        return 0.3
    if m == 10 and d >= 20:  # trial heating and fee questions
        return 0.5
    return 0.0


# --------------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------------

CHANNELS: tuple[str, ...] = ("walk_in", "phone", "collector", "online")
REPORTER_PROFILES: tuple[str, ...] = ("any", "elderly", "very_old", "alone", "disabled", "working", "family")
DUPLICATE_SHARE = 0.08


@dataclass(frozen=True)
class RequestSpec:
    situation: int              # index into REQUEST_SITUATIONS
    sub_code: str
    description: str
    urgency: int
    scope: str
    departments: tuple[str, ...]
    household: int              # index into the households given to make_requests
    resident: int               # index into that household's residents: who reported it
    channel: str                # "walk_in" | "phone" | "collector" | "online"
    caller_phone: str           # the number that called (phone channel only), else ""
    call_seconds: int | None    # length of the call (phone channel only)
    anonymous: bool
    intake_at: datetime         # naive, local time (Asia/Shanghai)
    duplicate_of: int | None    # index of the earlier request reporting the same problem (并单), if any


# Share of anonymous reports: complaints about neighbours are the ones people prefer not to sign.
_ANONYMOUS_RATE: dict[str, float] = {
    "ENV-NOISE": 0.35, "RIGHTS-NEIGHBOR": 0.25, "ENV-DOG": 0.3, "ENV-PARKING": 0.25, "RIGHTS-PROPERTY": 0.25,
    "ENV-SANITATION": 0.2, "RIGHTS-CONSUMER": 0.1, "HEALTH-EMERGENCY": 0.0,
}
_DEFAULT_ANONYMOUS_RATE = 0.07

# Channel shares on working days and on weekends/holidays (walk-ins fall to the Saturday duty desk).
_CHANNELS_WORKDAY = (0.55, 0.31, 0.09, 0.05)
_CHANNELS_OFFDAY = (0.18, 0.57, 0.10, 0.15)

# Minute-of-day windows (start, end, density) per channel.
_Window = tuple[int, int, float]
_OFFICE: tuple[_Window, ...] = ((8 * 60 + 30, 11 * 60 + 30, 3.0), (11 * 60 + 30, 13 * 60, 0.8),
                                (13 * 60, 17 * 60 + 30, 2.0))
_SATURDAY_DESK: tuple[_Window, ...] = ((9 * 60, 11 * 60 + 30, 1.0),)
_OFF_HOURS: tuple[_Window, ...] = ((0, 6 * 60 + 30, 0.05), (6 * 60 + 30, 8 * 60 + 30, 1.0),
                                   (17 * 60 + 30, 21 * 60 + 30, 1.5), (21 * 60 + 30, 24 * 60, 0.3))
_COLLECTOR: tuple[_Window, ...] = ((9 * 60, 11 * 60 + 30, 1.0), (14 * 60, 17 * 60, 1.0))
_ONLINE: tuple[_Window, ...] = ((7 * 60, 12 * 60, 1.0), (12 * 60, 19 * 60, 0.8), (19 * 60, 23 * 60, 1.6),
                                (23 * 60, 24 * 60, 0.3))

_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7),
)


def _is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in _HOLIDAYS


def _day_weight(day: date) -> float:
    if _is_workday(day):
        return 1.2 if day.weekday() == 0 else 1.0  # Mondays are busiest
    return 0.35 if day.weekday() == 5 else 0.2


def _minute(rng: random.Random, windows: Sequence[_Window]) -> int:
    spans = [(end - start) * density for start, end, density in windows]
    start, end, _ = rng.choices(list(windows), weights=spans)[0]
    return rng.randrange(start, end)


def _at(day: date, minute: int, rng: random.Random) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)))


def _intake_time(rng: random.Random, day: date, channel: str, urgency: int) -> datetime:
    workday = _is_workday(day)
    if channel == "walk_in":
        windows = _OFFICE if workday else _SATURDAY_DESK
    elif channel == "phone":
        off_share = 0.4 if urgency >= 5 else 0.12
        windows = _OFF_HOURS if (not workday or rng.random() < off_share) else _OFFICE
        if not workday and rng.random() < 0.5:
            windows = _SATURDAY_DESK
    elif channel == "collector":
        windows = _COLLECTOR
    else:
        windows = _ONLINE
    return _at(day, _minute(rng, windows), rng)


def _adults(household: HouseholdSpec, on: date, lo: int = 18, hi: int = 200) -> list[int]:
    return [i for i, r in enumerate(household.residents) if lo <= _age(r.birth_date, on) <= hi]


def _eldest(household: HouseholdSpec) -> ResidentSpec:
    return min(household.residents, key=lambda r: r.birth_date)


def _elder_title(household: HouseholdSpec) -> str:
    eldest = _eldest(household)
    return surname_of(eldest.name) + ("大爷" if eldest.gender == "M" else "奶奶")


class _Reporters:
    """Candidate reporters of each profile, with weights."""

    def __init__(self, households: Sequence[HouseholdSpec], on: date) -> None:
        self.households = households
        self.on = on
        self.pools: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
        for profile in REPORTER_PROFILES:
            for kind in ("any", "elevator", "walkup"):
                self.pools[(profile, kind)] = self._pool(profile, kind)

    def _pool(self, profile: str, kind: str) -> tuple[list[int], list[float]]:
        indices: list[int] = []
        weights: list[float] = []
        for i, h in enumerate(self.households):
            if kind == "elevator" and h.building not in ELEVATOR_BUILDINGS:
                continue
            if kind == "walkup" and h.building in ELEVATOR_BUILDINGS:
                continue
            weight = self._household_weight(profile, h)
            if weight > 0:
                indices.append(i)
                weights.append(weight)
        return indices, weights

    def _household_weight(self, profile: str, h: HouseholdSpec) -> float:
        if profile == "any":
            return 1.0 if _adults(h, self.on) else 0.0
        if profile == "elderly":
            if not _adults(h, self.on, 60):
                return 0.0
            return 3.0 if ("alone" in h.tags or "empty_nest" in h.tags) else 1.5 if "disabled" in h.tags else 1.0
        if profile == "very_old":
            return 1.0 if _adults(h, self.on, 89) else 0.0
        if profile == "alone":
            return 1.0 if "alone" in h.tags else 0.0
        if profile == "disabled":
            return 1.0 if "disabled" in h.tags else 0.0
        if profile == "working":
            working = _adults(h, self.on, 18, 59)
            return 0.0 if not working else 1.5 if _adults(h, self.on, 40, 59) else 1.0
        if profile == "family":
            return 1.0 if _adults(h, self.on, 0, 17) and _adults(h, self.on) else 0.0
        raise ValueError(f"unknown reporter profile {profile!r}")

    def pick(self, rng: random.Random, situation: SituationSpec) -> tuple[int, int]:
        indices, weights = self.pools[(situation.reporter, situation.building_kind)]
        if not indices and situation.reporter == "very_old":
            indices, weights = self.pools[("elderly", situation.building_kind)]
        if not indices:
            indices, weights = self.pools[("any", situation.building_kind)]
        h_index = rng.choices(indices, weights=weights)[0]
        return h_index, self.member(rng, self.households[h_index], situation.reporter)

    def member(self, rng: random.Random, h: HouseholdSpec, profile: str) -> int:
        adults = _adults(h, self.on) or list(range(len(h.residents)))
        if profile in ("elderly", "very_old", "alone"):
            old = _adults(h, self.on, 60)
            younger = [i for i in adults if i not in old]
            if old and (not younger or rng.random() < 0.7):
                return rng.choice(old)
            return rng.choice(younger or adults)
        if profile == "working":
            return rng.choice(_adults(h, self.on, 18, 59) or adults)
        if profile == "family":
            return rng.choice(_adults(h, self.on, 25, 59) or adults)
        return rng.choice(adults)


def _describe(situation: SituationSpec, household: HouseholdSpec) -> str:
    return situation.description.format(building=household.building, unit=household.unit,
                                        elder=_elder_title(household))


@dataclass(frozen=True)
class _Draft:
    situation: int
    household: int
    resident: int
    description: str
    channel: str
    intake_at: datetime
    duplicate_of: int | None  # index into the drafts


def _channel(rng: random.Random, day: date, situation: SituationSpec) -> str:
    if situation.urgency >= 5 and situation.scope == "household":
        return "phone" if rng.random() < 0.75 else "walk_in"
    shares = _CHANNELS_WORKDAY if _is_workday(day) else _CHANNELS_OFFDAY
    return rng.choices(CHANNELS, weights=shares)[0]


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _pick(rng: random.Random, cumulative: Sequence[float]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def make_requests(rng: random.Random, households: Sequence[HouseholdSpec], start: date, end: date,
                  n: int) -> list[RequestSpec]:
    """About ``n`` requests logged between ``start`` and ``end`` (inclusive), in order of intake.

    Working days carry most of the load, Mondays most of all; the heating season adds its own spike in
    November. About 8% are the same building problem reported again by another household of the same
    building (and unit, if the text names one) within a few days: ``duplicate_of`` points at the first
    report, which always comes earlier in the list.
    """
    if end < start:
        raise ValueError("end is before start")
    if not households:
        raise ValueError("no households")
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    situations = REQUEST_SITUATIONS
    base_weights = [s.weight for s in situations]
    plain_total = sum(s.weight for s in situations if not s.seasonal)

    # Days weighted by office load and by the extra volume of seasonal situations.
    def volume(day: date) -> float:
        extra = sum(s.weight * season_factor(s, day) for s in situations if s.seasonal)
        return _day_weight(day) * (1.0 + extra / plain_total)

    day_cumulative = _cumulative([volume(d) for d in days])
    situation_cumulative: dict[tuple[int, int], list[float]] = {}

    def situation_weights(day: date) -> list[float]:
        key = (day.month, day.day)
        if key not in situation_cumulative:
            situation_cumulative[key] = _cumulative(
                [w * season_factor(s, day) for w, s in zip(base_weights, situations, strict=True)])
        return situation_cumulative[key]

    reporters = _Reporters(households, start)
    n_duplicates = round(n * DUPLICATE_SHARE)
    drafts: list[_Draft] = []
    for _ in range(n - n_duplicates):
        day = days[_pick(rng, day_cumulative)]
        s_index = _pick(rng, situation_weights(day))
        situation = situations[s_index]
        h_index, r_index = reporters.pick(rng, situation)
        channel = _channel(rng, day, situation)
        drafts.append(_Draft(s_index, h_index, r_index, _describe(situation, households[h_index]), channel,
                             _intake_time(rng, day, channel, situation.urgency), None))

    drafts.extend(_duplicates(rng, households, drafts, reporters, end, n_duplicates))
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].intake_at, i))
    new_index = {old: new for new, old in enumerate(order)}
    phones = {r.phone for h in households for r in h.residents if r.phone} | {s.phone for s in STAFF}
    return [_finish(rng, households, drafts[old], new_index, phones) for old in order]


def _duplicates(rng: random.Random, households: Sequence[HouseholdSpec], drafts: Sequence[_Draft],
                reporters: _Reporters, end: date, count: int) -> list[_Draft]:
    """Second reports of building problems by other households of the same building (or unit)."""
    by_building: dict[str, list[int]] = {}
    for i, h in enumerate(households):
        by_building.setdefault(h.building, []).append(i)
    candidates = [i for i, d in enumerate(drafts) if REQUEST_SITUATIONS[d.situation].scope == "building"]
    reporters_of: dict[int, list[int]] = {i: [drafts[i].household] for i in candidates}
    result: list[_Draft] = []
    attempts = 0
    while len(result) < count and candidates and attempts < count * 20:
        attempts += 1
        original_index = rng.choice(candidates)
        original = drafts[original_index]
        situation = REQUEST_SITUATIONS[original.situation]
        first = households[original.household]
        same_unit = "{unit}" in situation.description
        others = [
            i for i in by_building[first.building]
            if i not in reporters_of[original_index] and (not same_unit or households[i].unit == first.unit)
            and _adults(households[i], end)
        ]
        if not others:
            continue
        day = original.intake_at.date() + timedelta(days=rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4)))
        if day > end:
            continue
        channel = _channel(rng, day, situation)
        when = _intake_time(rng, day, channel, situation.urgency)
        if when <= original.intake_at:  # same day but earlier: it comes the next day instead
            day += timedelta(days=1)
            if day > end:
                continue
            channel = _channel(rng, day, situation)
            when = _intake_time(rng, day, channel, situation.urgency)
        h_index = rng.choice(others)
        reporters_of[original_index].append(h_index)
        r_index = reporters.member(rng, households[h_index], "any")
        result.append(_Draft(original.situation, h_index, r_index, original.description, channel, when,
                             original_index))
    return result


def _finish(rng: random.Random, households: Sequence[HouseholdSpec], draft: _Draft, new_index: dict[int, int],
            known_phones: set[str]) -> RequestSpec:
    situation = REQUEST_SITUATIONS[draft.situation]
    household = households[draft.household]
    caller_phone = ""
    call_seconds: int | None = None
    if draft.channel == "phone":
        own = household.residents[draft.resident].phone
        family = [r.phone for r in household.residents if r.phone]
        if own:
            caller_phone = own
        elif family:
            caller_phone = rng.choice(family)
        else:  # a son or daughter calling from elsewhere on behalf of the old person
            while True:
                caller_phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                if caller_phone not in known_phones:
                    known_phones.add(caller_phone)
                    break
        call_seconds = rng.randint(45, 150) if situation.urgency >= 5 else rng.randint(90, 600)
    anonymous = rng.random() < _ANONYMOUS_RATE.get(situation.sub_code, _DEFAULT_ANONYMOUS_RATE)
    return RequestSpec(
        situation=draft.situation,
        sub_code=situation.sub_code,
        description=draft.description,
        urgency=situation.urgency,
        scope=situation.scope,
        departments=situation.departments,
        household=draft.household,
        resident=draft.resident,
        channel=draft.channel,
        caller_phone=caller_phone,
        call_seconds=call_seconds,
        anonymous=anonymous,
        intake_at=draft.intake_at,
        duplicate_of=None if draft.duplicate_of is None else new_index[draft.duplicate_of],
    )
