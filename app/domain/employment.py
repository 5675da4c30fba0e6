"""The vocabulary of employment help (就业帮扶闭环, issue 22): a job seeker's stage, an interview's result, how a
file ends. Plain Python, no imports of ours."""

from __future__ import annotations

from enum import StrEnum


class JobStage(StrEnum):
    """Where a job seeker's file stands: the four steps of seed 000's 案例二, then closed."""

    IDENTIFIED = "identified"  # 精准识别: the file is opened
    PLANNED = "planned"        # 分类施策: a plan is recorded
    FOLLOWING = "following"    # 跟踪服务: referrals are being followed
    RIGHTS = "rights"          # 权益保障: hired; the return visits check the agreement, wage and insurance
    CLOSED = "closed"          # 已结案: an outcome is recorded


class InterviewResult(StrEnum):
    PENDING = "pending"      # 待面试
    HIRED = "hired"          # 录用
    NOT_HIRED = "not_hired"  # 未录用


class JobOutcome(StrEnum):
    REEMPLOYED = "reemployed"  # 再就业
    BUSINESS = "business"      # 自主创业
    NONE = "none"              # 未就业结案 (with the reason)
