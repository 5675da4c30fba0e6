"""Programmes a community runs beyond single requests (issue 22): employment help and the resource list of
partners."""
