"""Personalisation with #{name} variables (console.domain.merge)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.merge import (
    LengthIndex,
    MissingVariableError,
    parse,
    render,
    variables,
    worst_case,
)
from console.domain.models import Recipient
from console.domain.text import byte_length, measure
from console.errors import ConsoleError


def test_variables_in_order_of_first_use() -> None:
    assert variables("#{이름}님, #{회사} #{ 이름 } 안내") == ["이름", "회사"]
    assert variables("no variables") == []
    assert variables("#{} and #{ } and #{a\nb} stay literal") == []
    assert variables("#{고객 이름}") == ["고객 이름"]
    assert variables("##{x}}") == ["x"]


def test_parse_splits_literals_and_names() -> None:
    parsed = parse("A#{x}B#{y}C")
    assert parsed.literals == ("A", "B", "C")
    assert parsed.names == ("x", "y")
    assert parsed.static_bytes == 3
    assert parsed.personalised
    assert not parse("plain").personalised


def test_render_fills_fields_and_builtins() -> None:
    person = Recipient("01012345678", "홍길동", {"회사": "네이버"})
    assert render("#{name}님 (#{회사}) #{phone}", person) == "홍길동님 (네이버) 01012345678"
    assert render("#{이름}/#{전화번호}", person) == "홍길동/01012345678"
    assert render("#{x}", {"x": "1"}) == "1"
    # An imported column wins over the built-in.
    assert render("#{name}", Recipient("010", "홍길동", {"name": "Gildong"})) == "Gildong"


def test_render_normalises_newlines_in_template_and_values() -> None:
    assert render("a\r\n#{x}", {"x": "b\r\nc"}) == "a\nb\nc"


def test_missing_variable_is_an_error_listing_every_name() -> None:
    with pytest.raises(MissingVariableError) as caught:
        render("#{a} #{b} #{c} #{b}", {"a": "1"})
    error = caught.value
    assert isinstance(error, ConsoleError)
    assert error.names == ["b", "c"]
    assert "#{b}" in error.message_en and "#{c}" in error.message_en
    assert "#{b}" in error.message_ko and "수신자" in error.message_ko


def test_missing_variable_may_be_empty() -> None:
    assert render("안녕 #{name}님", Recipient("010"), missing="empty") == "안녕 님"


def test_worst_case_counts_longest_and_lms() -> None:
    people = [
        Recipient("1", "김", {"memo": "a" * 80}),
        Recipient("2", "이", {"memo": "b"}),
        Recipient("3", "박박박", {"memo": "가" * 50}),
    ]
    result = worst_case("#{name}: #{memo}", people)
    rendered = [measure(render("#{name}: #{memo}", p)).bytes for p in people]
    assert rendered == [84, 5, 108]
    assert result.max_bytes == 108
    assert result.longest_index == 2
    assert result.lms_count == 1
    assert result.sms_count == 2
    assert result.over_limit_count == 0
    assert result.missing_count == 0
    assert result.recipients == 3


def test_worst_case_counts_repeated_variables_each_time() -> None:
    result = worst_case("#{x}#{x}#{x}", [{"x": "가"}])
    assert result.max_bytes == 6


def test_worst_case_reports_missing_and_over_limit() -> None:
    people: list[dict[str, str]] = [{"a": "x" * 2001}, {}, {"b": "1"}]
    result = worst_case("#{a}#{b}", people)
    assert result.max_bytes == 2001
    assert result.over_limit_count == 1
    assert result.lms_count == 1
    assert result.missing_count == 3
    assert result.missing_variables == ("a", "b")


def test_worst_case_without_recipients_is_the_literal_text() -> None:
    result = worst_case("안녕 #{name}", [])
    assert result.max_bytes == 5
    assert result.longest_index == -1
    assert result.recipients == 0


def test_worst_case_accepts_an_iterator() -> None:
    result = worst_case("#{x}", iter([{"x": "ab"}, {"x": "abc"}]))
    assert (result.max_bytes, result.longest_index) == (3, 1)


def test_length_index_follows_template_changes() -> None:
    people = [Recipient(str(i), f"이름{i}", {"n": str(i)}) for i in range(300)]
    index = LengthIndex(people)
    assert len(index) == 300
    for template in ("#{name}", "#{name} #{n}", "안녕하세요 #{n}" * 8, "#{none}", ""):
        assert index.lengths(template) == [
            byte_length(render(template, p, missing="empty")) for p in people
        ]
        assert index.worst_case(template) == worst_case(template, people)


fields = st.dictionaries(
    st.sampled_from(["a", "b", "이름"]),
    st.text(max_size=30),
    max_size=3,
)


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(["#{a}", "#{b}", "#{이름}", "가", "x", "\n", " ", "😀"]), max_size=12),
    st.lists(fields, max_size=20),
)
def test_worst_case_equals_rendering_every_message(
    pieces: list[str], people: list[dict[str, str]]
) -> None:
    template = "".join(pieces)
    sizes = [measure(render(template, p, missing="empty")).bytes for p in people]
    result = worst_case(template, people)
    assert result.max_bytes == max(sizes, default=parse(template).static_bytes)
    assert result.lms_count == sum(1 for s in sizes if s > 90)
    if people:
        assert sizes[result.longest_index] == result.max_bytes
    lacking = [p for p in people if any(n not in p for n in variables(template))]
    assert result.missing_count == len(lacking)


def test_worst_case_over_100000_recipients_is_fast() -> None:
    rng = random.Random(5)
    syllables = [chr(c) for c in range(0xAC00, 0xAC00 + 2000, 7)]
    people = [
        Recipient(
            f"010{i:08d}",
            "".join(rng.choices(syllables, k=3)),
            {"금액": str(rng.randrange(1000, 10**7)), "지점": rng.choice(["강남점", "분당점"])},
        )
        for i in range(100_000)
    ]
    template = "#{name}님, #{지점} 이용 금액은 #{금액}원입니다. 감사합니다."
    best = min(_timed(lambda: worst_case(template, people)) for _ in range(2))
    assert best < 0.3 * 2  # target 300 ms (CPU time); margin for slow CI machines
    result = worst_case(template, people)
    assert result.recipients == 100_000
    sample = people[result.longest_index]
    assert measure(render(template, sample)).bytes == result.max_bytes


def _timed(action: Callable[[], object]) -> float:
    """CPU seconds of `action`: steadier than wall time when other processes share the CPU."""
    start = time.process_time()
    action()
    return time.process_time() - start


def test_render_all_matches_render_for_everyone() -> None:
    recipients: list[Recipient | dict[str, str]] = [
        Recipient("01000000001", "김", {"x": "a\r\nb"}),
        Recipient("01000000002", "", {}),
        {"x": "값", "name": "딕셔너리"},
    ]
    index = LengthIndex(recipients)
    template = "#{name}: #{x} / #{x}"
    assert index.render_all(template) == [
        render(template, r, missing="empty") for r in recipients
    ]
    assert index.render_all("고정") == ["고정"] * 3
    assert index.values("x") == ["a\nb", "", "값"]
    assert index.lacking("x") == frozenset({1})
    assert index.lacking("name") == frozenset({1})
    assert index.values("phone") == ["01000000001", "01000000002", ""]


@settings(deadline=None)
@given(st.lists(fields, max_size=15), st.sampled_from(["#{a}-#{b}", "#{이름}#{a}#{a}", "x"]))
def test_render_all_property(people: list[dict[str, str]], template: str) -> None:
    assert LengthIndex(people).render_all(template) == [
        render(template, p, missing="empty") for p in people
    ]
