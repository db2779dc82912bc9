"""Access (brief section 6): the policy for every role and mode, what `restrict` leaves of a real snapshot,
the local-machine rule, and roles, modes and the audit log in a real SQLite file."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Engine, text

from rasp.access import (
    LOCAL_ADMINISTRATOR,
    AccessDenied,
    Action,
    Person,
    email_from_claims,
    is_machine_itself,
    person_for,
    restrict,
    restrict_trends,
    scope_for,
    scope_in,
)
from rasp.core.errors import SetupError
from rasp.core.framework import Framework
from rasp.core.roles import Grant
from rasp.intake.importer import import_bytes
from rasp.store.access import grant_role, grants_of, revoke_role, role_table, set_mode, set_retention, settings
from rasp.store.audit import read_audit
from rasp.store.snapshots import build_snapshot, build_trends
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

ALPHA, BETA, GAMMA = COUNCILS
OTHER = "Other partnership"


def person(*grants: Grant, email: str = "someone@alpha.gov.uk") -> Person:
    return Person(email, grants)


ADMIN = person(Grant("administrator"))
FACILITATOR = person(Grant("facilitator", PARTNERSHIP))
OFFICER = person(Grant("officer", PARTNERSHIP, ALPHA))
VIEWER = person(Grant("viewer", PARTNERSHIP, ALPHA))


# --- the policy ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["in-confidence", "open"])
@pytest.mark.parametrize("who", [ADMIN, FACILITATOR])
def test_administrators_and_facilitators_see_every_council_by_name_in_either_mode(who: Person, mode: str) -> None:
    scope = scope_for(who, PARTNERSHIP, mode)  # type: ignore[arg-type]
    assert scope.sees_everyone and scope.pairs and not scope.aggregates_only
    assert all(scope.names(c) for c in COUNCILS)
    assert scope.may(Action.PRESENT) and scope.may(Action.AGREE) and scope.may(Action.SET_MODE)
    assert scope.may(Action.READ_AUDIT)
    assert scope.may(Action.SET_UP) == (who is ADMIN)
    assert scope.may(Action.GRANT) == (who is ADMIN)
    assert scope.may(Action.UPLOAD) == (who is ADMIN)  # facilitators do not upload for councils


def test_in_confidence_a_council_sees_itself_only_and_no_pairs() -> None:
    for who, role in ((OFFICER, "officer"), (VIEWER, "viewer")):
        scope = scope_for(who, PARTNERSHIP, "in-confidence")
        assert scope.role == role
        assert scope.names(ALPHA) and not scope.names(BETA) and not scope.names(GAMMA)
        assert scope.aggregates_only and not scope.pairs
        assert not scope.may(Action.PRESENT) and not scope.may(Action.SET_MODE) and not scope.may(Action.READ_AUDIT)
        assert scope.may(Action.EXPORT)


def test_open_partners_see_each_other_by_name() -> None:
    scope = scope_for(VIEWER, PARTNERSHIP, "open")
    assert scope.sees_everyone and scope.pairs and not scope.aggregates_only
    assert scope.own == {ALPHA}


def test_officers_upload_for_their_own_council_only_and_viewers_not_at_all() -> None:
    officer = scope_for(OFFICER, PARTNERSHIP, "open")
    assert officer.may_upload_for(ALPHA) and not officer.may_upload_for(BETA)
    with pytest.raises(AccessDenied, match=f"only for {ALPHA}, not for {BETA}"):
        officer.require_upload_for(BETA)
    assert officer.returns_of == {ALPHA}
    viewer = scope_for(VIEWER, PARTNERSHIP, "open")
    assert not viewer.may_upload_for(ALPHA) and viewer.returns_of == frozenset()
    with pytest.raises(AccessDenied, match="may not upload"):
        viewer.require(Action.UPLOAD)


def test_a_role_in_another_partnership_gives_nothing_here() -> None:
    elsewhere = person(Grant("facilitator", OTHER), Grant("officer", OTHER, ALPHA))
    scope = scope_for(elsewhere, PARTNERSHIP, "open")
    assert not scope.can_read and not scope.names(ALPHA) and scope.actions == frozenset()
    assert elsewhere.partnerships([PARTNERSHIP, OTHER]) == [OTHER]
    assert not scope_for(None, PARTNERSHIP, "open").can_read


def test_free_text_needs_five_returns_unless_it_is_your_own_council() -> None:
    viewer = scope_for(VIEWER, PARTNERSHIP, "open")
    assert viewer.may_read_evidence(ALPHA, 1, 5)  # own council at any n
    assert not viewer.may_read_evidence(BETA, 4, 5) and viewer.may_read_evidence(BETA, 5, 5)
    closed = scope_for(VIEWER, PARTNERSHIP, "in-confidence")
    assert closed.may_read_evidence(ALPHA, 1, 5) and not closed.may_read_evidence(BETA, 30, 5)
    facilitator = scope_for(FACILITATOR, PARTNERSHIP, "in-confidence")
    assert not facilitator.may_read_evidence(BETA, 4, 5) and facilitator.may_read_evidence(BETA, 5, 5)


# --- restrict on a real snapshot ----------------------------------------------------------------------------


def _three_councils(engine: Engine, fw: Framework, with_gamma: bool = True) -> None:
    set_up(engine)
    rows = [(ALPHA, 2, ["a1", "a2"]), (BETA, 4, ["b1"])] + ([(GAMMA, 5, ["g1"])] if with_gamma else [])
    for council, every, people in rows:
        for who in people:
            data = filled(fw, council=council, respondent=who, every=every, partners={BETA: (5, 4), GAMMA: (2, 2)})
            assert import_bytes(engine, fw, data, f"{who}.xlsx", partnership=PARTNERSHIP).ok


def test_in_confidence_snapshot_keeps_own_council_and_unnamed_aggregates(engine: Engine, fw: Framework) -> None:
    _three_councils(engine, fw)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    seen = restrict(snap, scope_for(VIEWER, PARTNERSHIP, "in-confidence"))
    assert seen.councils == (ALPHA,)
    for table in (seen.answers, seen.returns, seen.respondents, seen.scores, seen.agreement, seen.targets):
        assert set(table["council"]) == {ALPHA}
    assert seen.gaps.empty and seen.alignment.empty and seen.trust.empty and seen.ambition_disagreements.empty
    # Alpha answered 2 everywhere (25), Beta 4 (75), Gamma 5 (100): mean 66.67, weakest Alpha itself
    strategy = seen.view.set_index("dimension").loc["strategy"]
    assert math.isclose(strategy["mean"], (25 + 75 + 100) / 3) and strategy["min"] == 25 and strategy["max"] == 100
    assert strategy["weakest"] == ALPHA
    as_beta = restrict(snap, scope_for(person(Grant("viewer", PARTNERSHIP, BETA)), PARTNERSHIP, "in-confidence"))
    assert set(as_beta.view["weakest"]) == {"a partner council"}  # Alpha is weakest but not Beta's to name
    text_of_everything = " ".join(str(getattr(as_beta, f)) for f in ("answers", "returns", "scores", "view"))
    assert ALPHA not in text_of_everything and GAMMA not in text_of_everything


def test_aggregates_are_withheld_below_three_councils_with_returns(engine: Engine, fw: Framework) -> None:
    _three_councils(engine, fw, with_gamma=False)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    seen = restrict(snap, scope_for(VIEWER, PARTNERSHIP, "in-confidence"))
    assert seen.view["mean"].isna().all() and seen.view["weakest"].isna().all()
    assert not seen.scores["score"].isna().all()  # its own scores are still there


def test_open_and_facilitator_snapshots_are_untouched_and_no_role_sees_nothing(engine: Engine, fw: Framework) -> None:
    _three_councils(engine, fw)
    snap = build_snapshot(engine, fw, PARTNERSHIP, ROUND)
    assert restrict(snap, scope_for(VIEWER, PARTNERSHIP, "open")) is snap
    assert restrict(snap, scope_for(FACILITATOR, PARTNERSHIP, "in-confidence")) is snap
    nothing = restrict(snap, scope_for(None, PARTNERSHIP, "open"))
    assert nothing.councils == () and nothing.scores.empty and nothing.view["mean"].isna().all()
    trends = build_trends(engine, fw, PARTNERSHIP)
    assert set(restrict_trends(trends, scope_for(OFFICER, PARTNERSHIP, "in-confidence"))["council"]) == {ALPHA}


# --- local mode -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        ("127.0.0.1", [], True),
        ("127.5.6.7", ["Host", "Cookie"], True),
        ("::1", [], True),
        ("::ffff:127.0.0.1", [], True),
        ("127.0.0.1", ["X-Forwarded-For"], False),  # came through a proxy (or says so): another device
        ("::1", ["forwarded"], False),
        ("127.0.0.1", ["X-Real-IP"], False),
        ("192.168.1.20", [], False),
        ("10.0.0.2", [], False),
        ("::ffff:192.168.1.20", [], False),
        (None, [], False),  # cannot tell: not the machine itself
        ("", [], False),
        ("not an address", [], False),
    ],
)
def test_only_a_direct_loopback_connection_is_the_machine_itself(
    peer: str | None, headers: list[str], expected: bool
) -> None:
    assert is_machine_itself(peer, headers) is expected


# --- roles, modes and the audit log in the store --------------------------------------------------------------


def test_users_are_matched_by_email_or_preferred_username() -> None:
    assert email_from_claims({"email": " Jo.Smith@Alpha.gov.uk "}) == "jo.smith@alpha.gov.uk"
    assert email_from_claims({"preferred_username": "jo@beta.gov.uk", "name": "Jo"}) == "jo@beta.gov.uk"
    assert email_from_claims({"email": "", "preferred_username": "not-an-email"}) is None
    assert email_from_claims({}) is None


def test_grant_revoke_and_the_audit_trail(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    set_up(engine)
    assert grant_role(engine, "Jo@Alpha.gov.uk", Grant("officer", PARTNERSHIP, ALPHA), by="admin@x.gov.uk")
    assert not grant_role(engine, "jo@alpha.gov.uk", Grant("officer", PARTNERSHIP, ALPHA), by="admin@x.gov.uk")
    assert grant_role(engine, "jo@alpha.gov.uk", Grant("facilitator", PARTNERSHIP), by="admin@x.gov.uk")
    assert set(grants_of(engine, "JO@alpha.gov.uk")) == {
        Grant("officer", PARTNERSHIP, ALPHA),
        Grant("facilitator", PARTNERSHIP),
    }
    assert revoke_role(engine, "jo@alpha.gov.uk", Grant("facilitator", PARTNERSHIP), by="admin@x.gov.uk")
    assert not revoke_role(engine, "jo@alpha.gov.uk", Grant("facilitator", PARTNERSHIP), by="admin@x.gov.uk")
    assert grants_of(engine, "jo@alpha.gov.uk") == (Grant("officer", PARTNERSHIP, ALPHA),)
    assert list(role_table(engine, partnership=PARTNERSHIP)["email"]) == ["jo@alpha.gov.uk"]
    log = read_audit(engine)
    assert list(log["action"]) == ["role revoked", "role granted", "role granted"]  # newest first
    assert set(log["who"]) == {"admin@x.gov.uk"} and set(log["partnership"]) == {PARTNERSHIP}
    assert "jo@alpha.gov.uk: facilitator of Test partnership" in log["detail"].iloc[0]

    monkeypatch.setenv("RASP_ADMINS", "boss@x.gov.uk, Other@X.gov.uk")
    assert person_for(engine, "other@x.gov.uk").is_administrator
    assert not person_for(engine, "jo@alpha.gov.uk").is_administrator


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        (Grant("administrator", PARTNERSHIP), "whole deployment"),
        (Grant("facilitator"), "granted for a partnership"),
        (Grant("officer", PARTNERSHIP), "An officer is granted for a council"),
        (Grant("viewer", PARTNERSHIP, "Nowhere Council"), "has no council called 'Nowhere Council'"),
        (Grant("facilitator", "Nowhere"), "no partnership called 'Nowhere'"),
    ],
)
def test_a_grant_that_does_not_fit_its_role_is_refused(engine: Engine, grant: Grant, message: str) -> None:
    set_up(engine)
    with pytest.raises(SetupError, match=message):
        grant_role(engine, "jo@alpha.gov.uk", grant, by="admin")
    assert role_table(engine).empty and read_audit(engine).empty


def test_a_bad_email_is_refused(engine: Engine) -> None:
    with pytest.raises(SetupError, match="is not an email address"):
        grant_role(engine, "jo smith", Grant("administrator"), by="admin")


def test_mode_changes_are_recorded_and_change_what_a_viewer_sees(engine: Engine) -> None:
    set_up(engine)
    viewer = Person("v@alpha.gov.uk", (Grant("viewer", PARTNERSHIP, ALPHA),))
    assert settings(engine)[PARTNERSHIP].mode == "in-confidence"  # the safe default
    assert not scope_in(engine, viewer, PARTNERSHIP).sees_everyone
    assert set_mode(engine, PARTNERSHIP, "open", by="f@x.gov.uk")
    assert not set_mode(engine, PARTNERSHIP, "open", by="f@x.gov.uk")  # no change, no entry
    assert scope_in(engine, viewer, PARTNERSHIP).sees_everyone
    set_retention(engine, PARTNERSHIP, 24, by="admin")
    assert settings(engine)[PARTNERSHIP].retention_months == 24
    with pytest.raises(SetupError, match="whole number of months"):
        set_retention(engine, PARTNERSHIP, 0, by="admin")
    log = read_audit(engine, partnerships=[PARTNERSHIP])
    assert list(log["action"]) == ["retention set", "mode changed"]
    assert log["detail"].iloc[1] == "from in-confidence to open"
    with engine.connect() as conn:  # and the log itself cannot be edited
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 2


def test_the_local_administrator_is_an_administrator_of_everything() -> None:
    assert LOCAL_ADMINISTRATOR.is_administrator and LOCAL_ADMINISTRATOR.local
    assert scope_for(LOCAL_ADMINISTRATOR, "Any partnership", "in-confidence").sees_everyone
