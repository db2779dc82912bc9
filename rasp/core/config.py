"""Settings from the environment, each with a sensible default. The README lists them."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "data" / "rasp.db"
# The demo partnership's name: pages and reports say "demo data" when they show it.
DEMO_PARTNERSHIP = "Demo: Northvale shared ICT partnership"


def database_url() -> str:
    """RASP_DATABASE_URL, or the embedded SQLite file data/rasp.db."""
    return os.environ.get("RASP_DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_DATABASE_PATH}"


def framework_path() -> Path | None:
    """RASP_FRAMEWORK: path of another framework file (default: data/framework.toml)."""
    value = os.environ.get("RASP_FRAMEWORK", "").strip()
    return Path(value) if value else None


def load_demo_when_empty() -> bool:
    """RASP_DEMO=0 stops the app loading the demo partnership into an empty database."""
    return os.environ.get("RASP_DEMO", "1").strip().lower() not in {"0", "false", "no", "off"}


def public_url() -> str | None:
    """RASP_PUBLIC_URL: the address respondents use to reach the app (offered first for questionnaire links and
    QR codes). Unset: the address the facilitator's browser used, or this machine's network addresses."""
    return os.environ.get("RASP_PUBLIC_URL", "").strip().rstrip("/") or None


def administrators() -> frozenset[str]:
    """RASP_ADMINS: comma-separated emails that are administrators whatever the roles table says (the first
    administrator of a new deployment)."""
    raw = os.environ.get("RASP_ADMINS", "")
    return frozenset(e.strip().casefold() for e in raw.split(",") if e.strip())


def questionnaire_only() -> bool:
    """RASP_LISTENER=questionnaire: this process is the network-facing listener and serves nothing but the
    questionnaire (the staff app runs in another process, on loopback)."""
    return os.environ.get("RASP_LISTENER", "").strip().lower() == "questionnaire"


def auto_migrate() -> bool:
    """RASP_AUTO_MIGRATE=0: app processes only check the database schema and never migrate it (for deployments
    where an operator runs `python -m rasp migrate` once before starting new app processes)."""
    return os.environ.get("RASP_AUTO_MIGRATE", "1").strip().lower() not in {"0", "false", "no", "off"}
