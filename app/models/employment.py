"""Employment help, a closed loop (就业帮扶闭环, issue 22): a job seeker's file, its plan, referrals and the return
visits that check the worker's rights.

The file (``job_seeker``) holds what was found at 精准识别 (age, skills, certificates, wishes, family situation) and,
as a cache of its history, its stage, outcome and the day it closed. The history is append-only: plans
(``job_plan``, the newest is in force), referrals (``job_referral``: a row that follows up an earlier one names it
in ``follows_id``, so an interview's result or a correction is a new row), return visits (``job_visit``), the
outcome (``job_outcome``) and the requests that opened or joined the file (``job_case``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.employment import InterviewResult, JobOutcome, JobStage
from app.models.base import Base, Stamped, str_enum


class JobSeeker(Stamped, Base):
    __tablename__ = "job_seeker"
    __table_args__ = (Index("ix_job_seeker_started_on", "started_on"),)

    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), index=True)
    age: Mapped[int | None] = mapped_column(Integer)  # typed when the register has no birth date
    skills: Mapped[str] = mapped_column(String(200), default="")
    certificates: Mapped[str] = mapped_column(String(200), default="")
    wishes: Mapped[str] = mapped_column(String(200), default="")       # 求职意向
    family: Mapped[str] = mapped_column(String(200), default="")       # 家庭状况
    started_on: Mapped[date]
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    # the cache of the history below, written with each row added
    stage: Mapped[JobStage] = mapped_column(str_enum(JobStage, 16), default=JobStage.IDENTIFIED)
    outcome: Mapped[JobOutcome | None] = mapped_column(str_enum(JobOutcome, 16))
    closed_on: Mapped[date | None] = mapped_column(index=True)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class JobCase(Stamped, Base):
    """A request (就业帮扶 class) that opened or joined a file."""

    __tablename__ = "job_case"
    __table_args__ = (UniqueConstraint("case_id"),)

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"))
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class JobPlan(Stamped, Base):
    """分类施策: the measures planned (one or more), the newest plan is in force."""

    __tablename__ = "job_plan"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    planned_on: Mapped[date]
    jobs: Mapped[bool] = mapped_column(Boolean, default=False)      # 推荐岗位
    training: Mapped[bool] = mapped_column(Boolean, default=False)  # 技能培训
    startup: Mapped[bool] = mapped_column(Boolean, default=False)   # 创业指导与小额贷款担保
    note: Mapped[str] = mapped_column(String(200), default="")
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class JobReferral(Stamped, Base):
    """跟踪服务: one referral to an employer, or (``follows_id``) a later word on an earlier one: its interview's
    result, how the job fits, and for a failed interview why and what changes next."""

    __tablename__ = "job_referral"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    follows_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("job_referral.id"))
    employer: Mapped[str] = mapped_column(String(60))
    position: Mapped[str] = mapped_column(String(40), default="")
    referred_on: Mapped[date]
    result: Mapped[InterviewResult] = mapped_column(str_enum(InterviewResult, 16))
    result_on: Mapped[date | None]
    fit: Mapped[str] = mapped_column(String(100), default="")         # 工作适应度
    why: Mapped[str] = mapped_column(String(200), default="")         # 未录用的原因
    next_step: Mapped[str] = mapped_column(String(200), default="")   # 调整的策略
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class JobVisit(Stamped, Base):
    """权益保障: a return visit, dated: the three-party agreement signed, the wage and the social insurance checked."""

    __tablename__ = "job_visit"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    visited_on: Mapped[date]
    agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    wage_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    insurance_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class JobOutcomeRow(Stamped, Base):
    """How the file ended: 再就业 (where), 自主创业 (the jobs the business created) or closed without (why)."""

    __tablename__ = "job_outcome"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id"), index=True)
    outcome: Mapped[JobOutcome] = mapped_column(str_enum(JobOutcome, 16))
    decided_on: Mapped[date]
    employer: Mapped[str] = mapped_column(String(60), default="")  # where re-employed, or the business's name
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


EMPLOYMENT_APPEND_ONLY = ("job_case", "job_plan", "job_referral", "job_visit", "job_outcome")
