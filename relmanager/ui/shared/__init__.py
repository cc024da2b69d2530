"""Widgets, dialogs and helpers more than one page uses: display words, colours, icons,
plain text, the page loader, undo, the Log dialog."""
