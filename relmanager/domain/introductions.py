"""The life of an introduction: from the request to the closed loop.

"Nothing is more embarrassing than 'that person you introduced never contacted me'":
every introduction walks requested -> consent asked -> consent given (or declined) ->
made -> followed up -> closed, and each step has a date.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from relmanager.domain.wording import overdue, relative_day

#: Days after an introduction is made before asking both sides how it went.
FOLLOW_UP_AFTER_DAYS = 14


class IntroStatus(StrEnum):
    REQUESTED = "requested"
    CONSENT_ASKED = "consent_asked"
    CONSENT_GIVEN = "consent_given"
    DECLINED = "declined"
    MADE = "made"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def date_field(self) -> str:
        """The Introduction column that records when this step happened."""
        return {
            IntroStatus.REQUESTED: "requested_at",
            IntroStatus.CONSENT_ASKED: "consent_asked_at",
            IntroStatus.CONSENT_GIVEN: "consent_given_at",
            IntroStatus.DECLINED: "declined_at",
            IntroStatus.MADE: "made_at",
            IntroStatus.FOLLOWED_UP: "followed_up_at",
            IntroStatus.CLOSED: "closed_at",
        }[self]


#: Which steps may follow which. Skipping consent is allowed (with a warning), since
#: people do introduce without asking; declining ends the path.
NEXT_STEPS: dict[IntroStatus, tuple[IntroStatus, ...]] = {
    IntroStatus.REQUESTED: (IntroStatus.CONSENT_ASKED, IntroStatus.MADE, IntroStatus.DECLINED),
    IntroStatus.CONSENT_ASKED: (IntroStatus.CONSENT_GIVEN, IntroStatus.DECLINED),
    IntroStatus.CONSENT_GIVEN: (IntroStatus.MADE,),
    IntroStatus.DECLINED: (IntroStatus.CLOSED,),
    IntroStatus.MADE: (IntroStatus.FOLLOWED_UP, IntroStatus.CLOSED),
    IntroStatus.FOLLOWED_UP: (IntroStatus.CLOSED,),
    IntroStatus.CLOSED: (),
}

#: Introductions still under way. A declined one is over (its one next step is closing
#: it), so it is not listed under "Open introductions" beside those still waiting.
OPEN_STATUSES = frozenset(set(IntroStatus) - {IntroStatus.CLOSED, IntroStatus.DECLINED})


def check_in_pending(status: IntroStatus) -> bool:
    """Whether the check-in of an introduction is still to do: it was made and nobody
    has asked both sides how it went yet (after that, or once closed, its date is
    history, not something overdue)."""
    return status is IntroStatus.MADE


def check_in_due(status: IntroStatus, due_at: datetime | None, now: datetime) -> bool:
    """Whether the user is to ask both sides how an introduction went (or, introduced,
    report back) at ``now``: the check-in is pending and its day has come. The one rule
    Today, the tray menu and the digest follow (``store.today_reads``); before the date
    there is nothing to do, asking two days after an introduction is pestering."""
    return check_in_pending(status) and due_at is not None and due_at <= now


def waiting_words(status: IntroStatus, since: datetime, due_at: datetime | None,
                  now: datetime) -> str:
    """How long an introduction has waited, as a friend would say it, for Today, the
    tray menu and the digest alike: a made one waits on its check-in, so it is "due
    today" or "3 days overdue" (it read "0 days" or "19 days", counted from the day it
    was made); any other step since the day it was taken ("today", "3 days ago")."""
    if check_in_pending(status) and due_at is not None:
        return overdue(due_at, now) or f"due {due_at:%-d %b}"
    return relative_day(since, now)


def check_in_words(status: IntroStatus, due_at: datetime | None,
                   followed_up_at: datetime | None, now: datetime) -> str:
    """The Introductions page's Check-in cell: overdue or the day it is due while the
    check-in is pending, the day it was done once followed up. A followed-up one showed
    its old due day ("17 Nov", past and not marked), which read like a missed one."""
    if check_in_pending(status) and due_at is not None:
        return overdue(due_at, now) or f"{due_at:%-d %b}"
    if followed_up_at is not None:
        return f"done {followed_up_at:%-d %b}"
    return ""


def step_words(status: IntroStatus, requester: str | None, target: str | None,
                introducer: str | None) -> str:
    """What the user does next, or waits on, for an introduction at ``status``, for Today,
    the tray and the digest (None is the user). Worded by who is who, in every kind:

    - the user introduces two people (Ana → Ben): ask Ben, make it, ask both;
    - someone introduces the user to a person (Nia → Ben (for you), either side
      left empty being the user): ask Nia, wait on Nia, report back to Nia;
    - someone introduces two of the user's contacts (Nia → Ben (for Ana)): ask Nia to
      introduce Ana to Ben, wait on Nia, ask Ana how it went; it read "ask Nia to
      introduce you to Ben", as if the user were to meet Ben;
    - the user meets a person with nobody in between (you → Ben): ask Ben, arrange it;
    - someone introduces the user to a person not in the contacts (Nia → you).
    """
    if status is IntroStatus.CLOSED:
        return "closed"
    if status is IntroStatus.DECLINED:
        return "declined: close the introduction"
    if introducer:
        return _through(status, requester, target, introducer)
    if requester and target:
        return {
            IntroStatus.REQUESTED: f"ask {target} whether they would like to meet {requester}",
            IntroStatus.CONSENT_ASKED: f"waiting on {target}'s answer",
            IntroStatus.CONSENT_GIVEN: f"{target} agreed: make the introduction",
            IntroStatus.MADE: f"close the loop: ask {requester} and {target} how the "
                              "introduction went",
            IntroStatus.FOLLOWED_UP: "you checked in with both: close the introduction",
        }[status]
    other = requester or target  # the user meets them, nobody in between (store
    # .introductions.create_introduction refuses one with nobody named at all)
    return {
        IntroStatus.REQUESTED: (f"ask {target} whether they would like to meet you" if target
                                else f"{other} would like to meet you: answer them"),
        IntroStatus.CONSENT_ASKED: (f"waiting on {target}'s answer" if target
                                    else f"{other} is waiting on your answer"),
        IntroStatus.CONSENT_GIVEN: f"arrange to meet {other}",
        IntroStatus.MADE: f"close the loop: note how meeting {other} went",
        IntroStatus.FOLLOWED_UP: "you noted how it went: close the introduction",
    }[status]


def _through(status: IntroStatus, requester: str | None, target: str | None,
             introducer: str) -> str:
    """:func:`step_words` for an introduction someone else makes."""
    if requester and target:  # two of the user's contacts, introduced by a third
        return {
            IntroStatus.REQUESTED: f"ask {introducer} to introduce {requester} to {target}",
            IntroStatus.CONSENT_ASKED: f"waiting on {introducer} to hear from {target}",
            IntroStatus.CONSENT_GIVEN: f"{target} agreed: waiting on {introducer} to "
                                       f"introduce {requester}",
            IntroStatus.MADE: f"close the loop: ask {requester} how meeting {target} went "
                              f"and tell {introducer}",
            IntroStatus.FOLLOWED_UP: f"you checked in with {requester} and {introducer}: "
                                     "close the introduction",
        }[status]
    other = requester or target  # the user is the other one introduced
    meet = f" to {other}" if other else ""
    return {
        IntroStatus.REQUESTED: f"ask {introducer} to introduce you{meet}",
        IntroStatus.CONSENT_ASKED: f"waiting on {introducer} to hear from "
                                   f"{other or 'the other side'}",
        IntroStatus.CONSENT_GIVEN: f"{other or 'the other side'} agreed: waiting on "
                                   f"{introducer} to introduce you",
        IntroStatus.MADE: f"report back to {introducer} on meeting {other}" if other
        else f"report back to {introducer} on the introduction",
        IntroStatus.FOLLOWED_UP: f"you reported back to {introducer}: close the introduction",
    }[status]


def reminder_person(requester: int | None, target: int | None,
                    introducer: int | None) -> int | None:
    """Whom an introduction's reminder is filed under (opened on, named under in the
    digest; it is snoozed alone, ``domain.priority.snooze_key``): the
    introducer whenever someone else makes it, since every step is then about them
    ("ask Nia to introduce you", "waiting on Nia", "report back to Nia", "ask Ana how
    meeting Ben went and tell Nia"), which snoozing or opening the one met did not
    touch; otherwise the one to meet."""
    if introducer is not None:
        return introducer
    return target or requester


def primary_next(status: IntroStatus) -> IntroStatus | None:
    """The one-click next step of the happy path."""
    steps = NEXT_STEPS[status]
    return steps[0] if steps else None


def can_move(current: IntroStatus, target: IntroStatus) -> bool:
    return target in NEXT_STEPS[current]


#: What taking a step records, as a button or an undo entry says it, where the words do
#: not depend on who asks whom (:func:`step_verb`).
_STEP_VERBS = {
    IntroStatus.CONSENT_ASKED: "Asked for consent",
    IntroStatus.CONSENT_GIVEN: "Consent given",
    IntroStatus.DECLINED: "Declined",
    IntroStatus.MADE: "Introduction made",
    IntroStatus.FOLLOWED_UP: "Followed up",
    IntroStatus.CLOSED: "Close",
}


def step_verb(step: IntroStatus, requester: str | None, target: str | None,
              introducer: str | None) -> str:
    """Taking ``step``, in the words of the Introductions page's buttons and its undo,
    read by who asks whom as :func:`step_words` reads it (None is the user): "Asked for
    consent" when the user asks, "Nia asked Ben" when the introducer does (the page said
    "Asked for consent" there, as if the user had), and for "Ana → you" the one asked is
    the user ("Told Ana you will answer", "You agreed")."""
    if introducer:
        other = target or requester  # whose yes the introducer asks for
        if step is IntroStatus.CONSENT_ASKED:
            return f"{introducer} asked {other or 'the other side'}"
        if step is IntroStatus.CONSENT_GIVEN:
            return f"{other or 'The other side'} agreed"
    elif not target and requester:  # they asked to meet the user: the yes is the user's
        if step is IntroStatus.CONSENT_ASKED:
            return f"Told {requester} you will answer"
        if step is IntroStatus.CONSENT_GIVEN:
            return "You agreed"
    return _STEP_VERBS[step]


def consent_is_yours_to_ask(target: object | None, introducer: object | None) -> bool:
    """Whether the other side's consent is the user's to ask before making an
    introduction: nobody in between and someone to meet ("Ana → Ben", "you → Ben").
    "Ana → you" waits on the user's own yes, and one someone else makes is theirs to ask:
    the page warned "You have not recorded the other side's consent" on "Ana → you"."""
    return introducer is None and target is not None


def follow_up_person(requester: int | None, target: int | None,
                     introducer: int | None) -> int | None:
    """Whom a follow-up added to an introduction is filed under: the person to meet, else
    the one who asked, else the introducer ("Nia → you", where nobody else is in the
    contacts: "Add follow-up…" was greyed out there)."""
    return target or requester or introducer


def consent_warning(consent_given: bool, target: IntroStatus) -> str | None:
    if target is IntroStatus.MADE and not consent_given:
        return (
            "You have not recorded the other side's consent. An introduction nobody "
            "asked for costs them time: consider asking first."
        )
    return None


def who_line(requester: str | None, target: str | None, introducer: str | None) -> str:
    """Who meets whom, in one line, for Today, the tray and the digest (None is the user).

    With nobody in between it reads "Ana → Ben". An introduction asked through someone
    reads from the one making it: "Nia → Ben (for you)" when the user asked Nia to meet
    Ben (it read "you → Ben", as if the user were the one to act), and "Nia → Ben (for
    Ana)" when Nia introduces Ana to Ben, the Introductions page's Who / To meet /
    Through put in a sentence.
    """
    if not introducer:
        return f"{requester or 'you'} → {target or 'you'}"
    if requester is None and target is None:
        return f"{introducer} → you"
    if requester is None or target is None:
        return f"{introducer} → {requester or target} (for you)"
    return f"{introducer} → {target} (for {requester})"


#: The Through column of an introduction with nobody in between that the user is in.
DIRECT = "nobody (direct)"


def through_word(requester: str | None, target: str | None, introducer: str | None) -> str:
    """Who an introduction goes through, for the Introductions page's Through column (None
    is the user), read as :func:`who_line` reads the people: the introducer when there is
    one; "you" when the user introduces two people ("Ana → Ben"); and nobody when the user
    is one of the two with nobody in between ("you → Ben", "Ana → you"), where "Through:
    you" read as if the user introduced themselves."""
    if introducer:
        return introducer
    return "you" if requester and target else DIRECT
