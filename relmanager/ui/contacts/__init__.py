"""The Contacts page: the list and its filter bar, the profile and its tabs, the
new-contact and edit forms."""
