"""An embedded SENS SMS v2 simulator on loopback HTTP, for demo mode and tests.

It implements the SENS contract on its own (sharing no code with ``console.providers`` or
``console.domain``) and strictly: signature v2 and the 5-minute window, every send bound,
file checks, query windows and paging, reservations, the 080 list; messages progress
READY -> PROCESSING -> COMPLETED on a simulated clock that tests can accelerate. Knobs add
latency, 429s, 500s, dropped connections after acceptance and clock skew.

    sim = start(port=0, time_scale=60)
    client = SensClient(DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=sim.base_url)
    ...
    sim.accepted_messages()
    sim.stop()
"""

from console.simulator.clock import SimClock
from console.simulator.demo import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
)
from console.simulator.server import Simulator, start
from console.simulator.state import AcceptedMessage, Account

__all__ = [
    "DEMO_ACCESS_KEY",
    "DEMO_CALLER_NUMBERS",
    "DEMO_SECRET_KEY",
    "DEMO_SERVICE_ID",
    "AcceptedMessage",
    "Account",
    "SimClock",
    "Simulator",
    "start",
]
