"""社区服务台 (Community Desk): front-desk software for community service centres."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "community-desk"
ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"


def _version() -> str:
    """The version lives in pyproject.toml only: read there in a source tree (a few milliseconds), else from the
    installed package's metadata (which scans every installed package: a tenth of a second at each start)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        with open(pyproject, "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    from importlib import metadata

    return metadata.version(APP_NAME)


__version__ = _version()
