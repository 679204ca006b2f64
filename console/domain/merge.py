"""Personalisation: `#{name}` variables filled from each recipient's fields.

A variable is ``#{`` + a name + ``}``; the name is any text without braces or
line breaks, surrounding spaces ignored (``#{ 이름 }`` is ``이름``). Anything
else, including ``#{}``, is literal text.

Byte lengths are additive (every character has a fixed cost once newlines are
normalised, and template and values are normalised separately), so the length
of a personalised message is the template's literal bytes plus, per variable
occurrence, the byte length of the recipient's value. :func:`worst_case` and
:class:`LengthIndex` use that instead of rendering 100,000 strings.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import cast

from console.domain.models import BUILTIN_VARIABLES, MissingPolicy, Recipient
from console.domain.text import (
    LMS_MAX_BYTES,
    SMS_MAX_BYTES,
    byte_length,
    byte_lengths,
    normalize_newlines,
)
from console.errors import ConsoleError

_VARIABLE = re.compile(r"#\{\s*([^{}\s][^{}\r\n]*?)\s*\}")

Fields = Mapping[str, str] | Recipient


class MissingVariableError(ConsoleError):
    """A recipient has no value for a variable the message uses."""

    def __init__(self, names: Sequence[str], recipients: int = 1) -> None:
        self.names = list(names)
        self.recipients = recipients
        shown = ", ".join(f"#{{{name}}}" for name in self.names)
        who_en = "a recipient has" if recipients == 1 else f"{recipients:,} recipients have"
        who_ko = "수신자" if recipients == 1 else f"수신자 {recipients:,}명"
        super().__init__(
            f"The message uses {shown}, but {who_en} no value for it. Add the column to the"
            " recipient list, remove the variable, or choose to leave missing values empty.",
            f"메시지에 쓰인 변수 {shown}의 값이 {who_ko}에게 없습니다. 수신자 목록에 해당 열을"
            " 추가하거나, 변수를 지우거나, 값이 없으면 비워 두도록 설정하세요.",
        )


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed message: literal pieces around variable occurrences.

    ``literals`` has one more item than ``names``; the message is
    literals[0] + value(names[0]) + literals[1] + ...
    """

    source: str
    literals: tuple[str, ...]
    names: tuple[str, ...]
    #: Bytes of the literal text alone (every variable empty).
    static_bytes: int

    @property
    def variables(self) -> list[str]:
        """The distinct variable names, in order of first use."""
        return list(dict.fromkeys(self.names))

    @property
    def personalised(self) -> bool:
        """Whether the text differs per recipient."""
        return bool(self.names)

    def render(self, fields: Fields, missing: MissingPolicy = "error") -> str:
        """The message for one recipient (newlines normalised)."""
        if not self.names:
            return self.literals[0]
        lookup = _lookup(fields)
        parts = [self.literals[0]]
        absent: list[str] = []
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            value = lookup(name)
            if value is None:
                absent.append(name)
                value = ""
            parts.append(normalize_newlines(value))
            parts.append(literal)
        if absent and missing == "error":
            raise MissingVariableError(list(dict.fromkeys(absent)))
        return "".join(parts)


@lru_cache(maxsize=256)
def parse(template: str) -> Template:
    """Parse a message template (cached: the compose pane re-parses on every keystroke)."""
    text = normalize_newlines(template)
    literals: list[str] = []
    names: list[str] = []
    last = 0
    for match in _VARIABLE.finditer(text):
        literals.append(text[last : match.start()])
        names.append(match.group(1))
        last = match.end()
    literals.append(text[last:])
    return Template(text, tuple(literals), tuple(names), sum(map(byte_length, literals)))


def variables(template: str) -> list[str]:
    """The distinct variable names a template uses, in order of first use."""
    return parse(template).variables


def render(template: str | Template, fields: Fields, *, missing: MissingPolicy = "error") -> str:
    """`template` personalised for one recipient.

    With ``missing="error"`` a variable without a value raises
    :class:`MissingVariableError` naming every such variable; with
    ``missing="empty"`` it becomes empty text.
    """
    parsed = template if isinstance(template, Template) else parse(template)
    return parsed.render(fields, missing)


def _lookup(fields: Fields) -> Callable[[str], str | None]:
    if isinstance(fields, Recipient):
        return fields.value
    return fields.get


@dataclass(frozen=True, slots=True)
class WorstCase:
    """The longest personalised message and how many recipients exceed the SMS size."""

    #: Bytes of the longest personalised message (the template's literal bytes if none).
    max_bytes: int
    #: Index (in the recipients given) of a recipient with the longest message; -1 if none.
    longest_index: int
    #: Recipients whose message is over 90 bytes (they need LMS).
    lms_count: int
    #: Recipients whose message is over 2,000 bytes (SENS would cut it).
    over_limit_count: int
    #: Recipients lacking a value for at least one variable.
    missing_count: int
    #: The variables some recipient lacks, in template order.
    missing_variables: tuple[str, ...]
    #: How many recipients were examined.
    recipients: int

    @property
    def sms_count(self) -> int:
        """Recipients whose message fits an SMS."""
        return self.recipients - self.lms_count


def worst_case(template: str | Template, recipients: Iterable[Fields]) -> WorstCase:
    """Longest personalised byte length and LMS count, without rendering any message.

    Missing values count as empty (see ``missing_count`` for how many there are).
    For repeated calls over the same recipients keep a :class:`LengthIndex`.
    """
    listed = recipients if isinstance(recipients, Sequence) else list(recipients)
    return LengthIndex(listed).worst_case(template)


_FIELDS = operator.attrgetter("fields")


class LengthIndex:
    """Per-variable values and byte lengths of a fixed recipient list.

    Each variable's column (one value and one byte length per recipient) is
    computed once, with C-level passes; a keystroke then costs a few passes over
    integer lists instead of rendering every message, and the planner renders
    all messages column-wise (:meth:`render_all`). Missing values count as empty.
    """

    def __init__(self, recipients: Sequence[Fields]) -> None:
        self._recipients = recipients
        self._maps: list[Mapping[str, str]] | None = None
        self._plain = False  # every field mapping is a plain dict
        self._values: dict[str, tuple[list[str], frozenset[int]]] = {}
        self._sizes: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._recipients)

    def values(self, name: str) -> list[str]:
        """Every recipient's value of `name` (newlines normalised, "" when missing)."""
        return self._column_values(name)[0]

    def lacking(self, name: str) -> frozenset[int]:
        """Positions of the recipients without a value for `name`."""
        return self._column_values(name)[1]

    def _lookup_all(self, name: str) -> list[str | None]:
        """fields.get(name) for every recipient, with C-level loops when the types allow."""
        if self._maps is None:
            people = self._recipients
            if all(map(isinstance, people, repeat(Recipient))):
                self._maps = list(map(_FIELDS, cast("Sequence[Recipient]", people)))
            else:
                self._maps = [r.fields if isinstance(r, Recipient) else r for r in people]
            self._plain = all(type(fields) is dict for fields in self._maps)
        if self._plain:
            return list(map(dict.get, cast("list[dict[str, str]]", self._maps), repeat(name)))
        return [fields.get(name) for fields in self._maps]

    def _column_values(self, name: str) -> tuple[list[str], frozenset[int]]:
        cached = self._values.get(name)
        if cached is not None:
            return cached
        found = self._lookup_all(name)
        lacking: list[int] = []
        if None in found:
            count = len(found)
            missing: Sequence[int] = (
                range(count)
                if found.count(None) == count
                else [i for i, value in enumerate(found) if value is None]
            )
            builtin = BUILTIN_VARIABLES.get(name)
            people = self._recipients
            if builtin is not None:
                get = operator.attrgetter(builtin)
                if isinstance(missing, range) and all(map(isinstance, people, repeat(Recipient))):
                    found = list(map(get, people))
                else:
                    for i in missing:
                        if isinstance(people[i], Recipient):
                            found[i] = get(people[i])
                # An empty name is no name; a phone is always there.
                if builtin == "name" and ("" in found or None in found):
                    lacking = [i for i in missing if not found[i]]
                elif None in found:
                    lacking = [i for i in missing if found[i] is None]
            else:
                lacking = list(missing)
            for i in lacking:
                found[i] = ""
        values = cast("list[str]", found)
        if "\r" in "".join(values):
            values = [normalize_newlines(value) for value in values]
        cached = self._values[name] = (values, frozenset(lacking))
        return cached

    def _column(self, name: str) -> list[int]:
        """Byte lengths of `name` per recipient."""
        sizes = self._sizes.get(name)
        if sizes is None:
            sizes = self._sizes[name] = byte_lengths(self.values(name))
        return sizes

    def render_all(self, template: str | Template) -> list[str]:
        """Every recipient's message (missing values empty), built column-wise."""
        parsed = template if isinstance(template, Template) else parse(template)
        if not parsed.names:
            return [parsed.literals[0]] * len(self._recipients)
        columns: list[Iterable[str]] = [repeat(parsed.literals[0])]
        for name, literal in zip(parsed.names, parsed.literals[1:], strict=True):
            columns.append(self.values(name))
            columns.append(repeat(literal))
        return list(map("".join, zip(*columns, strict=False)))  # repeat() is endless

    def lengths(self, template: str | Template) -> list[int]:
        """The personalised byte length of every recipient's message."""
        parsed = template if isinstance(template, Template) else parse(template)
        totals: Iterable[int] = repeat(parsed.static_bytes, len(self._recipients))
        for name in parsed.variables:
            column: Iterable[int] = self._column(name)
            times = parsed.names.count(name)
            if times > 1:
                column = map(operator.mul, column, repeat(times))
            totals = map(operator.add, totals, column)
        return list(totals)

    def worst_case(self, template: str | Template) -> WorstCase:
        """Same as :func:`worst_case` over the indexed recipients."""
        parsed = template if isinstance(template, Template) else parse(template)
        totals = self.lengths(parsed)
        missing = [(name, self.lacking(name)) for name in parsed.variables]
        lacking: frozenset[int] = frozenset().union(*(positions for _, positions in missing))
        best = max(totals, default=parsed.static_bytes)
        return WorstCase(
            max_bytes=best,
            longest_index=totals.index(best) if totals else -1,
            lms_count=sum(map(SMS_MAX_BYTES.__lt__, totals)),
            over_limit_count=sum(map(LMS_MAX_BYTES.__lt__, totals)),
            missing_count=len(lacking),
            missing_variables=tuple(name for name, positions in missing if positions),
            recipients=len(totals),
        )
