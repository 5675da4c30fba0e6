"""The resource list (资源清单, issue 22): partner units, what they offer and what they gave. The points merchants are
partners of this one register. Filled in by the resource-list part of issue 22."""

from __future__ import annotations
