"""``python -m explorer``: the same command line as ``app.py`` and ``trigger-point-explorer``."""

import sys

from explorer.launch import main

if __name__ == "__main__":
    sys.exit(main())
