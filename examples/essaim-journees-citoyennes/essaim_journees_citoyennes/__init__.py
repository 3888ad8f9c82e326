"""Journées citoyennes: volunteer days where residents look after public spaces."""
