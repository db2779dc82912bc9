"""The tables. SQLAlchemy Core, so reads go straight into pandas and the same code runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
)

from rasp.core.roles import EMAIL_MAX

NAME_MAX = 200
metadata = MetaData()

partnerships = Table(
    "partnerships",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_MAX), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Who sees whom (brief section 6): "in-confidence" (a council sees only itself) or "open".
    Column("mode", String(20), nullable=False, server_default="in-confidence"),
    # Individual answers of rounds older than this many months are removed (UK GDPR); NULL: kept.
    Column("retention_months", Integer, nullable=True),
)

councils = Table(
    "councils",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The round from which the council takes part (a partner joining mid-programme); NULL: from the start.
    Column("first_round_id", Integer, nullable=True),
    UniqueConstraint("partnership_id", "name"),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("opened_on", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),  # set: the round takes no more returns by API
    UniqueConstraint("partnership_id", "name"),
)

# One row per uploaded return, including replaced ones (is_current false): the history is kept.
returns = Table(
    "returns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("respondent", String(NAME_MAX), nullable=False, default=""),
    Column("respondent_key", String(NAME_MAX), nullable=False, default=""),
    Column("role", String(NAME_MAX), nullable=False, default=""),
    Column("target_rung", SmallInteger, nullable=True),
    Column("scope", String(NAME_MAX), nullable=True),
    Column("framework_id", String(NAME_MAX), nullable=False),
    Column("framework_version", String(50), nullable=False),
    Column("source", String(20), nullable=False),
    Column("filename", String(255), nullable=False, default=""),
    Column("content", LargeBinary, nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("uploaded_by", String(NAME_MAX), nullable=False, default=""),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("is_current", Boolean, nullable=False, default=True),
    Column("replaced_by", ForeignKey("returns.id"), nullable=True),
    Column("link_id", Integer, nullable=True),  # the online collection link it came through, if any
    Index("ix_returns_current", "round_id", "council_id", "is_current"),
    Index("ix_returns_sha", "partnership_id", "sha256"),
)


def _current_named(pulse: bool) -> Any:
    kind = returns.c.source == "pulse" if pulse else returns.c.source != "pulse"
    return and_(returns.c.is_current, returns.c.respondent_key != "", kind)


# Keys that settle races between writers (migration 0003): at most one current copy of a file per round, and
# one current return per named respondent, council, round and kind (full returns and pulses apart).
for _name, _columns, _where in (
    ("uq_returns_current_file", ("round_id", "sha256"), returns.c.is_current),
    ("uq_returns_current_respondent", ("round_id", "council_id", "respondent_key"), _current_named(False)),
    ("uq_returns_current_pulse", ("round_id", "council_id", "respondent_key"), _current_named(True)),
):
    Index(_name, *(returns.c[c] for c in _columns), unique=True, sqlite_where=_where, postgresql_where=_where)

answers = Table(
    "answers",
    metadata,
    Column("return_id", ForeignKey("returns.id"), primary_key=True),
    Column("statement_id", String(40), primary_key=True),
    Column("dimension_id", String(40), nullable=False),
    Column("value", SmallInteger, nullable=True),
    Column("status", String(12), nullable=False),
    Column("evidence", Text, nullable=True),
)

partner_ratings = Table(
    "partner_ratings",
    metadata,
    Column("return_id", ForeignKey("returns.id"), primary_key=True),
    Column("partner_council_id", ForeignKey("councils.id"), primary_key=True),
    Column("trust", SmallInteger, nullable=True),
    Column("alignment", SmallInteger, nullable=True),
)

# Online collection: a link (shown as a QR code) bound to one partnership and round; closed links answer nothing.
collection_links = Table(
    "collection_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("kind", String(10), nullable=False),  # "full" or "pulse"
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
)

# A respondent's answers as they go, so a dropped connection loses nothing; resumed by its own token.
drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("link_id", ForeignKey("collection_links.id"), nullable=False),
    Column("values_json", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("return_id", ForeignKey("returns.id"), nullable=True),  # set once submitted
)

# What a partnership meeting agreed about a gap or a split, and the actions that follow.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("topic", String(400), nullable=False),
    Column("dimension", String(40), nullable=False),
    Column("councils", String(NAME_MAX * 2 + 10), nullable=False),
    Column("agreed_score", Integer, nullable=True),
    Column("no_agreement", Boolean, nullable=False, default=False),
    Column("notes", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),  # the round in which it was agreed
    Column("decision_id", ForeignKey("decisions.id"), nullable=True),
    Column("topic", String(400), nullable=False, default=""),
    Column("action", Text, nullable=False),
    Column("owner", String(NAME_MAX), nullable=False),
    Column("council", String(NAME_MAX), nullable=False, default=""),
    Column("due", Date, nullable=True),
    Column("status", String(20), nullable=False, default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Every write adds a row here in the same transaction; max(id) is the data version that keys the caches.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("what", String(NAME_MAX), nullable=False),
)

# People's roles, granted per partnership and council (never taken from the identity provider).
# Administrators have neither partnership nor council; facilitators a partnership; officers and viewers both.
roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(EMAIL_MAX), nullable=False),  # casefolded
    Column("role", String(20), nullable=False),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=True),
    Column("council_id", ForeignKey("councils.id"), nullable=True),
    Column("granted_by", String(EMAIL_MAX), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Index("ix_roles_email", "email"),
)

# Append-only (database triggers refuse UPDATE and DELETE): who did what, when. Names, not foreign keys, so
# the log outlives what it mentions; never a respondent's name or answers (those can be erased).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(EMAIL_MAX), nullable=False),
    Column("action", String(40), nullable=False),
    Column("partnership", String(NAME_MAX), nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_audit_partnership_at", "partnership", "at"),
)

# Council aggregates kept when retention removes a round's individual answers (UK GDPR): the trends still
# show the council's score and n for that round.
kept_scores = Table(
    "kept_scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("council_id", ForeignKey("councils.id"), nullable=False),
    Column("dimension_id", String(40), nullable=False),
    Column("score", Float, nullable=True),
    Column("n", Integer, nullable=False),
    Column("kept_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("round_id", "council_id", "dimension_id"),
)

# Tokens for the HTTP API (automated flows such as Power Automate), one partnership each. Only a SHA-256 of the
# token is kept (the token itself is shown once, when created); a revoked token answers nothing.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnerships.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("label", String(NAME_MAX), nullable=False, default=""),
    Column("created_by", String(EMAIL_MAX), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)
