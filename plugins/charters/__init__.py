"""Built-in Essaim plugin: charters."""
