"""Numbers on the sheet's pages are grouped by a narrow no-break space."""

from decimal import Decimal

import pytest

from core.models import Territory

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


def test_population_and_cost_are_grouped_by_thousands(client, make_sheet):
    town = Territory.objects.create(name="Saint-Malouin", insee_code="35999",
                                    population=92_000, kind="commune", region="bretagne")
    sheet = make_sheet("Budget des quartiers", territory=town, total_cost=Decimal("15000"))
    content = client.get(sheet.url).content.decode()
    assert f"92{NNBSP}000 (plus de 100{NNBSP}000)" not in content
    assert f"92{NNBSP}000 (de 50{NNBSP}000 à 100{NNBSP}000)" in content
    assert f"15{NNBSP}000 €" in content
    assert "92000" not in content and "92 000" not in content
