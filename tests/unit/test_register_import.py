"""The register import (issue 17) on real files: the shipped messy sample with its planted mistakes counted exactly,
GBK csv in any column order with the mapping remembered, every refusal naming its row and column, nothing written
on a refusal or when the file or the register changed after the preview, and the export's round trip."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.demo.data import GRIDS
from app.demo.register_sample import BUILDING_COUNT, SAMPLE_PATH, SEED, Sample, build, grid_of, people, registered
from app.models import AuditEntry, Building, Grid, Household, RegisterImport, Resident
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from app.services.people.register_io import TEMPLATE_COLUMNS, RegisterField, read_table
from app.services.people.register_plan import Outcome
from app.services.people.register_rows import INCOMPLETE_ID, read_row
from app.services.people.residents import NewResident
from tests.unit.conftest import ZHANG_SAN_ID

F = RegisterField
TODAY = date(2026, 11, 20)
TEMPLATE_FIELDS = tuple(f for f, _h in TEMPLATE_COLUMNS)


def count(services: Services, model: type) -> int:
    with services.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def prepare_community(services: Services, admin: Actor) -> None:
    """The sample's community: the demo's grids, 56 buildings in the building table, the registered households."""
    with services.db.transaction() as session:
        grids = {g.name: Grid(code=g.code, name=g.name) for g in GRIDS}
        session.add_all(grids.values())
        session.flush()
        session.add_all(Building(number=str(b), grid_id=grids[grid_of(b)].id) for b in range(1, BUILDING_COUNT + 1))
    for p in registered(people(random.Random(SEED))):
        r, h = p.resident, p.household
        services.residents.create(admin, NewResident(name=r.name, phone=r.phone, id_number=r.id_number,
                                                     gender=r.gender, building=h.building, unit=h.unit, room=h.room,
                                                     tags=h.tags))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    """The sample made again (same seed): what the import should make of the shipped file."""
    return build(tmp_path_factory.mktemp("sample") / "sample.xlsx")


def test_the_shipped_sample_is_the_generated_one(planted: Sample) -> None:
    shipped = read_table(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name)
    made = read_table(planted.path.read_bytes(), planted.path.name)
    assert shipped.rows == made.rows and shipped.headers == made.headers
    assert len(shipped.rows) == planted.rows >= 2000 + planted.refused
    assert SAMPLE_PATH.stat().st_size < 300_000


def test_the_sample_previews_with_exactly_its_planted_mistakes(services: Services, admin: Actor,
                                                               planted: Sample) -> None:
    prepare_community(services, admin)
    residents, entries = count(services, Resident), count(services, AuditEntry)
    opened = services.register_import.open_file(admin, SAMPLE_PATH)
    assert opened.header_row == 4 and opened.rows == planted.rows  # under a merged title, a date line, a blank
    assert opened.fields == (F.IGNORE, F.NAME, F.GENDER, F.ID_NUMBER, F.BIRTH_DATE, F.PHONE, F.ADDRESS, F.GRID,
                             F.TAGS, F.NOTES)
    preview = services.register_import.preview(admin, SAMPLE_PATH, opened.sheet, opened.fields)
    assert (preview.added, preview.updated, preview.unchanged, preview.refused) == (
        planted.added, planted.updated, planted.unchanged, planted.refused)
    assert {(r.row, r.problems[0].field) for r in preview.refused_rows} == {(p.row, p.field) for p in planted.planted}
    kinds = {p.kind for p in planted.planted}
    assert {"id lost its X", "id stored as a number", "wrong check digit", "impossible birth date", "phone format",
            "unknown building", "unknown grid", "missing name", "ID number registered for another person",
            "birth date contradicts the ID number"} <= kinds
    assert count(services, Resident) == residents and count(services, AuditEntry) == entries  # nothing written
    first_double = next(p for p in planted.planted if p.kind.startswith("the same person as row"))
    double = next(r for r in preview.rows if r.row == first_double.row)
    assert double.problems[0].message.params == {"row": int(first_double.kind.rsplit(" ", 1)[1])}


def test_committing_the_sample_imports_the_good_rows_once(services: Services, admin: Actor, planted: Sample) -> None:
    prepare_community(services, admin)
    before = count(services, Resident)
    opened = services.register_import.open_file(admin, SAMPLE_PATH)
    preview = services.register_import.preview(admin, SAMPLE_PATH, opened.sheet, opened.fields)
    reports: list[tuple[int, int]] = []
    record = services.register_import.commit(admin, preview, lambda done, total: reports.append((done, total)))
    assert (record.added, record.updated, record.refused) == (planted.added, planted.updated, planted.refused)
    assert record.file_name == SAMPLE_PATH.name and len(record.file_sha256) == 64 and record.created_by == "于海波"
    assert reports and reports[-1][0] == reports[-1][1] == planted.added + planted.updated
    assert count(services, Resident) == before + planted.added
    with services.db.reading() as session:
        stored = session.scalars(select(RegisterImport)).one()
        assert (stored.added, stored.refused, stored.sheet) == (planted.added, planted.refused, "花名册")
        # a new flat of building 9 belongs to building 9's grid (the building table's)
        grid = session.scalar(select(Grid.name).join(Household, Household.grid_id == Grid.id)
                              .where(Household.building == "9").limit(1))
        assert grid == grid_of(9)
    again = services.register_import.preview(admin, SAMPLE_PATH, opened.sheet, opened.fields)
    assert (again.added, again.updated, again.refused) == (0, 0, planted.refused)


def test_the_export_imports_back_without_a_change(services: Services, admin: Actor, tmp_path: Path) -> None:
    prepare_community(services, admin)
    opened = services.register_import.open_file(admin, SAMPLE_PATH)
    preview = services.register_import.preview(admin, SAMPLE_PATH, opened.sheet, opened.fields)
    services.register_import.commit(admin, preview)
    out = services.register_import.export_xlsx(admin, tmp_path / "register.xlsx")
    assert out.id_numbers and out.residents == count(services, Resident)
    back = services.register_import.open_file(admin, out.path)
    assert back.fields == TEMPLATE_FIELDS  # the template's columns map themselves
    preview = services.register_import.preview(admin, out.path, back.sheet, back.fields)
    assert (preview.added, preview.updated, preview.refused, preview.unchanged) == (0, 0, 0, out.residents)
    with pytest.raises(ValidationError):  # nothing to import: nothing is recorded either
        services.register_import.commit(admin, preview)
    again = services.register_import.export_xlsx(admin, tmp_path / "again.xlsx")
    first = [list(r) for r in load_workbook(out.path).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    second = [list(r) for r in load_workbook(again.path).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert first == second and first[0] == [h for _f, h in TEMPLATE_COLUMNS]
    assert count(services, RegisterImport) == 1


def test_gbk_csv_in_any_column_order_with_the_mapping_remembered(services: Services, admin: Actor,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "花名册.csv"
    text = ("编号,居民,住址,手机,公民身份号码,性别\r\n"
            "1,赵铁柱,７-1-101,１３９ ０４１２ ３３４４,,1\r\n"
            "\r\n"
            "2,钱秀英,7号楼1单元101室,,,2\r\n"
            "3,孙建国,8-2-502,13904125566,,男\r\n")
    path.write_bytes(text.encode("gbk"))
    opened = services.register_import.open_file(admin, path)
    assert [c.header for c in opened.columns] == ["编号", "居民", "住址", "手机", "公民身份号码", "性别"]
    assert opened.fields[1] is F.IGNORE and not opened.remembered  # 居民 is no name the import knows
    with pytest.raises(ValidationError) as refused:
        services.register_import.preview(admin, path, opened.sheet, opened.fields)
    assert refused.value.errors["mapping"].template.startswith("Please choose the column that holds the name")
    fields = (F.IGNORE, F.NAME, *opened.fields[2:])
    preview = services.register_import.preview(admin, path, opened.sheet, fields)
    assert [(r.row, r.name, r.outcome) for r in preview.rows] == [
        (2, "赵铁柱", Outcome.ADDED), (4, "钱秀英", Outcome.ADDED), (5, "孙建国", Outcome.ADDED)]
    services.register_import.commit(admin, preview)
    found = services.residents.search(admin, "7-1-101")
    assert sorted((r.name, r.phone, r.gender) for r in found) == [("赵铁柱", "13904123344", "M"),
                                                                  ("钱秀英", "", "F")]
    reopened = services.register_import.open_file(admin, path)
    assert reopened.remembered and reopened.fields == fields
    assert services.paths.data_dir.joinpath("import-mappings.json").exists()


def test_each_refusal_names_its_row_and_column(services: Services, admin: Actor, residents: dict,
                                               tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "姓名,身份证号,出生日期,联系电话,楼号,单元,室,网格\n"
        "张三,210302195503150010,1955-03-15,13812345678,3,2,301,\n"           # 2: 张三 himself, unchanged
        "李四,210302195503150010,,,4,1,101,\n"                               # 3: his ID number, another name
        ",,,13800001111,4,1,101,\n"                                          # 4: no name
        "王五,,1990-02-30,,4,1,101,\n"                                       # 5: no such day
        "赵六,,,1380000111,4,1,101,\n"                                       # 6: ten digits
        "钱七,21030219900101001,,,4,1,101,\n"                                # 7: 17 digits: the X lost
        "孙八,,,,4,1,101,第九网格\n"                                          # 8: no such grid
        "周九,,,,4,,,\n",                                                    # 9: a building only
        encoding="utf-8")
    opened = services.register_import.open_file(admin, path)
    preview = services.register_import.preview(admin, path, opened.sheet, opened.fields)
    assert preview.rows[0].outcome is Outcome.UNCHANGED
    refused = {r.row: [(p.field, p.message.template) for p in r.problems] for r in preview.refused_rows}
    assert refused == {
        3: [("id_number", "The same ID number is already on row {row} of this file."),
            ("id_number", "This ID number is already registered for {name}.")],
        4: [("name", "The name is missing.")],
        5: [("birth_date", "The birth date {value} is not a possible date.")],
        6: [("phone", "A mobile number has 11 digits; this one has {n}.")],
        7: [("id_number", INCOMPLETE_ID)],
        8: [("grid", "No grid is called {name} (give its name or code).")],
        9: [("building", "A new resident needs the building, unit and room (as on the desk's form).")],
    }
    row_8 = next(r for r in preview.refused_rows if r.row == 8)
    shown = preview.reason(row_8.problems[0], lambda _context, text: text)
    assert shown == "网格：No grid is called 第九网格 (give its name or code)."


def test_a_changed_file_or_register_after_the_preview_imports_nothing(services: Services, admin: Actor,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    path.write_text("姓名,身份证号,联系电话,住址\n周九,210302195503150029,13800002222,4-1-101\n", encoding="utf-8")
    opened = services.register_import.open_file(admin, path)
    preview = services.register_import.preview(admin, path, opened.sheet, opened.fields)
    assert preview.added == 1
    path.write_text("姓名,身份证号,联系电话,住址\n周九,210302195503150029,13800003333,4-1-101\n", encoding="utf-8")
    before = count(services, Resident), count(services, AuditEntry)
    with pytest.raises(Conflict):
        services.register_import.commit(admin, preview)
    path.write_text("姓名,身份证号,联系电话,住址\n周九,210302195503150029,13800002222,4-1-101\n", encoding="utf-8")
    services.residents.create(admin, NewResident(name="周九", id_number="210302195503150029",
                                                 building="4", unit="1", room="101"))  # meanwhile, a desk
    with pytest.raises(Conflict):
        services.register_import.commit(admin, preview)
    assert count(services, Resident) == before[0] + 1 and count(services, RegisterImport) == 0


def test_importing_needs_the_permission(services: Services, clerk: Actor, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名\n吴十\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        services.register_import.open_file(clerk, path)
    with pytest.raises(PermissionDenied):
        services.register_import.preview(clerk, path, "x", (F.NAME,))


def test_an_update_lists_what_changes(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text(f"姓名,身份证号,联系电话,住址,户类型,备注\n张三,{ZHANG_SAN_ID},13911112222,3-2-301,空巢、残疾,"
                    "行动不便\n", encoding="utf-8")
    opened = services.register_import.open_file(admin, path)
    preview = services.register_import.preview(admin, path, opened.sheet, opened.fields)
    (row,) = preview.rows
    assert row.outcome is Outcome.UPDATED
    assert [preview.change(c) for c in row.changes] == [
        "联系电话：13812345678 → 13911112222", "备注：（空） → 行动不便", "户类型：空巢 → 空巢、残疾"]
    services.register_import.commit(admin, preview)
    (zhang,) = services.residents.search(admin, ZHANG_SAN_ID)
    assert zhang.phone == "13911112222" and set(zhang.tags) == {"empty_nest", "disabled"}


@pytest.mark.parametrize(("cells", "field", "wanted"), [
    ({F.NAME: "甲", F.ID_NUMBER: 210302195503150000}, "id_number", None),    # a number: digits lost
    ({F.NAME: "甲", F.ID_NUMBER: "2.10302E+17"}, "id_number", None),
    ({F.NAME: "甲", F.BIRTH_DATE: 20000.0}, "birth_date", date(1954, 10, 3)),  # an Excel serial number
    ({F.NAME: "甲", F.BIRTH_DATE: "1955年3月15日"}, "birth_date", date(1955, 3, 15)),
    ({F.NAME: "甲", F.BIRTH_DATE: "19550315"}, "birth_date", date(1955, 3, 15)),
    ({F.NAME: "甲", F.GENDER: 2}, "gender", "F"),
    ({F.NAME: "甲", F.GENDER: "男"}, "gender", "M"),
    ({F.NAME: "甲", F.PHONE: "１３８１２３４５６７８"}, "phone", "13812345678"),
    ({F.NAME: "甲", F.ID_NUMBER: "２１０３０２１９５５０３１５００１０"}, "id_number", ZHANG_SAN_ID),
    ({F.NAME: "甲", F.ADDRESS: "３号楼２单元３０１室"}, "address", ("3", "2", "301")),
    ({F.NAME: "甲", F.BUILDING: "3号楼", F.UNIT: "2单元", F.ROOM: 301}, "address", ("3", "2", "301")),
])
def test_the_cells_real_files_hold(cells: dict, field: str, wanted: object) -> None:
    clean, problems = read_row(cells, TODAY)
    if wanted is None:
        assert clean is None and [p.message.template for p in problems] == [INCOMPLETE_ID]
    else:
        assert clean is not None and getattr(clean, field) == wanted, problems


def test_the_template_explains_itself_and_maps_itself(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = services.register_import.write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["居民花名册", "填写说明"]
    assert services.register_import.open_file(admin, path).fields == TEMPLATE_FIELDS
    ids = [row[3] for row in book["居民花名册"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["210302195503150010", "11010519491231002X"]  # text, never numbers
