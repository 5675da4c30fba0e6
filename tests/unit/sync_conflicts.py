"""A conflict as the street lists it (push.py writes these on the street; a pull brings them to every desk), written
here through the unit of work for the tests of the conflict list (service, page, permissions)."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.models import SyncConflict
from app.services.core.container import Services


def list_conflict(services: Services, resident_id: uuid.UUID, kept: str, other: str, *, field: str = "phone",
                  at: datetime | None = None) -> uuid.UUID:
    """Desk B02's ``kept`` won over desk B03's ``other`` on ``field`` of the resident."""
    with services.db.transaction() as session:
        row = SyncConflict(entity="resident", entity_id=str(resident_id), field=field, kept=kept, kept_desk="B02",
                           kept_hlc=2_000, other=other, other_desk="B03", other_hlc=1_000)
        if at is not None:
            row.created_at = at
        session.add(row)
        session.flush()
        return row.id
