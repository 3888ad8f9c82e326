"""Built-in Essaim plugin: trainings catalogue."""
