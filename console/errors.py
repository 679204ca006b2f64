"""The root of the console's error tree.

Every error a user may see is a :class:`ConsoleError`: it carries a sentence in
Korean and in English saying what happened and what to do, so that any layer can
raise it and the UI's single message bridge can show it in the user's language.
"""

from __future__ import annotations


class ConsoleError(Exception):
    """An error with a message for the user in Korean and English."""

    #: Whether trying the same thing again later may succeed.
    retryable: bool = False

    def __init__(self, message_en: str, message_ko: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_ko = message_ko if message_ko is not None else message_en

    def message(self, language: str = "ko") -> str:
        """The message in `language` ("ko" or "en"; anything else gives English)."""
        return self.message_ko if language.startswith("ko") else self.message_en

    def __str__(self) -> str:
        return self.message_en
