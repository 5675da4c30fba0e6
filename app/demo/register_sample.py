"""A realistic register spreadsheet for trying the import (resources/samples/居民花名册示例.xlsx), with the messes real
files have and a list of the mistakes planted in it, so a test can check the import's counts exactly.

    python -m app.demo.register_sample [--out FILE]

About 2,100 residents of 56 buildings (the demo's households drawn seven times over), in a sheet as a street office
hands it out: a title merged across the columns and a line of who filled it in above the headers, a 序号 column,
blank lines, genders as 男/女 and as 1/2, birth dates as dates, as Excel serial numbers and as text in three ways,
full-width digits, addresses as 3-2-301 and as 3号楼2单元301室, phones with spaces. Planted mistakes (``Planted``):
ID numbers stored as numbers (the X or the last digits lost), wrong check digits, impossible and contradicting
birth dates, bad phones, the same person twice, an ID number registered for someone else, unknown buildings and
grids, missing names. ``REGISTER`` are the households "already registered": imported into a register holding
them, their rows are unchanged or (a new phone) updated; into an empty one, added.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.demo.data import GRIDS, HouseholdSpec, ResidentSpec, make_households

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "samples" / "居民花名册示例.xlsx"
SEED = 20261203
ROUNDS = 7                     # make_households draws the demo's 8 buildings; round i numbers them 8*i+1 ...
BUILDING_COUNT = 8 * ROUNDS    # buildings 1..56
HEADER_ROW = 4
HEADERS = ("序号", "姓名", "性别", "身份证号码", "出生年月日", "联系方式", "家庭住址", "所属网格", "户类型", "备注")
REGISTERED_HOUSEHOLDS = 16     # the first households are in the register already
NEW_PHONES = 15                # of their members, the first get a new phone in the file (updated)
ZH_TAGS = {"empty_nest": "空巢", "alone": "独居", "disabled": "残疾", "rented": "出租", "ordinary": "常态"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def grid_of(building: int) -> str:
    """The grid (name) covering a building: 8 buildings a round, the rounds shared out over the demo's grids."""
    return GRIDS[((building - 1) // 8) % len(GRIDS)].name


@dataclass(frozen=True)
class Planted:
    """A mistake planted on a row: the row is refused for ``field`` (a RegisterField value; "" for the row)."""

    row: int
    field: str
    kind: str


@dataclass
class Sample:
    path: Path
    rows: int = 0                                  # data rows (blank lines not counted)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    planted: list[Planted] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len(self.planted)


@dataclass(frozen=True)
class Person:
    resident: ResidentSpec
    household: HouseholdSpec
    building: int


def people(rng: random.Random, rounds: int = ROUNDS) -> list[Person]:
    """Residents of ``rounds`` times the demo's households, buildings numbered on (8 a round), IDs and phones unique."""
    found: list[Person] = []
    ids: set[str] = set()
    phones: set[str] = set()
    for round_no in range(rounds):
        for household in make_households(rng):
            building = 8 * round_no + int(household.building)
            for resident in household.residents:
                if resident.id_number in ids or (resident.phone and resident.phone in phones):
                    continue  # drawn twice by chance in two rounds: left out, the planted duplicates are the ones
                ids.add(resident.id_number)
                phones.add(resident.phone)
                found.append(Person(resident, replace(household, building=str(building)), building))
    return found


def registered(everyone: list[Person]) -> list[Person]:
    """The members of the first REGISTERED_HOUSEHOLDS households: the register the sample is checked against."""
    flats: list[tuple[str, str, str]] = []
    for p in everyone:
        flat = (p.household.building, p.household.unit, p.household.room)
        if flat not in flats:
            flats.append(flat)
    chosen = set(flats[:REGISTERED_HOUSEHOLDS])
    return [p for p in everyone if (p.household.building, p.household.unit, p.household.room) in chosen]


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


class _Writer:
    def __init__(self, rng: random.Random, path: Path) -> None:
        self.rng = rng
        self.book = Workbook()
        ws = self.book.active
        assert ws is not None
        self.ws = ws
        self.sample = Sample(path)
        self.number = 0
        self.next_row = HEADER_ROW + 1

    def head(self) -> None:
        ws = self.ws
        ws.title = "花名册"
        ws["A1"] = "幸福里社区居民花名册（2026年）"
        ws["A1"].font = Font(bold=True, size=16)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws["A2"] = "填报单位：幸福里社区居委会"
        ws["F2"] = "填报日期：2026年11月"
        ws.append([])
        for column, header in enumerate(HEADERS, start=1):
            ws.cell(HEADER_ROW, column, header).font = Font(bold=True)

    def blank(self) -> None:
        self.next_row += 1

    def put(self, values: list[Any]) -> int:
        row = self.next_row
        self.number += 1
        for column, value in enumerate([self.number, *values], start=1):
            if value not in (None, ""):
                self.ws.cell(row, column, value)
        self.next_row += 1
        self.sample.rows += 1
        return row

    def values(self, p: Person, *, phone: str | None = None, grid: bool = True) -> list[Any]:
        """A clean row in one of the many ways real files write it."""
        r, h, rng = p.resident, p.household, self.rng
        gender: Any = {"M": "男", "F": "女"}[r.gender] if rng.random() < 0.7 else {"M": 1, "F": 2}[r.gender]
        style = rng.random()
        birth: Any = (r.birth_date if style < 0.4 else _serial(r.birth_date) if style < 0.65
                      else f"{r.birth_date.year}/{r.birth_date.month}/{r.birth_date.day}" if style < 0.8
                      else r.birth_date.strftime("%Y%m%d") if style < 0.9
                      else f"{r.birth_date.year}年{r.birth_date.month}月{r.birth_date.day}日")
        number = r.id_number if rng.random() < 0.95 else r.id_number.translate(FULL_WIDTH)
        tel = r.phone if phone is None else phone
        if tel and rng.random() < 0.1:
            tel = f"{tel[:3]} {tel[3:7]} {tel[7:]}"
        elif tel and rng.random() < 0.05:
            tel = tel.translate(FULL_WIDTH)
        address = (f"{p.building}-{h.unit}-{h.room}" if rng.random() < 0.5
                   else f"{p.building}号楼{h.unit}单元{h.room}室")
        if rng.random() < 0.03:
            address = address.translate(FULL_WIDTH)
        tags = "、".join(ZH_TAGS[t] for t in h.tags)
        return [r.name, gender, number, birth, tel, address, grid_of(p.building) if grid else "", tags, ""]

    def plant(self, values: list[Any], field_name: str, kind: str) -> None:
        row = self.put(values)
        self.sample.planted.append(Planted(row, field_name, kind))


def _mobile(rng: random.Random) -> str:
    return "139" + f"{rng.randrange(10**8):08d}"


def build(path: Path = SAMPLE_PATH, seed: int = SEED) -> Sample:
    """Write the sample spreadsheet to ``path``; what the import should make of it is returned."""
    rng = random.Random(seed)
    everyone = people(rng)
    register = registered(everyone)
    in_register = {p.resident.id_number for p in register}
    others = [p for p in everyone if p.resident.id_number not in in_register]
    w = _Writer(rng, path)
    w.head()
    for i, p in enumerate(register):  # their grid cell is empty: the register's households keep theirs
        if i < NEW_PHONES:
            w.put(w.values(p, phone=_mobile(rng), grid=False))
            w.sample.updated += 1
        else:
            w.put(w.values(p, phone=p.resident.phone, grid=False))
            w.sample.unchanged += 1
    x_ids = [p for p in others if p.resident.id_number.endswith("X")][:8]
    planted_people = {p.resident.id_number for p in x_ids}
    victims = [p for p in others if p.resident.id_number not in planted_people][:70]
    planted_people |= {p.resident.id_number for p in victims}
    mistakes: list[tuple[list[Any], str, str]] = []
    for p in x_ids:  # Excel kept 17 digits of a number: the X is gone
        values = w.values(p)
        values[2] = int(p.resident.id_number[:17])
        mistakes.append((values, "id_number", "id lost its X"))
    for p in victims[:8]:  # 18 digits as a number: Excel keeps 15, the last three become 0
        values = w.values(p)
        values[2] = float(int(p.resident.id_number[:15]) * 1000)
        mistakes.append((values, "id_number", "id stored as a number"))
    for p in victims[8:13]:
        values = w.values(p)
        last = p.resident.id_number[-1]
        values[2] = p.resident.id_number[:17] + ("0" if last != "0" else "1")
        mistakes.append((values, "id_number", "wrong check digit"))
    for p, text in zip(victims[13:17], ("1958-02-30", "2031/5/6", "19621340", "1800年1月1日"), strict=True):
        values = w.values(p)
        values[2], values[3] = "", text
        mistakes.append((values, "birth_date", "impossible birth date"))
    for p in victims[17:20]:
        values = w.values(p)
        values[3] = date(p.resident.birth_date.year - 1, 6, 1)
        mistakes.append((values, "birth_date", "birth date contradicts the ID number"))
    for p, tel in zip(victims[20:26], ("138123456789", "1381234567", "23456", "12345678901", "0412-123", "电话无"),
                      strict=True):
        values = w.values(p)
        values[4] = tel
        mistakes.append((values, "phone", "phone format"))
    for p in victims[26:30]:
        values = w.values(p)
        values[5] = f"{BUILDING_COUNT + 43}-1-101"
        mistakes.append((values, "address", "unknown building"))
    for p in victims[30:33]:
        values = w.values(p)
        values[6] = "第九网格"
        mistakes.append((values, "grid", "unknown grid"))
    for p in victims[33:37]:
        values = w.values(p)
        values[0] = ""
        mistakes.append((values, "name", "missing name"))
    for p, other in zip(register[:3], victims[37:40], strict=True):  # someone else's registered ID number
        values = w.values(other)
        values[2] = p.resident.id_number
        values[3] = p.resident.birth_date
        values[1] = {"M": "男", "F": "女"}[p.resident.gender]
        mistakes.append((values, "id_number", "ID number registered for another person"))
    without_ids = victims[40:60]  # not yet collected: added without an ID number
    good = [p for p in others if p.resident.id_number not in planted_people]
    doubles = good[100:105]  # later in the file a second time (a family member filled the form in again)
    queue: list[tuple[list[Any], str, str] | Person] = [*good, *without_ids]
    rng.shuffle(queue)
    for values, field_name, kind in mistakes:
        queue.insert(rng.randrange(len(queue)), (values, field_name, kind))
    first_rows: dict[str, int] = {}
    for n, item in enumerate(queue):
        if n and n % 97 == 0:
            w.blank()
        if isinstance(item, Person):
            values = w.values(item)
            if item in without_ids:
                values[2] = ""
            first_rows[item.resident.id_number] = w.put(values)
            w.sample.added += 1
        else:
            w.plant(*item)
    for p in doubles:
        w.blank()
        w.plant(w.values(p), "id_number", f"the same person as row {first_rows[p.resident.id_number]}")
    widths = (6, 10, 6, 21, 14, 15, 18, 10, 12, 16)
    for column, width in enumerate(widths):
        w.ws.column_dimensions[chr(ord("A") + column)].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    w.book.save(path)
    return w.sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=SAMPLE_PATH)
    args = parser.parse_args()
    sample = build(args.out)
    print(f"{sample.path}: {sample.rows} rows, {sample.added} to add, {sample.updated} to update, "
          f"{sample.unchanged} unchanged, {sample.refused} refused")


if __name__ == "__main__":
    main()
