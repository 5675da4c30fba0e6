"""The demo's words to residents (issue 20): the community's own wording of the text message that says a request
was received (the other messages keep the built-in words), and messages the desk sent about the newest requests:
most copied into a text message, a few printed on a slip for residents without a phone that takes text messages.
The canned replies are the ready-made set every community gets at first start (app.services.core.setup)."""

from __future__ import annotations

import random

from sqlalchemy import select

from app.demo import data as dd
from app.domain.enums import CaseStatus, MessageChannel, MessageKind
from app.models import Case
from app.services.core.container import Services

RECEIVED_SMS = ("【居民称呼】您好，幸福里社区已受理您的诉求（编号【诉求编号】），将在【办理时限】前办结。"
                "咨询电话【服务电话】")
SENT = 8      # the newest requests the desk sent a message about
PRINTED = 2   # of them, on a slip


def build(services: Services, seed: int) -> None:
    rng = random.Random(seed)
    admin = services.auth.login(dd.ADMIN.username, dd.DEMO_PASSWORD)
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    services.messages.set_template(admin, MessageKind.RECEIVED, MessageChannel.SMS, RECEIVED_SMS)
    with services.db.reading() as session:
        newest = list(session.scalars(select(Case.id).where(Case.status != CaseStatus.MERGED)
                                      .order_by(Case.created_at.desc(), Case.id).limit(SENT)))
    printed = set(rng.sample(range(len(newest)), min(PRINTED, len(newest))))
    for i, case_id in enumerate(newest):
        messages = services.messages.render(clerk, case_id)
        channel = MessageChannel.WECHAT if i in printed else MessageChannel.SMS
        filled = messages.filled[(messages.suggested, channel)]
        services.messages.record_sent(clerk, case_id, messages.suggested, channel,
                                      "printed" if i in printed else "copied", filled.text)
