"""Words about a resident's and a request's state that many modules share, with no imports of their own beyond the
domain, so the list conditions (which the audit trail's words read) stand apart from the residents service."""

from __future__ import annotations

from app.domain.enums import CaseStatus, ResidentStatus

#: A request still being worked on: counted as open on a resident's card, in the lists, on the register.
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.DISPATCHED, CaseStatus.RESPONDED, CaseStatus.SUSPENDED)
#: The name of a resident whose personal data was erased (personal_data.py).
ERASED_NAME = "已删除居民"
#: Out of look-ups and lists unless asked for: whoever moved away or died (kept, with their requests and accounts).
DEPARTED = (ResidentStatus.MOVED_AWAY, ResidentStatus.DECEASED)
