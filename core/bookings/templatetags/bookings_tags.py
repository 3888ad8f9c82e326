"""Template tags of the sign-up kit, for anything ``Bookable``."""

from django import template

register = template.Library()

# A date with this many seats left or fewer (and some already taken) is "nearly full":
# its badge says "only 2 seats left", so that people who hesitate know not to wait.
NEARLY_FULL_SEATS = 3


@register.inclusion_tag("bookings/includes/seats_left.html")
def seats_left(bookable):
    """"12 seats left", "Only 2 seats left" or "Full: waiting list open", as a badge."""
    left = bookable.seats_left
    capacity = bookable.offering.capacity if bookable.offering_id else 0
    return {"left": left, "nearly_full": 0 < left <= NEARLY_FULL_SEATS and left < capacity}


@register.inclusion_tag("bookings/includes/sign_up_actions.html")
def sign_up_actions(bookable):
    """The sign-up (or waiting-list) button and, while seats are left, the calendar link;
    both name the object for screen readers (its ``str``), as several stand on a page."""
    return {"object": bookable, "left": bookable.seats_left, "label": str(bookable)}
