"""Migration 0020 on a database with points merchants: upgrading from 0019 keeps every merchant, its rewards and its
vouchers, and makes each one a partner of the resource list holding its name, contact, phone, address and note."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.points.data import MerchantInput, RewardInput


def _to(services: Services, revision: str, down: bool) -> None:
    cfg = services.db._alembic_config()
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def test_upgrade_from_0019_makes_each_merchant_a_partner_and_keeps_it_linked(services: Services,
                                                                              admin: Actor) -> None:
    shop = services.points.catalogue
    market = shop.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, "刘晓燕", "0412-5581234",
                                                       "社区服务中心一楼", note="社区自营"))
    noodles = shop.create_merchant(admin, MerchantInput("老街面馆", "catering", 80, "王师傅", "13998765432"))
    shop.create_reward(admin, RewardInput(market.id, "东北大米 5斤", 300), stock=4)
    shop.create_reward(admin, RewardInput(noodles.id, "牛肉面一碗", 150), stock=2)
    path = services.db.sqlite_path
    assert path is not None

    _to(services, "0019", down=True)      # the database as 0019 wrote it: the merchants hold their own fields
    assert "partner" not in inspect(services.db.engine).get_table_names()
    assert sorted(_rows(path, "SELECT name, contact, phone, address, note FROM points_merchant")) == [
        ("幸福里积分超市", "刘晓燕", "0412-5581234", "社区服务中心一楼", "社区自营"),
        ("老街面馆", "王师傅", "13998765432", "", "")]

    services.db.migrate()                  # 0019 -> head
    assert services.db.current_revision() == services.db.head_revision()
    columns = {c["name"] for c in inspect(services.db.engine).get_columns("points_merchant")}
    assert {"name", "contact", "phone", "address", "note"}.isdisjoint(columns) and "partner_id" in columns
    linked = _rows(path, "SELECT p.name, p.kind, p.contact, p.phone, p.address, p.note, m.rate_fen_per_100, "
                         "m.desk_code = p.desk_code, m.created_at = p.created_at "
                         "FROM points_merchant m JOIN partner p ON p.id = m.partner_id ORDER BY m.rate_fen_per_100")
    assert linked == [("老街面馆", "merchant", "王师傅", "13998765432", "", "", 80, 1, 1),
                      ("幸福里积分超市", "merchant", "刘晓燕", "0412-5581234", "社区服务中心一楼", "社区自营", 100,
                       1, 1)]
    assert _rows(path, "SELECT count(*) FROM partner") == [(2,)]
    # the rewards still belong to their merchants, and the service reads the merchants through their partners
    after = {m.name: m for m in shop.merchants(admin)}
    assert set(after) == {"幸福里积分超市", "老街面馆"}
    assert after["幸福里积分超市"].id == market.id and after["幸福里积分超市"].rewards == 1
    assert after["幸福里积分超市"].address == "社区服务中心一楼" and after["老街面馆"].phone == "13998765432"
    assert [r.merchant_name for r in shop.rewards(admin)] == ["幸福里积分超市", "老街面馆"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_0020_down_and_up_on_an_empty_points_scheme(services: Services) -> None:
    _to(services, "0019", down=True)
    _to(services, "head", down=False)
    assert {"partner", "partner_offer", "partner_contribution"} <= set(inspect(services.db.engine).get_table_names())
