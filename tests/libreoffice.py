"""Run LibreOffice headless on a workbook: open it and save it again, as an officer using LibreOffice would."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed; the round trip runs wherever it is, and always in CI",
)


def libreoffice_roundtrip(data: bytes, work: Path, name: str = "return.xlsx", to: str = "xlsx") -> bytes:
    """`data` after LibreOffice has opened it and saved it again as `to` (xlsx, pdf, ...; a fresh profile in
    `work`). Fails the test when LibreOffice reports an error or writes nothing."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("CI is set but LibreOffice (soffice) is not installed: the round-trip test must run in CI.")
    source, out = work / name, work / "out"
    source.write_bytes(data)
    profile = (work / "lo-profile").as_uri()
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile}",
        "--convert-to",
        to,
        "--outdir",
        str(out),
        str(source),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    converted = out / (Path(name).stem + "." + to.split(":")[0])
    assert result.returncode == 0 and converted.exists(), (
        f"soffice failed ({result.returncode}): {result.stdout}\n{result.stderr}"
    )
    return converted.read_bytes()
