"""Render Django forms as NHS.UK frontend markup that assistive technology can follow.

wagtail-nhsuk-frontend's own form template gives checkbox labels `for=""`, no ids
for hints and errors (so `aria-describedby` points nowhere) and no error summary;
templates/forms/form_as_div.html uses these helpers instead.
"""

import copy

from django import forms, template
from wagtailnhsukfrontend.forms.renderers import NHSUKFrontendRenderer
from wagtailnhsukfrontend.forms.templatetags.nhsukfrontendforms_tags import (
    get_widget_html_class,
    get_widget_html_error_class,
)

register = template.Library()

# NHS.UK markup for radios and checkbox lists, for our public forms only: as the
# global FORM_RENDERER it would also restyle the Wagtail admin's widgets.
_RENDERER = NHSUKFrontendRenderer()

_GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_group(field) -> bool:
    """Radios and checkbox lists are answered as a group: fieldset and legend."""
    return isinstance(field.field.widget, _GROUP_WIDGETS)


@register.filter
def is_single_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def hint_id(field) -> str:
    # Django adds aria-describedby="<id>_helptext" by itself when a field has help text.
    return f"{field.auto_id}_helptext"


@register.filter
def error_id(field) -> str:
    return f"{field.auto_id}-error"


@register.filter
def nhsuk_widget(field):
    """The widget with NHS.UK classes and its hint and error linked by aria-describedby."""
    widget = copy.copy(field.field.widget)
    # Placeholders vanish as people type and are read out inconsistently; the
    # label and hint already say what to enter.
    widget.attrs = {k: v for k, v in widget.attrs.items() if k != "placeholder"}
    classes = [get_widget_html_class(widget)]
    described_by = []
    if field.help_text:
        described_by.append(hint_id(field))
    if field.errors:
        classes.append(get_widget_html_error_class(widget))
        described_by.append(error_id(field))
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by and not is_group(field):
        attrs["aria-describedby"] = " ".join(described_by)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    html = widget.render(name=field.html_name, value=field.value(), attrs=attrs, renderer=_RENDERER)
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html


@register.inclusion_tag("forms/form_as_div.html")
def nhsuk_form(form, mark_optional=True):
    """`mark_optional=False` for filters, where every field is optional by nature."""
    return {"form": form, "mark_optional": mark_optional}


@register.inclusion_tag("forms/error_summary.html")
def error_summary(*forms_to_check):
    """The error summary for one or more forms, linking each message to its field."""
    items = []
    # A formset counts as its forms (in order), so each row's errors link to its fields.
    expanded = []
    for form in forms_to_check:
        expanded.extend(form.forms if hasattr(form, "forms") else [form])
    for form in expanded:
        if not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            first = next(iter(form.visible_fields()), None)
            items.append({"message": error, "target": first.id_for_label if first else ""})
        for field in form.visible_fields():
            # A group's link goes to its first option, as the NHS.UK pattern asks.
            target = f"{field.auto_id}_0" if is_group(field) else field.id_for_label
            for error in field.errors:
                items.append({"message": error, "target": target or field.auto_id})
    return {"items": items}


# --- Conditional reveal (home/reveals.py) ------------------------------------------


@register.filter
def reveals(field) -> bool:
    """Radios with a follow-up question beneath some of their answers."""
    return bool(getattr(field.form, "reveals", {}).get(field.name)) and isinstance(
        field.field.widget, forms.RadioSelect
    )


@register.filter
def is_follow_up(field) -> bool:
    """A follow-up question: shown beneath its answer, not in the form's own list."""
    return any(
        field.name in names
        for trigger, by_value in getattr(field.form, "reveals", {}).items()
        if trigger in field.form.fields
        for names in by_value.values()
    )


@register.inclusion_tag("forms/revealing_radios.html")
def revealing_radios(field, mark_optional=True):
    """The NHS.UK radios with conditional reveal: each answer with a follow-up has its
    questions in a box beneath it, which the NHS.UK script hides until that answer is
    chosen. Without JavaScript every box shows, each under its own answer."""
    by_value = field.form.reveals[field.name]
    # A short hint beneath an answer, if the form gives one (`choice_hints`).
    hints = getattr(field.form, "choice_hints", {}).get(field.name, {})
    placed: set[str] = set()  # a follow-up beneath two answers shows under the first
    options = []
    for widget in field.subwidgets:
        names = [n for n in by_value.get(str(widget.data["value"]), []) if n not in placed]
        placed.update(names)
        options.append(
            {
                "id": widget.id_for_label,
                "value": widget.data["value"],
                "label": widget.data["label"],
                "checked": widget.data["selected"],
                "hint": hints.get(str(widget.data["value"]), ""),
                "follow_ups": [field.form[name] for name in names],
            }
        )
    return {"field": field, "options": options, "mark_optional": mark_optional}
