"""Models' names in the admin templates' sentences, in the accusative (``directory.admin_names``).

Used by the overrides of Django's admin templates in templates/admin/.
"""

from django import template
from django.utils.translation import pgettext

from directory import admin_names

register = template.Library()


@register.simple_tag(takes_context=True)
def accusative_title(context):
    """The page's title, Django's own ones with the model in the accusative ("Přidat službu").

    ``{% accusative_title as title %}{{ block.super }}``: the block of Django's template below
    shows the corrected title.
    """
    return admin_names.admin_title(context.get("title"), context.get("opts"))


@register.simple_tag
def add_label(opts):
    """ "Přidat službu": the add button of a list, the last step of an add form's breadcrumbs."""
    return pgettext("accusative", "Add %s") % admin_names.accusative(opts)


@register.simple_tag
def counted(opts, count):
    """ "1 službu", "3 služby", "5 služeb"."""
    return admin_names.counted(opts, int(count))
