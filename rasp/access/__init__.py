"""Access: who may read and do what (brief section 6). Sits above the store (it reads roles and modes from
it) and below the exports, meeting and pages, which all read through it."""

from rasp.access.local import is_machine_itself
from rasp.access.people import COMMAND_LINE, LOCAL_ADMINISTRATOR, email_from_claims, person_for, scope_in
from rasp.access.policy import AccessDenied, Action, Person, Scope, scope_for
from rasp.access.reading import Readable, readable
from rasp.access.restrict import restrict, restrict_actions, restrict_trends

__all__ = [
    "COMMAND_LINE",
    "LOCAL_ADMINISTRATOR",
    "AccessDenied",
    "Action",
    "Person",
    "Readable",
    "Scope",
    "email_from_claims",
    "is_machine_itself",
    "person_for",
    "readable",
    "restrict",
    "restrict_actions",
    "restrict_trends",
    "scope_for",
    "scope_in",
]
