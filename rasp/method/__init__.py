"""The method of BRIEF section 4: scores, gaps, agreement, ambition, trust, trends, findings, decisions and the
snapshot that gathers them for a round. Pure pandas: no I/O, no database."""

from __future__ import annotations

from rasp.method.agreement import agreement, agreement_words, distribution, item_deviation, split_words
from rasp.method.ambition import (
    ambition,
    ambition_disagreements,
    council_targets,
    ready_by_council,
    ready_rungs,
    requirements,
)
from rasp.method.anonymise import anonymise, anonymise_frame, council_aliases
from rasp.method.decisions import no_agreement_score, safe_csv
from rasp.method.findings import (
    PAGE_AMBITION,
    PAGE_COMPARE,
    PAGE_GAPS,
    PAGE_SPLIT,
    PAGE_TRENDS,
    Finding,
    findings,
    gap_label,
)
from rasp.method.gaps import alignment, gap_matrix, material_gaps, pair_gaps, partnership_view
from rasp.method.scoring import (
    BAND_BORDERLINE,
    BAND_CONCERN,
    BAND_NONE,
    BAND_STRENGTH,
    BAND_WORDS,
    band,
    band_ranges,
    band_sentence,
    council_scores,
    describe_score,
    respondent_scores,
)
from rasp.method.selection import (
    MATRIX_LIMIT,
    furthest_apart,
    furthest_from_target,
    matrix_councils,
    radar_default,
    score_order,
    trust_councils,
)
from rasp.method.snapshot import RoundData, Snapshot, compute_snapshot, compute_trends, statement_means
from rasp.method.trends import biggest_changes, changes_since_previous
from rasp.method.trust import asymmetric_pairs, trust_matrix, trust_pairs

__all__ = [
    "BAND_BORDERLINE",
    "BAND_CONCERN",
    "BAND_NONE",
    "BAND_STRENGTH",
    "BAND_WORDS",
    "MATRIX_LIMIT",
    "PAGE_AMBITION",
    "PAGE_COMPARE",
    "PAGE_GAPS",
    "PAGE_SPLIT",
    "PAGE_TRENDS",
    "Finding",
    "RoundData",
    "Snapshot",
    "agreement",
    "agreement_words",
    "alignment",
    "ambition",
    "ambition_disagreements",
    "anonymise",
    "anonymise_frame",
    "asymmetric_pairs",
    "band",
    "band_ranges",
    "band_sentence",
    "biggest_changes",
    "changes_since_previous",
    "compute_snapshot",
    "compute_trends",
    "council_aliases",
    "council_scores",
    "council_targets",
    "describe_score",
    "distribution",
    "findings",
    "furthest_apart",
    "furthest_from_target",
    "gap_label",
    "gap_matrix",
    "item_deviation",
    "material_gaps",
    "matrix_councils",
    "no_agreement_score",
    "pair_gaps",
    "partnership_view",
    "radar_default",
    "ready_by_council",
    "ready_rungs",
    "requirements",
    "respondent_scores",
    "safe_csv",
    "score_order",
    "split_words",
    "statement_means",
    "trust_councils",
    "trust_matrix",
    "trust_pairs",
]
