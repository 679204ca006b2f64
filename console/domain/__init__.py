"""Domain rules of SMS sending: pure Python, no Qt, no I/O."""
