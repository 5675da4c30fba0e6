"""Requests (诉求): intake, the workflow and its timeline, the escalation ladder, the list and its search, the rates."""
