"""Relmanager: a desktop relationship manager for people who build a network deliberately."""

__version__ = "0.1.0"
