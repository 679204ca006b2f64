"""`python -m console` starts the console, like the `sens-console` script."""

from console.app import main

if __name__ == "__main__":
    raise SystemExit(main())
