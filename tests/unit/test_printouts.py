"""One place for every printed file: ``files.save_printout`` names each document by what it is and the day, numbers
them without ever reusing a name (two prints at once included), writes them whole or not at all, and a voucher and a
receipt made by the real services land side by side in the data folder's printing folder."""

from __future__ import annotations

import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest

from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.files import Printout, printout_path, save_printout
from app.services.documents.receipt import render_receipt
from app.services.documents.vouchers import render_voucher
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput, RuleInput
from app.services.people.residents import ResidentSummary

DAY = date(2026, 12, 3)


def pdf_text(path: Path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())


def test_names_say_what_and_when_and_are_never_reused(tmp_path: Path) -> None:
    folder = tmp_path / "printouts"
    assert printout_path(folder, Printout.VOUCHER, DAY).name == "兑换券-20261203-0001.pdf"  # no folder yet: made
    first = save_printout(folder, Printout.VOUCHER, DAY, lambda p: p.write_bytes(b"%PDF-1 one"))
    second = save_printout(folder, Printout.VOUCHER, DAY, lambda p: p.write_bytes(b"%PDF-1 two"))
    receipt = save_printout(folder, Printout.RECEIPT, DAY, lambda p: p.write_bytes(b"%PDF-1 r"))
    tomorrow = save_printout(folder, Printout.VOUCHER, date(2026, 12, 4), lambda p: p.write_bytes(b"%PDF-1 t"))
    assert [first.name, second.name, receipt.name, tomorrow.name] == [
        "兑换券-20261203-0001.pdf", "兑换券-20261203-0002.pdf", "回执-20261203-0001.pdf", "兑换券-20261204-0001.pdf"]
    assert first.read_bytes() == b"%PDF-1 one" and second.read_bytes() == b"%PDF-1 two"
    # a notice made again with one more word hidden writes over its own file, not a new one
    again = save_printout(folder, Printout.NOTICE, DAY, lambda p: p.write_bytes(b"%PDF-1 a"))
    assert save_printout(folder, Printout.NOTICE, DAY, lambda p: p.write_bytes(b"%PDF-1 b"), replacing=again) == again
    assert again.read_bytes() == b"%PDF-1 b"
    # a failed write leaves nothing (no 0-byte file), and its number is free again
    with pytest.raises(OSError):
        save_printout(folder, Printout.VOUCHER, DAY, lambda p: (p.write_bytes(b"half"), _fail()))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["兑换券-20261203-0001.pdf", "兑换券-20261203-0002.pdf", "回执-20261203-0001.pdf", "兑换券-20261204-0001.pdf",
         "公示-20261203-0001.pdf"])


def _fail() -> None:
    raise OSError(28, "No space left on device")


def test_prints_at_once_never_share_a_name(tmp_path: Path) -> None:
    folder = tmp_path / "printouts"
    gate = threading.Barrier(8)
    made: list[Path] = []

    def write(p: Path) -> None:
        p.write_bytes(b"%PDF-1 " + p.name.encode())
        gate.wait(timeout=10)  # every writer has chosen its name before any finishes

    threads = [threading.Thread(target=lambda: made.append(save_printout(folder, Printout.RECEIPT, DAY, write)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in made) == [f"回执-20261203-{n:04d}.pdf" for n in range(1, 9)]


def test_a_voucher_and_a_receipt_go_to_the_same_printing_folder(services: Services, clerk: Actor, admin: Actor,
                                                                 residents: dict[str, ResidentSummary]) -> None:
    """The real documents of the real services, written the way the pages write them."""
    zhang = residents["张三"]
    rules, shop, desk = services.points.rules, services.points.catalogue, services.points.vouchers
    rule = rules.create_rule(admin, RuleInput("meeting", "居民议事会", 20)).id
    rules.award(clerk, AwardInput(rule, (zhang.id,), quantity=10))
    market = shop.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, phone="0412-5581234")).id
    reward = shop.create_reward(admin, RewardInput(market, "毛巾两条", 60), stock=5).id
    voucher = desk.redeem(clerk, zhang.id, reward)
    folder = services.paths.printouts
    data = desk.voucher_print(clerk, voucher.id)
    printed_voucher = save_printout(folder, Printout.VOUCHER, DAY, lambda p: render_voucher(data, p))
    options = services.intake.options(clerk)
    water = next(c for c in options.categories if c.code == "LIFE-WATER")
    saved = services.intake.submit(clerk, IntakeForm(
        channel="walk_in", resident_id=zhang.id, category_id=water.parent_id, subcategory_id=water.id,
        description="厨房水管漏水，请派人维修。", urgency=3, scope="household"))
    receipt_data = saved.receipt
    printed_receipt = save_printout(folder, Printout.RECEIPT, DAY, lambda p: render_receipt(receipt_data, p))
    assert printed_voucher.parent == printed_receipt.parent == services.paths.data_dir / "printouts"
    assert sorted(p.name for p in folder.iterdir()) == ["兑换券-20261203-0001.pdf", "回执-20261203-0001.pdf"]
    assert voucher.code.replace("-", "") in pdf_text(printed_voucher).replace("-", "")
    assert "毛巾两条" in pdf_text(printed_voucher)
    assert receipt_data.case_no in pdf_text(printed_receipt)
