"""The Settings dialog and its pages: reminders, sync, privacy."""
