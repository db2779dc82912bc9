"""What every export contains, gathered once: the snapshot (anonymised on request), findings, changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from rasp.core.framework import Framework
from rasp.core.words import long_date
from rasp.method.anonymise import anonymise, anonymise_frame, council_aliases
from rasp.method.findings import Finding, findings
from rasp.method.snapshot import Snapshot
from rasp.method.trends import changes_since_previous


@dataclass(frozen=True)
class ReportContent:
    framework: Framework
    snapshot: Snapshot  # council names already replaced when anonymised
    findings: tuple[Finding, ...]
    trends: pd.DataFrame  # council scores in every round (same names as snapshot)
    changes: pd.DataFrame  # since the previous round; empty for the first round
    actions: pd.DataFrame  # agreed actions, when the partnership records them; may be empty
    generated_on: dt.date
    anonymised: bool

    @property
    def title(self) -> str:
        return f"{self.snapshot.partnership}: partnership readiness, {self.snapshot.round_name}"

    @property
    def subtitle(self) -> str:
        variant = "Councils anonymised (Council A, B, ...)" if self.anonymised else "Councils named"
        return (
            f"Produced {long_date(self.generated_on)}. {variant}. Framework {self.framework.name}, "
            f"version {self.framework.version}."
        )


ANONYMOUS_PARTNERSHIP = "The partnership"  # its real name may contain a council's name
ACTION_COLUMNS = ["topic", "action", "owner", "council", "due", "status"]


def report_content(
    snap: Snapshot,
    trends: pd.DataFrame,
    fw: Framework,
    *,
    anonymised: bool = False,
    today: dt.date | None = None,
    actions: pd.DataFrame | None = None,
    partnership_councils: Sequence[str] | None = None,
) -> ReportContent:
    """Gather everything an export shows for a partnership and round, from the tables the pages use.

    `partnership_councils` (every council of the partnership, in set-up order) keeps the anonymised letters the
    same across rounds; by default the round's councils."""
    round_name = snap.round_name
    acts = actions if actions is not None else pd.DataFrame(columns=ACTION_COLUMNS)
    if anonymised:
        aliases = council_aliases(tuple(partnership_councils) if partnership_councils is not None else snap.councils)
        snap = dataclasses.replace(anonymise(snap, aliases), partnership=ANONYMOUS_PARTNERSHIP)
        trends = anonymise_frame(trends, aliases)
        acts = anonymise_frame(acts, aliases)
    changes = changes_since_previous(trends, round_name)
    return ReportContent(
        framework=fw,
        snapshot=snap,
        findings=tuple(findings(snap, fw, changes)),
        trends=trends,
        changes=changes,
        actions=acts,
        generated_on=today or dt.date.today(),
        anonymised=anonymised,
    )
