"""Federation of practice libraries: each Essaim publishes its sheets as an ActivityStreams
outbox and subscribes to other instances' outboxes (docs/federation.md).

A Django app of its own (label ``practice_federation``) inside the practice library
plugin: sheets are the plugin's, so is their exchange; core lends the safe HTTP client
(core/remote.py) and search/ indexes the received sheets as practice sheets.
"""
