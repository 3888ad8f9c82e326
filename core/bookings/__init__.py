"""The sign-up engine shared by visits, training sessions and city plugins."""
