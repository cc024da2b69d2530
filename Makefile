# Developer and packaging shortcuts. The Python package itself installs with
# `pipx install .` or `pip install .`; these targets cover what pip cannot.

PYTHON ?= .venv/bin/python

.PHONY: install-desktop uninstall-desktop icons validate-desktop pyinstaller

## Menu entry, AppStream metainfo and icons for the current user (honours XDG_DATA_HOME)
install-desktop:
	sh packaging/install-linux-user.sh install

uninstall-desktop:
	sh packaging/install-linux-user.sh uninstall

## Re-render the app icon PNGs after editing relmanager/resources/icons/app/relmanager.svg
icons:
	QT_QPA_PLATFORM=offscreen $(PYTHON) packaging/render_icons.py

## desktop-file-validate and appstreamcli validate, as CI runs them
validate-desktop:
	sh packaging/validate.sh

## One-folder PyInstaller build in dist/relmanager, smoke-tested with --version
pyinstaller:
	sh packaging/build_pyinstaller.sh
