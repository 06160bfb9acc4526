"""Follow-up questions that appear only when an answer needs them (the NHS.UK and
GOV.UK "conditional reveal"): "Pause until" only beneath "Paused", how much a condition
limits someone only beneath "Yes".

A form says which: `reveals = {"updates": {"paused": ["updates_paused_until"]}}`
(radios field -> answer -> the follow-up fields beneath it); the form template
(templates/forms/field.html, revealing_radios.html) puts them there. The NHS.UK script
hides each until its answer is chosen; without JavaScript they all show, each beneath
its answer. Whatever the browser sent, a follow-up is kept, and checked, only when its
answer was chosen: otherwise it is empty and its errors are dropped.
"""


class RevealsMixin:
    """For a form with `reveals`; put it before forms.Form / forms.ModelForm."""

    reveals: dict[str, dict[str, list[str]]] = {}

    def follow_ups_needed(self, cleaned: dict) -> set[str]:
        """The follow-up fields whose answer was chosen."""
        return {
            name
            for trigger, by_value in self.reveals.items()
            for value, names in by_value.items()
            if str(cleaned.get(trigger) or "") == value
            for name in names
        }

    def clean(self):
        cleaned = super().clean()
        needed = self.follow_ups_needed(cleaned)
        for by_value in self.reveals.values():
            for names in by_value.values():
                for name in names:
                    if name in self.fields and name not in needed:
                        self.errors.pop(name, None)
                        cleaned[name] = self.fields[name].to_python(None)
        return cleaned
