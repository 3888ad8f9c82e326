"""The front-end contribution form, one form per step."""

import datetime
import re

from django import forms
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from core.territory_fields import TerritoryChoiceField
from core.typography import capitalised_choices

from .models import SECTIONS, PracticeMilestone, PracticeSheetPage


def html_to_text(html: str) -> str:
    """Rich text shown in a plain textarea: one paragraph per blank-line-separated block."""
    if not html:
        return ""
    text = re.sub(r"</p>\s*<p[^>]*>|<br\s*/?>", "\n\n", html)
    return strip_tags(text).strip()


# Dates are typed day first (JJ/MM/AAAA) whatever the browser's language, or ISO
# (what the date picker sends).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y"]


def parse_date(text):
    """A date typed as JJ/MM/AAAA (or JJ.MM.AAAA, JJ-MM-AAAA) or AAAA-MM-JJ, or None."""
    for date_format in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    return None


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Choice labels are lower case in the models (they are used inside sentences);
            # as options of a list they start with a capital.
            if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
                field.choices = capitalised_choices(field.choices)

    @classmethod
    def initial_for(cls, user, instance):
        """Values proposed to ``user`` for the fields ``instance`` leaves empty."""
        return {}

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
        help_texts = {
            "title": _("What was done, and where, in a few words: for example “Participatory "
                       "budget of the Maurepas neighbourhood”."),
            "key_point_1": _("What a reader must remember, in one sentence.")}
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
            self.fields[name].help_text = _("Pick it in the calendar, or type it as "
                                            "DD/MM/YYYY.")


class NarrativeForm(StepForm):
    step = "recit"
    step_title = _("Narrative")
    milestones = forms.CharField(
        label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One milestone per line: the date (DD/MM/YYYY), a space, then what "
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
                f"{m.date:%d/%m/%Y} {m.label}" for m in instance.milestones.all())

    def clean_milestones(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            text, _space, label = line.partition(" ")
            date = parse_date(text)
            if date is None:
                raise forms.ValidationError(
                    _("Line %(number)s: start with a date written DD/MM/YYYY.")
                    % {"number": number})
            parsed.append((date, label.strip()[:255]))
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

    @classmethod
    def initial_for(cls, user, instance):
        """The contributor is the likeliest contact: their name, job title and email."""
        profile = getattr(user, "professional_profile", None)
        proposed = {"contact_name": user.get_full_name().strip(),
                    "contact_email": user.email,
                    "contact_role": getattr(profile, "job_title", "")}
        return {name: value for name, value in proposed.items()
                if value and not getattr(instance, name, "")}


STEPS = [EssentialsForm, DescriptionForm, NarrativeForm, ContactForm]
STEPS_BY_NAME = {form.step: form for form in STEPS}
