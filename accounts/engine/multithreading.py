"""Multithreading status (accounts.md §1.3): a two-way dialogue — an inbound message in the last
90 days — with each of the technical stakeholder, the economic buyer, and an end or power user."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_DAYS = 90
GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Technical stakeholder", frozenset({"technical_stakeholder"})),
    ("Economic decision-maker", frozenset({"economic_buyer"})),
    ("End or power user", frozenset({"end_user", "power_user"})),
)


@dataclass(frozen=True)
class ContactThread:
    roles: frozenset[str]
    last_inbound_on: date | None
    active: bool = True  # contacts who left don't hold a thread


@dataclass(frozen=True)
class GroupStatus:
    label: str
    threaded: bool


@dataclass(frozen=True)
class Multithreading:
    groups: tuple[GroupStatus, ...]

    @property
    def complete(self) -> bool:
        return all(group.threaded for group in self.groups)

    @property
    def summary(self) -> str:
        done = sum(group.threaded for group in self.groups)
        return f"{done} of {len(self.groups)} threads"


def multithreading(contacts: Iterable[ContactThread], as_of: date) -> Multithreading:
    since = as_of - timedelta(days=WINDOW_DAYS)
    contacts = [c for c in contacts if c.active]
    groups = []
    for label, roles in GROUPS:
        threaded = any(
            c.roles & roles and c.last_inbound_on is not None and since < c.last_inbound_on <= as_of
            for c in contacts
        )
        groups.append(GroupStatus(label, threaded))
    return Multithreading(tuple(groups))
