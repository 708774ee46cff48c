"""The directory's own search filters on ``/api/services``: town, day, time, open_now, type …

They are the HTML search's FilterSet (``services.filters.ServiceFilter``): one definition of
"matches" for the page, the CSV and the API (STYLE.md 11).
"""

from services.filters import PARAMS, TERM_FILTERS, ServiceFilter

# The same names as the HTML search (sort aside: the API keeps its own order).
TERM_PARAMETERS = TERM_FILTERS
PARAMETERS = tuple(name for name in PARAMS if name != "sort")


class FilterError(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def is_filtering(params) -> bool:
    return any(params.get(name) for name in PARAMETERS)


def apply(queryset, params):
    """Services of ``queryset`` matching the directory filters in ``params``.

    Raises FilterError with {parameter: [messages]} on bad input. Like the HTML search, a
    filtered list holds active and planned services only; the filters are subqueries, so no
    query per result.
    """
    if not is_filtering(params):
        return queryset
    filterset = ServiceFilter(params, queryset=queryset.listed())
    if not filterset.is_valid():
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        # A page offers the choice as links; an API client needs the codes to choose by.
        resolution = filterset.form.resolution
        if resolution is not None and (resolution.choices or resolution.suggestions):
            places = resolution.choices or resolution.suggestions
            errors["town"].append("; ".join(f"{place.label} = {place.code}" for place in places))
        raise FilterError(errors)
    return filterset.qs
