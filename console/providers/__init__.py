"""Network clients for the messaging providers (async httpx, no Qt)."""
