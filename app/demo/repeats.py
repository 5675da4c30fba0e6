"""A repeat caller in the demo (重复诉求, issue 20): a resident with no request of their own asks about the night-time
noise from the flat above three times this month (the demo's "today"): the first request, then two more marked as
repeats of it (by phone, from their own number), and a fourth call recorded on the first request, still open, instead
of a new one (重复来电). The intake form then shows their requests, the dashboard counts two repeats and flags them
under 本月多次来电, and the home page names them to the director.

No random stream: the resident is the first (by pinyin) who fits, so the rest of the demo is drawn as before.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.domain.enums import ResidentStatus
from app.models import Case, Category, Household, Resident
from app.services.cases.intake import IntakeForm
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services
from app.services.people.residents import age_on

SUB = "ENV-NOISE"
CALLS = (
    "楼上住户每天夜里十一点以后还在拖动桌椅、走路很响，影响休息，请社区帮忙协调。",
    "上周反映过楼上夜里噪音的问题，到现在还是一样，昨晚一点多还在响，希望尽快处理。",
    "第三次反映楼上夜间噪音，家里老人连续几晚睡不好，血压升高，请社区务必上门协调。",
)
ATTACHED = "又来电催问楼上噪音的事，说网格员还没上门，希望这两天能来。"


def caller(services: Services, today: date) -> Resident | None:
    """The demo's repeat caller: the first resident by pinyin aged 50 to 75, with a phone, in a household of a grid,
    with no request yet."""
    with services.db.reading() as session:
        for resident in session.scalars(
                select(Resident).join(Household, Household.id == Resident.household_id)
                .where(Resident.status == ResidentStatus.ACTIVE, Resident.phone != "", Household.grid_id.is_not(None),
                       ~select(Case.id).where(Case.resident_id == Resident.id).exists())
                .order_by(Resident.pinyin_full, Resident.id)):
            age = age_on(resident.birth_date, today) if resident.birth_date is not None else None
            if age is not None and 50 <= age <= 75:
                session.expunge(resident)
                return resident
    return None


def times(now: datetime) -> list[datetime]:
    """Four moments of this calendar month before ``now``: the three requests and the call recorded on the first."""
    month = datetime.combine(local(now).date().replace(day=1), time(0), LOCAL_TZ)
    first = now - min(timedelta(days=6), (now - month) * 0.8)
    return [first + (now - first) * share for share in (0.0, 0.3, 0.6, 0.85)]


def build(services: Services) -> None:
    now = services.db.clock.now()
    resident = caller(services, local(now).date())
    if resident is None:
        return
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    with services.db.reading() as session:
        sub = session.scalars(select(Category).where(Category.code == SUB)).one()
        category_id, sub_id = sub.parent_id, sub.id
    real_clock, fake = services.db.clock, FakeClock(now)
    services.db.clock = fake
    try:
        at = times(now)
        first = None
        for i, text in enumerate(CALLS):
            fake.set(at[i])
            phone = i > 0  # the first time at the desk, then by phone from their own number
            form = IntakeForm(channel="phone" if phone else "walk_in", resident_id=resident.id,
                              category_id=category_id, subcategory_id=sub_id, description=text,
                              urgency=3 if i < 2 else 4, scope="household",
                              caller_phone=resident.phone if phone else "", call_seconds=150 if phone else None,
                              repeat_of=first)
            saved = services.intake.submit(clerk, form)
            first = first or saved.case_id
            fake.set(at[i] + timedelta(minutes=15))
            services.workflow.dispatch(clerk, saved.case_id)
        fake.set(at[3])
        assert first is not None
        services.intake.attach_repeat(clerk, first, IntakeForm(
            channel="phone", resident_id=resident.id, category_id=category_id, subcategory_id=sub_id,
            description=ATTACHED, urgency=3, scope="household", caller_phone=resident.phone, call_seconds=60))
    finally:
        services.db.clock = real_clock
