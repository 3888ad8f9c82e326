"""Built-in Essaim plugin: civic visits."""
