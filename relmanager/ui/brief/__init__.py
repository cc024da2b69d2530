"""The meeting brief dialog (issue 24, item 6)."""
