"""The Timeline page and its painted charts."""
