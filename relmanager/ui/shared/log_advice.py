"""The log dialog's channels and advice: read on the dialog's worker, then chosen and worded.

A mixin of :class:`~relmanager.ui.shared.log_dialog.LogDialog` (before QDialog), split
from it by responsibility: that module is the form and the write; this one reads the
channels and the facts the advice needs (:mod:`relmanager.store.log_reads`, never on the
UI thread), keeps the channel a group wants, and words the advice line.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from relmanager.domain.channels import (
    ChannelSpec,
    channel_advice,
    channel_for_people,
    richness_text,
)
from relmanager.domain.reciprocity import Exchange, ask_advice
from relmanager.domain.stages import Stage
from relmanager.store import log_reads
from relmanager.ui.shared.icons import channel_icon
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.palette import richness_color

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox

    from relmanager.services.background import BackgroundReader
    from relmanager.ui.contacts.form_fields import ErrorLabel
    from relmanager.ui.shared.contact_picker import ContactPicker
    from relmanager.ui.shared.people_chips import PeopleChips

#: What a typical interaction on a channel of each kind takes, to prefill minutes.
TYPICAL_MINUTES = {"face_to_face": 45, "video": 30, "voice": 15, "written_personal": 5,
                   "broadcast": 5}


class ChannelsAndAdvice:
    """The channel list, the chosen channel and the advice; the host is the form."""

    reader: BackgroundReader
    contact: ContactPicker
    also: PeopleChips
    channel: QComboBox
    exchange: QComboBox
    minutes: QSpinBox
    advice: QLabel
    error: ErrorLabel
    _channels: dict[str, ChannelSpec]
    _facts: log_reads.AdviceFacts | None
    _log_when_read: bool
    _channel_chosen: bool
    _minutes_touched: bool

    if TYPE_CHECKING:  # the host's: log what the form holds
        def accept(self) -> None: ...

    def _opened(self, contact_id: int | None, opening: log_reads.LogOpening) -> None:
        """The channels, and the contact the dialog was opened for, are read."""
        self._channels = {spec.key: spec for spec in opening.channels}
        chosen = self.channel.currentData()  # none yet, unless a test or a box set one
        self.channel.blockSignals(True)
        for spec in self._channels.values():
            words = richness_text(spec.kind, spec.two_way)
            self.channel.addItem(channel_icon(spec.key, richness_color(spec.richness)),
                                 f"{spec.name}  ·  {words}" if words else spec.name, spec.key)
        self.channel.setCurrentIndex(max(self.channel.findData(chosen), 0))
        self.channel.blockSignals(False)
        if contact_id and opening.facts is not None:
            self._facts = opening.facts
        if contact_id and self.contact.contact_id() == contact_id:
            self.contact.set_contact(contact_id, opening.label or ("", ""))
        self._channel_changed()
        self._group_changed()  # people added meanwhile: a group's default channel
        if self._log_when_read:
            self._log_when_read = False
            self.accept()

    def _not_opened(self, error: BaseException) -> None:
        self._log_when_read = False
        self.channel.setPlaceholderText("Channels not read")
        self.error.show_error(f"Could not read the channels: {failure_reason(error)}. "
                              "Close and open the dialog again to retry.")

    def _read_facts(self, contact_id: int) -> None:
        self.reader.submit(partial(log_reads.advice_facts, contact_id),
                           partial(self._facts_read, contact_id), self._facts_not_read,
                           key="advice")

    def _facts_read(self, contact_id: int, facts: log_reads.AdviceFacts | None) -> None:
        if contact_id == self.contact.contact_id() and facts is not None:
            self._facts = facts
            self.update_advice()

    def _facts_not_read(self, error: BaseException) -> None:
        self.advice.setText(f"No advice: the contact was not read ({failure_reason(error)})")
        self.advice.show()

    def _interactions_changed(self, ids: list[int]) -> None:
        """Logged elsewhere meanwhile: the advice counts it (read again)."""
        if self._facts is not None and (not ids or self._facts.contact_id in ids):
            self._facts = None
            self.update_advice()

    def wait_loaded(self) -> None:
        """Block until the dialog's reads are shown (tests, screenshots)."""
        self.reader.wait()
        QCoreApplication.processEvents()

    def _channel_changed(self) -> None:
        row = self.current_channel()
        if row is not None and not self._minutes_touched:
            self.minutes.blockSignals(True)
            self.minutes.setValue(TYPICAL_MINUTES.get(row.kind, 10))
            self.minutes.blockSignals(False)
        self.update_advice()

    def _channel_picked(self, _index: int) -> None:
        self._channel_chosen = True

    def _group_changed(self) -> None:
        key = self.channel.currentData()
        if key:
            wanted = channel_for_people(key, 1 + len(self.also.ids()),
                                        chosen=self._channel_chosen)
            if wanted != key:
                self.channel.setCurrentIndex(self.channel.findData(wanted))

    def current_channel(self) -> ChannelSpec | None:
        key = self.channel.currentData()
        return self._channels.get(key) if key else None

    def update_advice(self) -> None:
        """Recompute the advice line for the chosen contact, channel and exchange."""
        lines: list[str] = []
        cid = self.contact.contact_id()
        facts = self._facts if self._facts and self._facts.contact_id == cid else None
        if cid and facts is None and self._channels:  # another contact: its facts are read
            self._read_facts(cid)
        row = self.current_channel()
        if facts is not None and row is not None:
            stage = Stage(facts.stage)
            text = channel_advice(row, stage, only_contact=not facts.give_take.total)
            if text:
                lines.append(text)
            if self.exchange.currentData() == Exchange.ASK.value:
                text = ask_advice(stage, facts.give_take)
                if text:
                    lines.append(text)
        self.advice.setText("\n".join(lines))
        self.advice.setVisible(bool(lines))
