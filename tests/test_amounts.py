"""One money formatter for pages, documents and refusals, in the reader's language."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from budget.amounts import format_amount


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "-333,512.74"), ("ru", "-333\xa0512,74"), ("kk", "-333\xa0512,74"),
])
def test_amounts_take_the_group_and_decimal_separators_of_the_language(language, expected):
    with translation.override(language):
        assert format_amount(D("-333512.74")) == expected


def test_amounts_round_half_up_to_the_cent_like_the_ledger():
    # Babel alone would round half to even: 0.125 -> 0.12.
    assert format_amount(D("0.125"), language="en") == "0.13"
    assert format_amount(D("442478"), places=0, language="en") == "442,478"
    assert format_amount(None) == ""
