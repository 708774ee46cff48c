"""Markup of the planning matrices' cells."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def planning_cell(cell) -> str:
    """A matrix cell: the count (a marked gap when 0) linking to the matching search, and notes.

    Python rather than an included template: a region page has hundreds of cells, and an
    include with translation tags per cell cost more than all the rest of the page.
    """
    if cell.is_gap:
        link = format_html(
            '<a href="{}"><span class="planning-gap-mark" aria-hidden="true">✕</span> 0'
            '<span class="planning-sr"> ({})</span></a>',
            cell.url,
            _("gap"),
        )
    else:
        link = format_html('<a href="{}">{}</a>', cell.url, cell.count)
    notes = []
    if cell.on_premises:
        notes.append(
            ngettext("%(n)s on premises", "%(n)s on premises", cell.on_premises)
            % {"n": cell.on_premises}
        )
    if cell.planned:
        notes.append(ngettext("%(n)s planned", "%(n)s planned", cell.planned) % {"n": cell.planned})
    return format_html(
        '<td class="planning-number{}">{}{}</td>',
        " planning-gap" if cell.is_gap else "",
        link,
        format_html_join("", '<span class="planning-note">{}</span>', ((note,) for note in notes)),
    )
