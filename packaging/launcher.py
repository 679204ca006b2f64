"""Entry script of the frozen app (PyInstaller runs this file as ``__main__``).

The same as ``python -m console``: ``sens-console`` starts the console, ``sens-console
--self-test`` checks the build offscreen and exits (see console/selftest.py).
"""

import multiprocessing
import sys

from console.app import main

if __name__ == "__main__":
    # A frozen app must call this before anything could start a child process.
    multiprocessing.freeze_support()
    sys.exit(main())
