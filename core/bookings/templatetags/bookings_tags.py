"""Template tags of the sign-up kit, for anything ``Bookable``."""

from django import template

register = template.Library()


@register.inclusion_tag("bookings/includes/seats_left.html")
def seats_left(bookable):
    """"12 seats left" or "Full: waiting list open", as a badge."""
    return {"left": bookable.seats_left}


@register.inclusion_tag("bookings/includes/sign_up_actions.html")
def sign_up_actions(bookable):
    """The sign-up (or waiting-list) button and, while seats are left, the calendar link;
    both name the object for screen readers (its ``str``), as several stand on a page."""
    return {"object": bookable, "left": bookable.seats_left, "label": str(bookable)}
