"""Turn an admin change page into the POST data its form would send, to edit and submit."""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms import CheckboxInput, ModelMultipleChoiceField, MultipleChoiceField, MultiWidget


def _put(data, name, field, value):
    widget = field.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = "" if part is None else str(part)
    elif isinstance(widget, CheckboxInput):
        if value:
            data[name] = "on"
    elif isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
        data[name] = [str(item) for item in value or ()]
    elif isinstance(value, list | tuple):
        data[name] = [str(item) for item in value]
    else:
        data[name] = "" if value is None else str(value)


def _form_data(data, form):
    for name, field in form.fields.items():
        if not field.disabled:
            _put(data, form.add_prefix(name), field, form[name].value())


def change_form_data(response) -> dict:
    """The POST data of the admin change (or add) page in ``response``, as loaded."""
    data = {}
    _form_data(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.initial_forms:
            _form_data(data, form)
    return data


def add_inline_row(data, prefix, **values):
    """Append one new row to the inline formset ``prefix`` of ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
