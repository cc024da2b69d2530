"""The Introductions page and the new-introduction dialog."""
