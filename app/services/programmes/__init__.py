"""Programmes beyond single requests (issue 22): the resource list of partners, and more."""
