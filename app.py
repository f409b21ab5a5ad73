"""Trigger Point Explorer.

``python app.py`` opens the GUI; ``python app.py --help`` lists the commands.
"""

import sys

from explorer.launch import main

if __name__ == "__main__":
    sys.exit(main())
