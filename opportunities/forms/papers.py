"""Adding a paper to a meeting, one of its items, or a comment round (staff, and a
researcher for their own agenda item)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.private_files import document_content_type
from opportunities.models import Paper


class PaperForm(forms.Form):
    """`versions_of`: the papers already there, any of which an easy-read or large-print
    version may be of (none: the question is not asked)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the paper a title, like “Participant leaflet”.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, Word or OpenDocument document, or a JPEG or PNG picture."),
        error_messages={"required": _("Choose the file to upload.")},
    )
    version = forms.ChoiceField(
        label=_("Which version is this?"),
        choices=Paper.Version.choices,
        initial=Paper.Version.STANDARD,
        widget=forms.RadioSelect,
    )
    version_of = forms.ModelChoiceField(
        label=_("An accessible version of"),
        queryset=Paper.objects.none(),
        required=False,
        empty_label=_("Not a version of another paper"),
    )

    def __init__(self, *args, versions_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versions_of is None:
            del self.fields["version_of"]
        else:
            self.fields["version_of"].queryset = versions_of

    def clean_file(self):
        upload = self.cleaned_data["file"]
        document_content_type(upload)  # a ValidationError says what to do instead
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            "version_of" in self.fields
            and cleaned.get("version") != Paper.Version.STANDARD
            and not cleaned.get("version_of")
            and self.fields["version_of"].queryset.exists()
        ):
            self.add_error(
                "version_of", _("Say which paper this is an easy-read or large-print version of.")
            )
        return cleaned
