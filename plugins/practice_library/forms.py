"""The front-end contribution form, one form per step."""

import datetime
import re

from django import forms
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from core.territory_fields import TerritoryChoiceField

from .models import SECTIONS, PracticeMilestone, PracticeSheetPage


def html_to_text(html: str) -> str:
    """Rich text shown in a plain textarea: one paragraph per blank-line-separated block."""
    if not html:
        return ""
    text = re.sub(r"</p>\s*<p[^>]*>|<br\s*/?>", "\n\n", html)
    return strip_tags(text).strip()


def text_to_html(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return "".join(f"<p>{escape(b)}</p>".replace("\n", "<br/>") for b in blocks)


class StepForm(forms.ModelForm):
    step_title = ""
    step = ""
    do_not_call_in_templates = True  # templates receive the class itself

    class Meta:
        model = PracticeSheetPage
        fields = []

    def _post_clean(self):
        # The page is validated as a whole when it is saved as a revision; here only the
        # fields of this step and the rules that involve them.
        from .models import RULE_FIELDS, sheet_rule_errors

        values = {name: self.cleaned_data.get(name, getattr(self.instance, name, None))
                  for name in RULE_FIELDS}
        for name, message in sheet_rule_errors(values).items():
            if name in self.fields:
                self.add_error(name, message)

    def apply(self, page):
        """Copy the cleaned data onto ``page`` (ParentalManyToMany values included)."""
        for name, value in self.cleaned_data.items():
            if name in self.Meta.fields:
                setattr(page, name, value)


class EssentialsForm(StepForm):
    step = "essentiel"
    step_title = _("Essentials")

    class Meta(StepForm.Meta):
        fields = ["title", "territory", "key_point_1", "key_point_2", "key_point_3"]
        labels = {"title": _("Title of the practice")}
        help_texts = {"key_point_1": _("What a reader must remember, in one sentence.")}
        field_classes = {"territory": TerritoryChoiceField}


class DescriptionForm(StepForm):
    step = "description"
    step_title = _("Description")

    class Meta(StepForm.Meta):
        fields = ["challenges", "mechanisms", "themes", "audiences", "participation_level",
                  "recruitment", "volunteers_count", "drawn_count", "participants_count",
                  "start_date", "end_date", "status", "total_cost", "staff_time", "programme"]
        widgets = {name: forms.CheckboxSelectMultiple
                   for name in ("challenges", "mechanisms", "themes", "audiences")} | {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class NarrativeForm(StepForm):
    step = "recit"
    step_title = _("Narrative")
    milestones = forms.CharField(
        label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One milestone per line: the date (YYYY-MM-DD), a space, then what "
                    "happened."))

    class Meta(StepForm.Meta):
        fields = [name for name, _heading in SECTIONS]

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        for name, _heading in SECTIONS:
            self.fields[name] = forms.CharField(
                label=self.fields[name].label.capitalize(), required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Plain text; leave a blank line between paragraphs."))
            if not self.is_bound and instance is not None:
                self.initial[name] = html_to_text(getattr(instance, name))
        if not self.is_bound and instance is not None:
            self.initial["milestones"] = "\n".join(
                f"{m.date:%Y-%m-%d} {m.label}" for m in instance.milestones.all())

    def clean_milestones(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            date, _space, label = line.partition(" ")
            try:
                parsed.append((datetime.date.fromisoformat(date), label.strip()[:255]))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: start with a date written YYYY-MM-DD.")
                    % {"number": number}) from None
        return parsed

    def apply(self, page):
        for name, _heading in SECTIONS:
            setattr(page, name, text_to_html(self.cleaned_data[name]))
        page.milestones = [PracticeMilestone(date=date, label=label or "—", sort_order=i)
                           for i, (date, label) in enumerate(self.cleaned_data["milestones"])]


class ContactForm(StepForm):
    step = "contact"
    step_title = _("Contact and licence")

    class Meta(StepForm.Meta):
        fields = ["contact_name", "contact_role", "contact_email", "contact_consent",
                  "licence", "adapted_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = PracticeSheetPage.objects.live().select_related("territory").order_by(
            "title")
        if self.instance.pk:
            queryset = queryset.exclude(pk=self.instance.pk)
        self.fields["adapted_from"].queryset = queryset
        self.fields["adapted_from"].label_from_instance = (
            lambda sheet: f"{sheet.title} ({sheet.territory.name})")


STEPS = [EssentialsForm, DescriptionForm, NarrativeForm, ContactForm]
STEPS_BY_NAME = {form.step: form for form in STEPS}
