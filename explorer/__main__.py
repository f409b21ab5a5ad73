"""``python -m explorer``: the same command line as ``app.py`` and ``trigger-point-explorer``."""

import sys

from explorer.cli import main

if __name__ == "__main__":
    sys.exit(main())
