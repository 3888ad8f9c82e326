"""Shared content: territories and branding."""

import pytest
from django.core.exceptions import ValidationError

from core.models import BrandingSettings, PopulationBracket, Territory
from core.validators import contrast_ratio


class TestTerritory:
    @pytest.mark.parametrize("code", ["41018", "2A004", "97411", "59", "2B", "974", "248000531"])
    def test_valid_insee_and_siren_codes(self, code):
        Territory(name="X", insee_code=code, kind="commune").full_clean(validate_unique=False)

    @pytest.mark.parametrize("code", ["4101", "ABCDE", "1234567", "41 018", ""])
    def test_invalid_codes_are_refused_with_a_message(self, code):
        with pytest.raises(ValidationError) as error:
            Territory(name="X", insee_code=code).full_clean(validate_unique=False)
        assert "insee_code" in error.value.message_dict

    @pytest.mark.parametrize("population,bracket", [
        (1_300, "lt-2000"), (2_000, "2000-10000"), (11_200, "10000-20000"),
        (46_000, "20000-50000"), (92_000, "50000-100000"), (100_000, "gt-100000"),
        (None, None),
    ])
    def test_population_bracket(self, population, bracket):
        assert Territory(population=population).population_bracket == bracket

    def test_brackets_have_french_labels(self):
        from django.utils import translation

        with translation.override("fr"):
            assert str(PopulationBracket.UNDER_2K.label) == "moins de 2\u202f000"


class TestBranding:
    def test_contrast_ratio_matches_wcag_reference_values(self):
        assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
        assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)

    def test_default_colour_is_accessible(self):
        BrandingSettings().clean_fields(exclude=["site"])

    @pytest.mark.parametrize("colour,code", [("#ffcc00", "contrast"), ("blue", "format"),
                                             ("#12345", "format")])
    def test_unreadable_or_malformed_colour_is_refused(self, colour, code):
        with pytest.raises(ValidationError) as error:
            BrandingSettings(primary_colour=colour).clean_fields(exclude=["site"])
        assert error.value.error_dict["primary_colour"][0].code == code

    @pytest.mark.django_db
    def test_primary_colour_themes_every_page(self, client, demo_site):
        from wagtail.models import Site

        branding = BrandingSettings.for_site(Site.objects.get())
        branding.primary_colour = "#6b2d5c"
        branding.site_name = "Ville de Blois"
        branding.save()
        html = client.get("/chartes/").content.decode()
        assert 'href="/theme.css?v=6b2d5c"' in html  # a new colour, a new address
        assert "Ville de Blois" in html
        css = client.get("/theme.css?v=6b2d5c")
        assert css["Content-Type"] == "text/css; charset=utf-8"
        assert css.content.decode() == ":root { --essaim-primary: #6b2d5c; }\n"
        assert "immutable" in css["Cache-Control"]


@pytest.mark.django_db
def test_groups_exist_with_the_right_admin_access():
    from django.contrib.auth.models import Group

    groups = {g.name: g for g in Group.objects.prefetch_related("permissions__content_type")}
    assert {"Professionnels", "Modérateurs", "Formateurs", "Éditeurs"} <= set(groups)

    def codenames(name):
        return {p.codename for p in groups[name].permissions.all()}

    assert "access_admin" not in codenames("Professionnels")
    for staff in ("Modérateurs", "Formateurs", "Éditeurs"):
        assert "access_admin" in codenames(staff)
    assert "change_territory" in codenames("Modérateurs")
