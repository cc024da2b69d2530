#!/bin/sh
# Validate the freedesktop files shipped in resources/ with Debian's own validators
# (desktop-file-utils and appstream), as CI does. Infos and pedantic notes pass; warnings
# and errors fail, because software centres and Flathub reject them.
#   apt-get install -y --no-install-recommends desktop-file-utils appstream
set -eu

here=$(cd "$(dirname "$0")" && pwd)
res="$here/../resources"
app_id=io.github.relmanager.Relmanager
status=0

if command -v desktop-file-validate >/dev/null 2>&1; then
    echo "desktop-file-validate $app_id.desktop"
    desktop-file-validate "$res/$app_id.desktop" || status=1
else
    echo "desktop-file-validate not found (apt-get install desktop-file-utils)" >&2
    status=1
fi

if command -v appstreamcli >/dev/null 2>&1; then
    echo "appstreamcli validate --no-net $app_id.metainfo.xml"
    appstreamcli validate --no-net "$res/$app_id.metainfo.xml" || status=1
else
    echo "appstreamcli not found (apt-get install appstream)" >&2
    status=1
fi

exit $status
