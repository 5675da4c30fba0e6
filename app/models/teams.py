"""Volunteer teams (志愿服务队, issue 22): teams of time-bank volunteers, their leader, speciality and weekly
schedule. Filled in by the volunteer-teams part of issue 22."""

from __future__ import annotations
