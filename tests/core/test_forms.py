"""Every form is rendered one way (core.forms.EssaimFormRenderer)."""

import re

from django import forms

from core.forms import HoneypotMixin


class Sample(HoneypotMixin, forms.Form):
    name = forms.CharField(label="Name", help_text="As on your ID.")
    party = forms.ChoiceField(label="Party", choices=[("1", "One"), ("2", "Two")],
                              widget=forms.RadioSelect, required=False)
    consent = forms.BooleanField(label="I agree")


def html_of(form):
    return re.sub(r"\s+", " ", str(form))


def test_label_above_field_then_help_under_it():
    html = html_of(Sample())
    label = html.index('<label class="form-field__label" for="id_name">Name')
    field = html.index('<input type="text" name="name"')
    help_ = html.index('<p class="form-field__help" id="id_name_helptext">As on your ID.</p>')
    assert label < field < help_
    assert 'aria-describedby="id_name_helptext"' in html
    assert '<span class="form-field__required">(obligatoire)</span>' in html
    assert "error-summary" not in html


def test_errors_are_summarised_linked_and_described():
    form = Sample(data={"party": "3"})
    html = html_of(form)
    summary = re.search(r'<div class="error-summary".*?</div>', html).group(0)
    assert "Ce formulaire comporte 3 erreurs :" in summary
    assert summary.count("<li>") == 3
    assert '<a href="#id_name">Name : Champ requis.</a>' in summary
    assert '<a href="#id_party_0">' in summary  # the first radio takes the focus
    name_input = re.search(r'<input type="text" name="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert ('<p class="form-field__error" id="id_name_error"><span class="visually-hidden">'
            "Erreur : </span>Champ requis.</p>") in html
    # Radios are a fieldset described by their error; the error comes before the choices.
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert 'aria-describedby="id_party_error"' in fieldset
    assert html.index('id="id_party_error"') < html.index('name="party"')


def test_one_error_is_singular():
    form = Sample(data={"name": "Léa", "website": "", "consent": ""})
    assert "Ce formulaire comporte une erreur :" in html_of(form)


def test_the_honeypot_is_hidden_from_everyone():
    html = html_of(Sample())
    hidden = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html).group(0)
    assert 'name="website"' in hidden and 'tabindex="-1"' in hidden
    assert html.count('name="website"') == 1
