"""The window around the pages: main window, menus and shortcuts, tray, start-up, crash
and recovery dialogs."""
