"""Employment help, a closed loop (就业帮扶闭环, issue 22): a job seeker's file, its plan, referrals and the return
visits that check the worker's rights. Filled in by the employment part of issue 22."""

from __future__ import annotations
