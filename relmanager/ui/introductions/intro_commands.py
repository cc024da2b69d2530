"""An introduction step as an undoable command: Ctrl+Z (Edit > Undo) takes back a step
chosen by mistake, "Introduction made" without consent among them, where before a step
could neither be undone nor stepped back. Undo removes the step's date and the
interactions it logged, so the history keeps only what happened; redo puts back that
very step (its date, the same interactions: a synced one keeps what another client added
to it), not a new one."""

from __future__ import annotations

from relmanager.domain.introductions import IntroStatus
from relmanager.services.context import AppContext
from relmanager.services.writer import Change
from relmanager.store import introductions
from relmanager.ui.shared.undo import StoreCommand


class IntroductionStepCommand(StoreCommand):
    """Take introduction ``introduction_id`` to ``step``; ``people`` are its sides and
    introducer, whose views reload when the step logged interactions with them."""

    def __init__(self, ctx: AppContext, text: str, introduction_id: int, step: IntroStatus,
                 people: tuple[int, ...], outcome: str = "") -> None:
        super().__init__(ctx, text)
        self.introduction_id, self.step, self.people = introduction_id, step, people
        self.said = outcome  # what they said (a follow-up); self.outcome is the base's
        self.result: introductions.StepResult | None = None
        self.undone: introductions.UndoneStep | None = None

    def apply(self) -> None:
        if self.result is not None and self.undone is not None:
            introductions.redo_step(self.introduction_id, self.result, self.undone)
            self.undone = None
            return
        self.result = introductions.advance(self.ctx.clock, self.introduction_id, self.step,
                                            outcome=self.said)

    def revert(self) -> None:
        if self.result is not None:
            self.undone = introductions.undo_step(self.introduction_id, self.step,
                                                  self.result)

    def applied(self) -> Change:
        logged = self.result is not None and bool(self.result.interaction_ids)
        return Change(interactions=self.people if logged else None, introductions=True)
