#!/usr/bin/env python3
"""Save a screenshot of every page of the console (offscreen), to look at the UI.

Usage: ``.venv/bin/python tools/screenshots.py [--lang ko|en] [--out DIR]``

Runs in a throwaway data folder (demo mode), so it never touches the user's data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="ko", choices=["ko", "en"])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SENS_CONSOLE_HOME", tempfile.mkdtemp(prefix="sens-console-shots-"))

    import qasync
    from PySide6.QtWidgets import QApplication

    from console.app import install_translators
    from console.session import ConsoleApp
    from console.ui.main_window import PAGE_KEYS

    app = QApplication(sys.argv)
    install_translators(app, args.lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))

    async def shoot() -> None:
        console = ConsoleApp(app, language=args.lang)
        console.show()
        window = console.window
        window.resize(width, height)
        for key in PAGE_KEYS:
            window.open_page(key)
            await asyncio.sleep(0.6)
            path = out / f"{key}-{args.lang}.png"
            window.grab().save(str(path))
            print(path)
        await console.shutdown()

    with loop:
        loop.run_until_complete(shoot())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
