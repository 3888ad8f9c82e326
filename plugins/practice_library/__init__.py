"""Built-in Essaim plugin: practice library."""
