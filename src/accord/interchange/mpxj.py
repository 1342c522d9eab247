"""Other tools' formats through MPXJ (the optional extra `mpxj`: the `mpxj` package, JPype and
Java 11 or newer): MS Project's own MPP, Primavera P6 XER and PMXML, MPX, Planner,
GanttProject and the other formats MPXJ reads. The file is read by MPXJ and handed over as MS
Project XML, which `mspdi` then reads like any other.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from accord.domain.errors import UnavailableError, ValidationError

SUFFIXES = frozenset({".mpp", ".mpt", ".mpx", ".xer", ".pmxml", ".gan", ".planner", ".mrproject", ".pp", ".pod", ".fts"})
"""Files sent to MPXJ by their extension (P6's PMXML ends in .xml too: see `is_mspdi`)."""


def is_mspdi(path: Path) -> bool:
    """Whether an .xml file is MS Project XML (else MPXJ is asked: Primavera PMXML, say)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    return b"schemas.microsoft.com/project" in head


def to_mspdi(path: Path) -> bytes:
    """The file, read by MPXJ, as MS Project XML."""
    reader, writer = _mpxj()
    try:
        project = reader().read(str(path))
    except Exception as error:  # a Java exception: the file is not one MPXJ can read
        raise ValidationError(str(path), "format", f"MPXJ cannot read it: {error}") from None
    if project is None:
        raise ValidationError(str(path), "format", "MPXJ does not recognise this file's format")
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "converted.xml"
        writer().write(project, str(target))
        return target.read_bytes()


def _mpxj() -> tuple[Any, Any]:
    try:
        import jpype
        import mpxj  # noqa: F401 - puts MPXJ's jars on the class path
    except ImportError:
        raise UnavailableError(
            "this format is read through MPXJ: install Accord with the 'mpxj' extra (pip install 'accord[mpxj]') "
            "and Java 11 or newer"
        ) from None
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM()
        except Exception as error:  # no Java, or an unusable one
            raise UnavailableError(f"MPXJ needs Java 11 or newer, which could not be started: {error}") from None
    from org.mpxj.mspdi import MSPDIWriter
    from org.mpxj.reader import UniversalProjectReader

    return UniversalProjectReader, MSPDIWriter
