"""The demo account that the embedded simulator knows and demo mode signs with.

These values are public on purpose: they only ever reach the simulator on loopback.
"""

DEMO_SERVICE_ID = "ncp:sms:kr:000000000000:demo"
DEMO_ACCESS_KEY = "DEMOACCESSKEY0000000"
DEMO_SECRET_KEY = "demo-secret-key-0000000000000000000000000"
#: Caller (sender) numbers registered for the demo service.
DEMO_CALLER_NUMBERS = ("0212345678", "01000000000")
