"""The data a browser would post back from an admin change form, read from its rendered context."""

from django import forms


def _form_data(form: forms.BaseForm) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def change_form_data(response) -> dict:  # noqa: ANN001
    """Every field of the change form and of its inlines, as the page shows them."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
    return data
