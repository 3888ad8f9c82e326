from plugins.practice_library.models import PracticeSheetPage


def test_demo_content_is_varied_linked_and_idempotent(demo_site):
    from django.core.management import call_command

    sheets = PracticeSheetPage.objects.live()
    assert sheets.count() >= 15
    assert sheets.exclude(adapted_from=None).count() >= 3
    assert len({s.territory.population_bracket for s in sheets}) >= 5
    assert len({c for s in sheets for c in s.challenge_slugs}) == 9

    call_command("demo", stdout=__import__("io").StringIO())
    assert PracticeSheetPage.objects.count() == sheets.count()
