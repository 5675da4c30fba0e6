"""What each document shows of a person: one rule table, read by everything that fills a document.

Every document the desk prints, posts or hands out says, field by field, whether it shows a value whole, masked,
scrubbed or not at all (``RULES``). The code that fills a document asks ``disclose(document, field, value)`` and
never masks on its own; a rule changes here, in one place, and tests/unit/test_disclosure.py reads each real PDF back
against this table.

- **whole**: as stored. Only in the holder's own papers (the passbook, the resident's own export) and the desk's
  internal ledger (the case export, marked as personal data and kept inside the office).
- **masked**: the field's own masking (app.services.documents.masking): a name as its surname plus stars (or 匿名),
  a phone as 138****5678, an address as its building only, an ID number as 2102**********0052 (on the desk's
  screens only: every document leaves ID numbers out).
- **scrubbed**: free text with every registered resident's name found in it masked, and every phone, ID and bank
  card number, contact, plate, room and unit masked or removed (``masking.scrub_text``).
- **left out**: not printed at all.

A message to the resident (``Document.MESSAGE``: a text message or WeChat message the desk sends, and its printed
slip) is read by the resident first, but it is forwarded to a relative or into a group: it addresses the resident
as 张先生 / 张女士 (``addressed``: the surname only, 居民 when anonymous or unknown) and shows the request's words
scrubbed, nothing else of anyone.

The desk's own screens (``Document.SCREEN``) are read by staff, but over a clerk's shoulder, on a screen left
unlocked, in a screenshot sent for help: they show names, phones and addresses whole (the work needs them) and the
ID number masked (2102**********0052) for every role. A role that needs the whole number (``REVEAL_ID_ROLES``: the
clerk checks it against the card, the director signs applications that carry it, the administrator corrects
records) asks for it one resident at a time (``ResidentService.reveal_id_number``): each reveal is recorded (who,
whose, when; 操作记录 shows it) and the screen shows the number for ``REVEAL_SECONDS`` or until the card closes.

The receipt (回执) is handed to the resident at the desk, but it is a slip of paper that leaves the desk: it is lost,
left on a counter, photographed for a relative. It shows what the resident needs to quote and recognise their
request (the number, the category, the dates, a masked name and a scrubbed summary) and nothing that identifies
anyone, a neighbour named in the description included. The resident's own export holds their own data whole, other
people's scrubbed out of the free text, and no internal notes: those are the desk's working notes, and they name
other people more often than anything else does.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Resident
from app.services.core.auth import ROLE_PERMISSIONS, Permission
from app.services.documents.masking import (
    Find,
    NameBook,
    fold_for_names,
    mask_id_number,
    mask_phone,
    public_name,
    salutation,
    scrub_text,
)
from app.services.people.erased_names import erased_names


class Document(StrEnum):
    RECEIPT = "receipt"                  # 受理回执, handed to the resident
    NOTICE_BOARD = "notice_board"        # 居民诉求办理情况公示, posted
    LARGE_BOARD = "large_board"          # the same in large print or landscape
    COUNCIL_NOTICE = "council_notice"    # 居民议事会议定事项公示, posted
    PASSBOOK = "passbook"                # 时间银行存折 / 积分对账单, handed to the holder
    VOUCHER = "voucher"                  # 积分兑换券, taken to a merchant
    RESIDENT_EXPORT = "resident_export"  # a resident's own data (查阅复制), handed to them
    CASE_EXPORT = "case_export"          # the case ledger (台账), inside the office
    SETTLEMENT = "settlement"            # 积分兑换结算单, for the merchant
    SCREEN = "screen"                    # the desk's own screens: a resident's card, lists, dialogs (staff only)
    RESIDENT_LIST = "resident_list"      # 名单 (lists page, printout): carried on the rounds, left on a counter
    LIST_EXPORT = "list_export"          # 名单 exported to xlsx/csv: EXPORT's, recorded, for the office's own use
    WEEKLY_SHEET = "weekly_sheet"        # 网格员周走访表, carried on the walk (the address: the door to knock)
    MESSAGE = "message"                  # 短信 / 微信 to the resident and its printed slip (告知单): may be forwarded
    STREET_REPORT = "street_report"      # 工作简报 for the street office: requests by number, class and building


class Field(StrEnum):
    NAME = "name"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    ADDRESS = "address"
    DESCRIPTION = "description"      # a request's description, a council item, a ledger line's words
    PUBLIC_NOTE = "public_note"      # a progress note marked public (and reviewed), a council item's progress
    INTERNAL_NOTE = "internal_note"  # any other note of the desk's: internal progress notes, reasons


class Shown(StrEnum):
    WHOLE = "whole"
    MASKED = "masked"
    SCRUBBED = "scrubbed"
    LEFT_OUT = "left_out"


W, M, S, X = Shown.WHOLE, Shown.MASKED, Shown.SCRUBBED, Shown.LEFT_OUT
_COLUMNS = (Field.NAME, Field.PHONE, Field.ID_NUMBER, Field.ADDRESS, Field.DESCRIPTION, Field.PUBLIC_NOTE,
            Field.INTERNAL_NOTE)
_ROWS: dict[Document, tuple[Shown, ...]] = {
    #                         name phone  ID  address descr. public internal
    Document.RECEIPT:         (M,   X,    X,   X,      S,     X,     X),
    Document.NOTICE_BOARD:    (M,   X,    X,   X,      S,     S,     X),
    Document.LARGE_BOARD:     (M,   X,    X,   X,      S,     S,     X),
    Document.COUNCIL_NOTICE:  (S,   X,    X,   X,      S,     S,     X),  # the name: a council item's 责任人, free text
    Document.PASSBOOK:        (W,   X,    X,   W,      W,     X,     X),  # the holder's own; lines are the desk's words
    Document.VOUCHER:         (M,   X,    X,   X,      X,     X,     X),
    Document.RESIDENT_EXPORT: (W,   W,    W,   W,      S,     S,     X),  # W: the subject's own fields
    Document.CASE_EXPORT:     (W,   W,    X,   W,      W,     W,     W),
    Document.SETTLEMENT:      (M,   X,    X,   X,      X,     X,     X),
    Document.SCREEN:          (W,   W,    M,   W,      W,     W,     W),  # M: the whole ID number on demand only
    Document.RESIDENT_LIST:   (W,   M,    X,   W,      X,     X,     X),  # whole names and flats: the milk must arrive
    Document.LIST_EXPORT:     (W,   W,    X,   W,      X,     X,     X),  # phones whole: the office calls them
    Document.WEEKLY_SHEET:    (M,   X,    X,   W,      X,     X,     X),
    Document.MESSAGE:         (M,   X,    X,   X,      S,     S,     X),  # M: addressed as 张先生 (``addressed``)
    Document.STREET_REPORT:   (X,   X,    X,   M,      X,     X,     X),  # M: the building only (3号楼)
}
RULES: dict[Document, dict[Field, Shown]] = {d: dict(zip(_COLUMNS, row, strict=True)) for d, row in _ROWS.items()}


def disclose(document: Document, field: Field, value: str, *, book: NameBook | None = None,
             hide_name: bool = False, found: list[Find] | None = None) -> str | None:
    """``value`` as ``document`` shows it in ``field``; None when the document leaves the field out.

    ``book`` holds the names to find in free text (see ``name_book``: every registered resident's, erased ones by
    their hashes, those to print as 匿名, words hidden by hand); ``hide_name`` prints a masked name as 匿名 (the
    resident asked); what was masked in free text is added to ``found`` (a notice's preview lists it)."""
    shown = RULES[document][field]
    if shown is Shown.LEFT_OUT:
        return None
    if shown is Shown.WHOLE:
        return value
    if shown is Shown.SCRUBBED:
        scrubbed = scrub_text(value, book)
        if found is not None:
            found.extend(scrubbed.finds)
        return scrubbed.text
    if field is Field.NAME:
        return public_name(value, hide_name)
    if field is Field.PHONE:
        return mask_phone(value)
    if field is Field.ID_NUMBER:
        return mask_id_number(value)
    return scrub_text(value).text  # an address or a text masked: its rooms and numbers go, its building stays


def addressed(document: Document, name: str, gender: str | None, *, hide_name: bool = False) -> str | None:
    """How ``document`` addresses the person it is written to: the name whole, 张先生 / 张女士 (or 居民) where the
    name is masked (a message may be forwarded: never the given name), None when the name is left out."""
    shown = RULES[document][Field.NAME]
    if shown is Shown.LEFT_OUT:
        return None
    if shown is Shown.WHOLE:
        return name
    return salutation(name, gender, hide_name)


# The ID number in full on screen: asked for, recorded, and shown for a while (see the module's notes).
REVEAL_ID_PERMISSION = Permission.VIEW_ID_NUMBERS
REVEAL_ID_ROLES = frozenset(role for role, granted in ROLE_PERMISSIONS.items() if REVEAL_ID_PERMISSION in granted)
REVEAL_SECONDS = 30
REVEAL_COMMAND = "reveal_id_number"  # the command_run row each reveal records


def on_screen_id_number(id_number: str) -> str:
    """An ID number as every screen shows it (masked, whoever looks); the whole one only through a reveal."""
    return disclose(Document.SCREEN, Field.ID_NUMBER, id_number) or ""


def name_book(session: Session, *, besides: Collection[str] = (), hide: Collection[str] = ()) -> NameBook:
    """The names to find in a document's free text: every registered resident's (erased ones are blank and are
    found by their salted hashes instead), without those in ``besides`` (a resident's own name in their own
    export), and the words the clerk chose to hide on this document."""
    own = {fold_for_names(n) for n in besides}
    names = {n for n in session.scalars(select(Resident.name)) if len(fold_for_names(n)) >= 2}
    return NameBook((n for n in names if fold_for_names(n) not in own), erased=erased_names(session), hide=hide,
                    keep=besides)
