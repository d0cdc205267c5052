"""Entry point for ``python -m dxdash``."""

import sys

from dxdash.cli import main

sys.exit(main())
