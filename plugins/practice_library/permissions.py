"""Who may do what with a practice sheet, in one place (views and tests use it).

Professionals work on their own sheets from the site; moderators and editors
work in the Wagtail admin with Wagtail's page permissions.
"""

from core.accounts.models import is_professional


def _wagtail(user, page):
    return page.permissions_for_user(user)


def is_owner(user, page) -> bool:
    return bool(user.is_authenticated and page.owner_id == user.pk)


def can_view_draft(user, page) -> bool:
    if not user.is_authenticated:
        return False
    return is_owner(user, page) or _wagtail(user, page).can_edit()


def can_edit(user, page) -> bool:
    """Edit the sheet: its owner from the site (not while it awaits moderation), or anyone
    Wagtail lets edit it in the admin."""
    if not user.is_authenticated:
        return False
    if is_owner(user, page) and is_professional(user):
        return not page.workflow_in_progress
    return _wagtail(user, page).can_edit()


def can_submit(user, page) -> bool:
    if not user.is_authenticated or page.workflow_in_progress:
        return False
    if is_owner(user, page) and is_professional(user):
        return True
    # Wagtail's own check only looks at locks and workflows, not at who is asking.
    wagtail = _wagtail(user, page)
    return wagtail.can_edit() and wagtail.can_submit_for_moderation()


def can_publish(user, page) -> bool:
    if not user.is_authenticated:
        return False
    return _wagtail(user, page).can_publish()
