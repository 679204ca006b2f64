"""mobile_displays: the bulk form of PhoneNumber.display for plain mobile digits."""

from __future__ import annotations

from console.domain.phone import mobile_displays, mobile_number, normalize


def test_mobile_displays_match_the_numbers_display() -> None:
    digits = ["01012345678", "0111234567", "01612345678", "0191234567", "01000000000"]
    assert mobile_displays(digits) == [mobile_number(d).display for d in digits]
    assert mobile_displays(digits)[:2] == ["010-1234-5678", "011-123-4567"]
    assert mobile_displays([normalize("011 234 5678").digits]) == [
        normalize("011 234 5678").display
    ]


def test_mobile_displays_of_nothing_and_of_an_iterator() -> None:
    assert mobile_displays([]) == []
    assert mobile_displays(iter(["01098765432"])) == ["010-9876-5432"]
