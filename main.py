#!/usr/bin/env python3
"""社区服务台 — start the desk app, or run one of its commands (see `python main.py --help`)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
