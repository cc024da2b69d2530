"""The Network page: who knows whom around the user, tie strengths and warm paths."""
