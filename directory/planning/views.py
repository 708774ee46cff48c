"""Planning pages: coverage of a region's ORPs by service type and weekday, with exports.

Public, read-only pages (GET/HEAD). The computation is ``coverage``, the tables and their cache
``tables``, the chart ``chart``; views only validate the toggles, pick the region and shape
rows for templates and files.
"""

import io

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory import demand
from directory.cache import cached_until_change
from directory.models import Region
from directory.planning import chart, tables
from directory.planning.coverage import Toggles
from directory.spreadsheets import csv_response, safe_row
from services import weekdays
from services.models import Term, Vocabulary

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TogglesForm(forms.Form):
    target = forms.ChoiceField(
        label=gettext_lazy("Target group"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Unknown target group “%(value)s”: showing all target groups."
            )
        },
    )
    substance = forms.ChoiceField(
        label=gettext_lazy("Substance or behaviour"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Unknown substance or behaviour “%(value)s”: showing all of them."
            )
        },
    )

    def __init__(self, data, *, targets, substances):
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["target"].choices = anything + [(term.code, term.name) for term in targets]
        self.fields["substance"].choices = anything + [
            (term.code, term.name) for term in substances
        ]

    def toggles(self) -> Toggles:
        """The valid toggles; an invalid one is dropped (and its error shown)."""
        self.is_valid()
        return Toggles(
            target=self.cleaned_data.get("target", ""),
            substance=self.cleaned_data.get("substance", ""),
        )


def _terms() -> dict[str, list[Term]]:
    """Service types, target groups and substances in one query."""
    wanted = (Vocabulary.SERVICE_TYPE, Vocabulary.TARGET_GROUP, Vocabulary.SUBSTANCE)
    terms: dict[str, list[Term]] = {vocabulary: [] for vocabulary in wanted}
    for term in Term.objects.filter(vocabulary__in=wanted):
        terms[term.vocabulary].append(term)
    return terms


def _search_url(search: str, params, toggles: Toggles) -> str:
    """``search`` (the search page's path, reversed once per page) with the query for a cell."""
    query = list(params)
    if toggles.target:
        query.append(("target", toggles.target))
    if toggles.substance:
        query.append(("substance", toggles.substance))
    return f"{search}?{urlencode(query)}"


@require_safe
def index(request):
    terms = _terms()[Vocabulary.SERVICE_TYPE]
    summaries = tables.national_summaries(
        regions=list(Region.objects.all()),
        today=timezone.localdate(),
        type_codes=[term.code for term in terms],
    )
    # Types listed nowhere in the country are named under the table instead of a zero column.
    present = [i for i in range(len(terms)) if any(summary.by_type[i] for summary in summaries)]
    return render(
        request,
        "planning/index.html",
        {
            "summaries": summaries,
            "types": [terms[i] for i in present],
            "by_type": [
                (summary.region, [summary.by_type[i] for i in present]) for summary in summaries
            ],
            "absent_types": [term for i, term in enumerate(terms) if i not in present],
            "stale_days": settings.STALE_AFTER_DAYS,
        },
    )


def _region_header(request, slug) -> dict:
    """The region and the chosen toggles: 2 queries."""
    region = get_object_or_404(Region, slug=slug)
    terms = _terms()
    form = TogglesForm(
        request.GET,
        targets=terms[Vocabulary.TARGET_GROUP],
        substances=terms[Vocabulary.SUBSTANCE],
    )
    toggles = form.toggles()
    return {
        "region": region,
        "form": form,
        "toggles": toggles,
        "chosen": [
            (form.fields[name].label, dict(form.fields[name].choices)[value])
            for name, value in vars(toggles).items()
            if value
        ],
        "toggle_query": urlencode(
            [(name, value) for name, value in vars(toggles).items() if value]
        ),
        "types": terms[Vocabulary.SERVICE_TYPE],
        "stale_days": settings.STALE_AFTER_DAYS,
        "today": timezone.localdate(),
    }


def _region_tables(header) -> dict:
    """The matrices of the header's region and toggles: 6 queries, none on a cache hit."""
    toggles, types = header["toggles"], header["types"]
    matrices = tables.region_matrices(
        region=header["region"],
        toggles=toggles,
        today=header["today"],
        type_codes=[term.code for term in types],
    )
    type_rows = matrices.type_rows
    # The page leaves out types available nowhere in the region (named above the table);
    # the downloads keep every type.
    present = tables.present_columns(type_rows)
    capacity_columns = [
        index
        for index in range(len(types))
        if any(not row.cells[index].is_empty for row in matrices.capacity_rows)
    ]
    search = reverse("services:search")
    for row in (*type_rows, *matrices.weekday_rows):
        for cell in row.cells:
            cell.url = _search_url(search, cell.params, toggles)
    return {
        "shown_types": [types[index] for index in present],
        "absent_types": [term for index, term in enumerate(types) if index not in present],
        "shown_type_rows": tables.keep_columns(type_rows, present),
        "days": list(zip(weekdays.NAMES, weekdays.SHORT_NAMES, strict=True)),
        "type_rows": type_rows,
        "weekday_rows": matrices.weekday_rows,
        "reach": [(row, _search_url(search, row.params, toggles)) for row in matrices.reach_rows],
        "highlights": matrices.highlights,
        "chart": chart.geometry(matrices.reach_rows),
        # Capacities (issue 20): only the ORPs and the types with some.
        "capacity_types": [types[index] for index in capacity_columns],
        "capacity_rows": matrices.capacity_rows,
        "shown_capacity_rows": [
            (row.orp, [row.cells[index] for index in capacity_columns])
            for row in matrices.capacity_rows
            if not row.is_empty
        ],
    }


def _region_data(request, slug) -> dict:
    """Everything the exports write: 9 queries, 3 on a cache hit."""
    header = _region_header(request, slug)
    return header | _region_tables(header) | {"vain_rows": _vain_rows(header)}


def _vain_rows(header) -> list[list]:
    """The stored counts of vain searches as they are (one query): the day, the place, the
    weekday and type searched for, how many."""
    names = {term.code: term.name for term in header["types"]}
    day_names = [str(name) for name in weekdays.NAMES]
    return [
        [
            row.day,
            row.orp.name,
            row.orp.csu_code,
            row.municipality.name if row.municipality else "",
            row.municipality.code if row.municipality else "",
            "" if row.weekday is None else day_names[row.weekday],
            names.get(row.service_type, row.service_type),
            row.count,
        ]
        for row in demand.region_rows(header["region"], header["today"])
    ]


def _rendered_tables(header) -> str:
    """The HTML of the page's tables. Hundreds of cells make them most of the page's rendering
    time, and they are the same for everybody asking for a region with the same toggles on the
    same day in the same language: rendered once per content version, not per request."""
    toggles = header["toggles"]
    key = ":".join(
        (
            "planning-tables-2",  # since the capacity table (issue 20)
            header["region"].slug,
            toggles.target,
            toggles.substance,
            header["today"].isoformat(),
            get_language(),
        )
    )
    html = cached_until_change(
        key,
        lambda: render_to_string("planning/_tables.html", header | _region_tables(header)),
        tables.CACHE_SECONDS,
    )
    return mark_safe(html)  # the template engine's own (escaped) output


def _vain_context(header) -> dict:
    """The searches in vain of the header's region: one query, never cached (they are counted
    as searches come, not when the content changes)."""
    summary = demand.region_summary(header["region"], header["today"])
    names = {term.code: term.name for term in header["types"]}
    present = {code for orp in summary for code in orp.by_type}
    columns = [(code, names[code]) for code in names if code in present]
    columns += [(code, code) for code in sorted(present - set(names) - {""})]  # a retired type
    if "" in present:
        columns.append(("", _("Any type")))
    return {
        "vain": summary,
        "vain_days": settings.VAIN_SEARCH_SHOWN_DAYS,
        "vain_type_columns": columns,
        "vain_type_rows": [
            (orp, [orp.by_type.get(code, 0) for code, _name in columns]) for orp in summary
        ],
    }


@require_safe
def region(request, slug):
    context = _region_header(request, slug)
    context["tables"] = _rendered_tables(context)
    context |= _vain_context(context)
    template = "planning/region.html"
    if request.GET.get("print") == "1":
        template = "planning/region_print.html"
    return render(request, template, context)


# ---- exports -----------------------------------------------------------------------------


def _tables(context) -> dict[str, tuple[str, list[str], list[list]]]:
    """The page's tables as (title, header, rows) of plain values."""
    type_names = [term.name for term in context["types"]]
    return {
        "types": (
            _("Services by type"),
            [_("ORP"), _("ORP code"), *type_names, _("All services")],
            [
                [row.orp.name, row.orp.code, *(cell.count for cell in row.cells), row.total]
                for row in context["type_rows"]
            ],
        ),
        "weekdays": (
            _("Services by weekday"),
            [_("ORP"), _("ORP code"), *(str(name) for name, _short in context["days"])],
            [
                [row.orp.name, row.orp.code, *(cell.count for cell in row.cells)]
                for row in context["weekday_rows"]
            ],
        ),
        "reach": (
            _("How services reach each ORP"),
            [
                _("ORP"),
                _("ORP code"),
                _("All services"),
                _("With premises in the ORP"),
                _("Outreach sessions only"),
                _("By service area only"),
                _("Fixed contact centre"),
            ],
            [
                [
                    row.orp.name,
                    row.orp.code,
                    row.total,
                    row.premises,
                    row.outreach,
                    row.area,
                    _("yes") if row.fixed_contact_centre else _("no"),
                ]
                for row, _url in context["reach"]
            ],
        ),
        "capacity": (
            _("Free places"),
            [
                _("ORP"),
                _("ORP code"),
                *(
                    heading
                    for name in type_names
                    for heading in (
                        _("%(type)s: free") % {"type": name},
                        _("%(type)s: all") % {"type": name},
                        _("%(type)s: older figures") % {"type": name},
                    )
                ),
            ],
            [
                [
                    row.orp.name,
                    row.orp.code,
                    *(
                        value
                        for cell in row.cells
                        for value in (cell.available, cell.maximum, cell.stale)
                    ),
                ]
                for row in context["capacity_rows"]
            ],
        ),
        "vain": (
            _("Searches in vain"),
            [
                _("Day"),
                _("ORP"),
                _("ORP code"),
                _("Municipality"),
                _("Municipality code"),
                _("Weekday searched for"),
                _("Service type searched for"),
                _("Searches"),
            ],
            context["vain_rows"],
        ),
    }


def _filename(context, name: str, extension: str) -> str:
    parts = [context["region"].slug, name]
    parts += [value for value in vars(context["toggles"]).values() if value]
    return "-".join(parts) + "." + extension


@require_safe
def export_csv(request, slug, table):
    context = _region_data(request, slug)
    _title, header, rows = _tables(context)[table]
    return csv_response(header, rows, _filename(context, table, "csv"))


@require_safe
def export_xlsx(request, slug):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    context = _region_data(request, slug)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in _tables(context).values():
        # Sheet titles: at most 31 characters and none of []:*?/\ (ours have none).
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(row))
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(context, "coverage", "xlsx")}"'
    )
    return response
