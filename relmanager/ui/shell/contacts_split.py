"""How the Contacts page shares its width between the list and the profile.

The profile is a form and a few tabs: past the width its History tab needs for the names
of a group row (~600 px) it only grows empty margins, while every pixel more lets the list
show its columns whole. The two grew 3:2 with the window, and a maximised 1920-px window
gave an empty profile ("Select a contact...") half the page beside a list that cut its
organisations. Now they share the page equally until the profile has its comfortable
width (:data:`COMFORT_CHARS`); a wider window widens the list only. Giving all growth to
the list from the start (stretch 1:0) was tried and left the profile at its least width
on a 1366-px laptop, where the History tab then cut the names of a group.

A narrower window takes the room back from the list first, down to an equal share. A
width the user chose by dragging the handle is never taken away by a larger window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

#: The profile's comfortable width in average characters (~624 px at 6 px): its History
#: tab shows a three-person group's names whole, its form's fields are long enough for an
#: address; wider, the profile only grows margins.
COMFORT_CHARS = 104


class ContactsSplitter(QSplitter):
    """The list (left) and the profile (right); see the module's docstring for the rule."""

    def __init__(self, contacts: QWidget, profile: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.profile = profile
        self.addWidget(contacts)
        self.addWidget(profile)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([650, 450])
        #: True until the first split is made, on the page's first resize (a restored
        #: layout clears it): made at the window's show, it divided the ~640 px a page
        #: not yet shown is given, not the page's real width.
        self.split_pending = True

    def comfortable_width(self) -> int:
        """The profile's width beyond which a wider window widens the list only."""
        return max(self.profile.fontMetrics().averageCharWidth() * COMFORT_CHARS,
                   self.profile.minimumSizeHint().width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        before = self.sizes()
        super().resizeEvent(event)
        total = sum(self.sizes())
        if total <= 0 or len(before) != 2:
            return
        given = self.sizes()[1]  # what the stretch factors gave the profile
        if self.split_pending:
            self.split_pending = False
            profile = min(total // 2, self.comfortable_width())
        elif total >= sum(before):  # wider: the list takes what the profile does not need
            profile = min(given, max(self.comfortable_width(), before[1]))
        else:  # narrower: the list gives up its room first, down to an equal share
            profile = min(before[1], max(total // 2, given))
        profile = max(profile, self.profile.minimumSizeHint().width())
        if profile != given:
            self.setSizes([total - profile, profile])
