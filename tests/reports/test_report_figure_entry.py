"""Figures as people type them (annual_report.entry): no database."""

import pytest

from gongkai.annual_report.entry import FigureError, parse_figure


@pytest.mark.parametrize(
    "typed, value",
    [
        ("1234", 1234),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("１２３４", 1234),  # full-width digits from a Chinese input method
        ("１，２３４", 1234),
        (" 1 234 ", 1234),
        ("1\u3000234", 1234),  # an ideographic space
        ("12.5", 12.5),
        ("3.0", 3),
        ("0", 0),
        # The sign is read; whether the column may be negative is check_figure's rule.
        ("-3", -3),
        ("－５", -5),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_figures_are_read_as_numbers(typed, value):
    result = parse_figure(typed)
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "应填数字"),
        ("1,23", "应填数字"),  # a misplaced separator is a typing error, not 123
        ("1.2.3", "应填数字"),
        ("1e5", "应填数字"),
        ("十二", "应填数字"),
    ],
)
def test_what_is_no_figure_is_explained_in_chinese(typed, message):
    with pytest.raises(FigureError) as exc:
        parse_figure(typed)
    assert message in str(exc.value)


def test_a_count_may_not_be_negative_but_a_yearly_change_may():
    from gongkai.reports.domain.drafting import DraftError, check_figure

    with pytest.raises(DraftError, match="不能为负数"):
        check_figure("proactive.administrative_license.decisions", parse_figure("－５"))
    assert check_figure("proactive.administrative_fees.change", parse_figure("-2")) == -2
