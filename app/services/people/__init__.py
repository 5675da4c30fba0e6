"""Residents and households, and what is stored about a person (export, erasure)."""
