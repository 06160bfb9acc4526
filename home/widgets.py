"""Admin widgets of our own. Wagtail loads this module by its dotted path
(WAGTAILADMIN_RICH_TEXT_EDITORS), once the apps are ready."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's Draftail editor, named by its field's label.

    In Wagtail 8 the editor's typing area (a contenteditable `role="textbox"`) has no
    accessible name: the label's `for` points at the hidden input that carries the
    value, so screen readers announce an unnamed text box and axe reports it. Draftail
    takes `ariaLabelledBy` among its options (Wagtail passes the widget's options to
    it unchanged), and Wagtail gives every field label the id `<field id>-label`
    (wagtailadmin/shared/formatted_field.html): pointing one at the other names it."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            options = {**self.options, "ariaLabelledBy": f"{field_id}-label"}
            context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(
                options, cls=DjangoJSONEncoder
            )
        return context
