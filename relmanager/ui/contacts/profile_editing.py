"""The profile's editing: the form's edits saved as one undoable step, reverted, saved on
leaving a contact or closing the window (or refused, when a field is wrong).

A mixin of :class:`~relmanager.ui.contacts.contact_profile.ContactProfile` (before QWidget),
split from it by responsibility: that module shows a contact, this one keeps its edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton

    from relmanager.services.context import AppContext
    from relmanager.store.profile_reads import Profile
    from relmanager.ui.contacts.contact_form import ContactForm


#: How the messages about this form's unsaved edits begin: said while the edits are
#: there, resolved once they are saved, reverted or dropped (the board still said "Not
#: closed: a field of this contact is wrong" for 15 s after Revert, stranger3 #6).
EDITS_REFUSED = ("Not closed: ", "Still on this contact: ")


class ProfileEditing:
    """Save, Revert and the saves made on leaving; the host shows the contact."""

    ctx: AppContext
    contact_id: int | None
    shown_id: int | None
    _shown: Profile | None
    _close_refused: bool
    built: bool
    form: ContactForm
    save_button: QPushButton
    revert_button: QPushButton
    form_state: QLabel

    if TYPE_CHECKING:  # the host's: re-read the contact on the worker; show another
        def reload(self) -> None: ...
        def set_contact(self, contact_id: int | None) -> None: ...

    def _form_edited(self) -> None:
        self._close_refused = False  # a close after new edits is refused anew
        self._set_form_dirty(True)

    def _set_form_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.form_state.setText("Unsaved changes" if dirty else "")
        if not dirty:  # no edits left: nothing is refused for them any more
            for start in EDITS_REFUSED:
                self.ctx.events.status_resolved.emit(start)

    def _enter_pressed(self) -> None:
        if self.save_button.isEnabled():
            self.save()

    def save(self) -> bool:
        """Validate and save the form as one undoable step; False when a field is wrong
        (or the form still shows the contact before, its successor's read on the way)."""
        if self.contact_id is None or self.shown_id != self.contact_id:
            return False
        collected = self.form.collect()
        if collected is None:
            self.form_state.setText("Please correct the fields marked in red")
            return False
        changes, tags = collected
        if changes or tags is not None:
            from relmanager.ui.shared.undo import EditContactCommand, SetTagsCommand, perform

            stack = self.ctx.undo_stack
            stack.beginMacro(f"Edit {self.form.display_name.text().strip()}")
            edit = EditContactCommand(self.ctx, self.contact_id, changes) if changes else None
            retag = SetTagsCommand(self.ctx, self.contact_id, tags) if tags is not None \
                else None
            ok = edit is None or perform(self.ctx, edit)
            ok = ok and (retag is None or perform(self.ctx, retag))
            stack.endMacro()
            if not ok:  # one write failed: revert what the other saved, keep the form
                stack.undo()
                stack.command(stack.index()).setObsolete(True)
                stack.redo()  # an obsolete command is dropped from the stack, not redone
                if any(c is not None and c.outcome.missing for c in (edit, retag)):
                    # Found by the write itself, where a read on the UI thread asked first.
                    self._tell_deleted_elsewhere()
                    return False
                self.form_state.setText("Not saved: the edits are still here; try again")
                return False
            self.ctx.events.status_message.emit("Saved")
            self.form.mark_saved(changes, tags)
        self._set_form_dirty(False)
        self.reload()  # the form shows what was stored (normalised) when the read lands
        return True

    def revert(self) -> None:
        """Back to the contact as last read (no read: the form's edits are dropped)."""
        if self.contact_id is not None and self._shown is not None:
            self.form.load(self._shown)
            self._set_form_dirty(False)

    def leave_for_close(self) -> bool:
        """Before the window closes: save pending edits. When they cannot be saved (a
        field is wrong, or another program holds the database), the first close is
        refused and says so; a second close drops them. False: the window stays.
        (Quitting used to drop them, with "Not saved" in a window already gone; edits
        with a wrong field were dropped at once, the right ones with them.)"""
        if self.contact_id is not None and self.built and self.save_button.isEnabled() \
                and not self.save():
            if not self._close_refused:
                self._close_refused = True
                self.ctx.events.write_failed.emit(
                    "Not closed: your edits to this contact are not saved (the database "
                    "did not take them). Save them again, or close again to drop them"
                    if self.form.collect(show_errors=False) is not None else
                    "Not closed: a field of this contact is wrong (marked in red). "
                    "Correct it or Revert, or close again to drop your edits")
                return False
            self.ctx.events.status_message.emit("Unsaved edits were discarded")
            self._set_form_dirty(False)
        self._close_refused = False
        self.set_contact(None)
        return True

    def _save_pending(self) -> bool:
        """Leaving a contact with edits saves them (undoable) rather than losing them.
        False when a field is wrong: the profile stays, its errors marked, rather than
        dropping every edit with "Edits with errors were discarded" in the status bar as
        it did (Revert drops them on purpose)."""
        if self.contact_id is None or not self.built or not self.save_button.isEnabled():
            return True
        if self.save() or not self.save_button.isEnabled():
            return True  # saved; or deleted elsewhere, said, the edits with nowhere to go
        if self.form.collect(show_errors=False) is None:
            self.form_state.setText("Correct the fields marked in red, or Revert, first")
            self.ctx.events.status_message.emit(
                "Still on this contact: correct the fields marked in red, or Revert")
            return False
        self.ctx.events.status_message.emit("Edits the database did not take were discarded")
        return True

    def _tell_deleted_elsewhere(self) -> None:
        """The contact being edited was deleted by another program (a command, an
        import's undo, a sync): its edits have nowhere to go, and used to vanish with the
        profile without a word. The banner names the contact and what was typed, so it
        can be typed again where it belongs."""
        from relmanager.domain.text import visible

        name = visible(self._shown.display_name) if self._shown is not None else "The contact"
        edits = self.form.edits_text()
        self.ctx.events.write_failed.emit(
            f"Not saved: {name} was deleted elsewhere (another program or a sync) while "
            f"you were editing; your edits were not kept" + (f" ({edits})" if edits else ""))
        self._set_form_dirty(False)

