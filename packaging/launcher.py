"""Entry script of the frozen app (PyInstaller runs this file as ``__main__``).

The same as ``python -m console``: ``sens-console`` starts the console, ``sens-console
--self-test`` checks the build offscreen and exits (see console/selftest.py).
"""

import sys

from console.app import main

if __name__ == "__main__":
    # (No multiprocessing.freeze_support(): the console starts no child processes, and
    # the spec leaves PyInstaller's multiprocessing hook out of the start.)
    sys.exit(main())
