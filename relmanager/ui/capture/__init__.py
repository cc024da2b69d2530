"""The Capture page (issue 24): interactions from the user's own mail and calendars."""
