"""``python -m console.simulator.apiplex --port N [--webhook-url URL]`` in the foreground."""

from __future__ import annotations

import argparse
import time

from console.simulator.apiplex import DEMO_SECRET_KEY, DEMO_USER_ID, start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="API PLEX (Biz Message + GMS) simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--webhook-url", default=None, help="where delivery results are POSTed")
    parser.add_argument("--webhook-delay", type=float, default=2.0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    sim = start(args.port, host=args.host, webhook_url=args.webhook_url,
                webhook_delay=args.webhook_delay, latency=args.latency, seed=args.seed)
    print(f"API PLEX simulator on {sim.base_url} (user {DEMO_USER_ID}, key {DEMO_SECRET_KEY})")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
