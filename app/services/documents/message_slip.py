"""The message slip (告知单): a message to the resident printed on a small sheet, for a resident without a phone
that takes text messages, or one who asks for it on paper.

It prints the words of the message as filled (``message_service.render``: the resident addressed as 张先生, free
text scrubbed, as the rule table's ``Document.MESSAGE`` row has it), under the community's name and a title naming
the message, with the request's number; nothing else of the request or the resident. A5, large print: many
residents at the desk are elderly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from app.services.documents import pdf

TITLE = "诉求办理告知单"
BODY_SIZE = 14.0  # points: 四号, as the receipt


@dataclass(frozen=True)
class SlipData:
    community_name: str
    desk_name: str
    desk_phone: str
    case_no: str
    kind_label: str  # 已受理, 办理进展 ... (Chinese: the slip goes to the resident)
    text: str        # the message as filled


def _story(data: SlipData) -> list[Flowable]:
    body = pdf.styles(size=BODY_SIZE)
    heading = pdf.styles(large_print=True)
    story: list[Flowable] = [pdf.para(data.community_name, heading.subtitle),
                             pdf.para(f"{TITLE}（{data.kind_label}）", heading.title),
                             pdf.para(f"受理编号：{data.case_no}", body.body), Spacer(1, 3 * mm)]
    story += [pdf.para(line, body.body) if line.strip() else Spacer(1, 2 * mm) for line in data.text.splitlines()]
    return story


def render_message_slip(data: SlipData, out: Path | BinaryIO) -> int:
    """Writes the slip as an A5 portrait PDF (one sheet: a long message shrinks a little); returns the pages."""
    pagesize = pdf.page_size("A5")
    return pdf.build_document(
        out, [KeepInFrame(0, 0, _story(data), mode="shrink")], title=TITLE, header=data.community_name,
        footer=f"{data.desk_name}  电话 {data.desk_phone}", pagesize=pagesize, large_print=True,
        subject=f"受理编号 {data.case_no}")
