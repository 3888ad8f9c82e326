"""Every page type walked through the admin as editors and moderators do: add, edit,
preview before the first save, preview of a draft whose relations are not saved rows,
and the moderator's preview from the workflow task — each must render (status 200).

A new page type fails here until the demo creates one of it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from core.apps import essaim_app_labels

pytestmark = pytest.mark.django_db


def page_types(creatable=False):
    """Our page types; with ``creatable``, those the demo leaves room for one more of
    (single index pages are covered by the edit and workflow tests)."""
    labels = essaim_app_labels()
    return sorted((m for m in get_page_models() if m._meta.app_label in labels
                   and not (creatable and m.max_count)), key=lambda m: m._meta.label)


def as_new_page(data):
    """Edit-form data made into the data of a page never saved: inline rows become new
    rows, unique identifiers are dropped."""
    data = data.copy()
    for key in list(data):
        if key.endswith("-id") or key == "external_id":
            data[key] = ""
    return data


@pytest.fixture
def editor(demo_site, client):
    user = get_user_model().objects.create_superuser("relecture", "relecture@example.org",
                                                     "Colibri-en-essaim-42")
    client.force_login(user)
    return user


def an_instance(model):
    page = model.objects.order_by("pk").first()
    assert page is not None, f"the demo has no {model.__name__}: add one to its demo content"
    return page


def edit_form_data(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def assert_previews(client, post_url, data, preview_url):
    response = client.post(post_url, data=data)
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}, response.json()
    response = client.get(preview_url)
    assert response.status_code == 200, response.content[:2000]
    return response


@pytest.mark.parametrize("model", page_types(), ids=lambda m: m.__name__)
def test_edit_and_preview_a_published_page(client, editor, model):
    page = an_instance(model)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert_previews(client, url, edit_form_data(client, page), url)


@pytest.mark.parametrize("model", page_types(creatable=True), ids=lambda m: m.__name__)
def test_add_and_preview_a_page_never_saved(client, editor, model):
    page = an_instance(model)
    parent = page.get_parent().specific
    app, name = model._meta.app_label, model._meta.model_name
    add = reverse("wagtailadmin_pages:add", args=[app, name, parent.pk])
    assert client.get(add).status_code == 200
    data = as_new_page(edit_form_data(client, page))
    data["title"], data["slug"] = f"{page.title} (copie)", f"{page.slug}-copie"
    url = reverse("wagtailadmin_pages:preview_on_add", args=[app, name, parent.pk])
    assert_previews(client, url, data, url)


@pytest.mark.parametrize("model", page_types(), ids=lambda m: m.__name__)
def test_moderator_previews_a_submitted_draft_from_the_workflow_task(client, editor, model):
    page = an_instance(model)
    data = edit_form_data(client, page)
    data["title"] = f"{page.title} — révision"
    data["action-submit"] = "Soumettre"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data=data)
    assert response.status_code == 302, response.content[:3000]
    page = Page.objects.get(pk=page.pk)
    task = page.current_workflow_task
    assert task is not None, f"submitting a {model.__name__} started no moderation"
    response = client.get(reverse("wagtailadmin_pages:workflow_preview",
                                  args=[page.pk, task.pk]))
    assert response.status_code == 200
    assert "révision" in response.content.decode()
