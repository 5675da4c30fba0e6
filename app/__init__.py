"""社区服务台 (Community Desk): front-desk software for community service centres."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

APP_NAME = "community-desk"
ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"


def _version() -> str:
    """The version lives in pyproject.toml only; an installed package reports it through metadata."""
    try:
        return metadata.version(APP_NAME)
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        import tomllib

        with open(ROOT / "pyproject.toml", "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])


__version__ = _version()
