"""sens-console: a desktop operator console for NAVER Cloud SENS and CJ API PLEX."""

__version__ = "0.1.0"
