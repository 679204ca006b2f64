"""Use cases on top of providers, store and domain (asyncio, no widgets)."""
