"""Limits on what an HSDS import will read, checked before anything is parsed or written.

A file may be large, but not larger than HSDS_IMPORT_MAX_BYTES; JSON may nest, but not deeper than
MAX_DEPTH (Python's parser would otherwise exhaust the stack); numbers may be long, but not hundreds of
digits (int() of a huge literal is slow, and floats must be finite); a zipped data package is unpacked only
when its entries are few, named inside the package, and small once inflated (a zip bomb is refused from its
directory, before inflating anything). Each refusal is a LimitExceeded with a message for the person
importing; the reader turns it into its own error, so nothing is written.
"""

import atexit
import json
import math
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from directory.http import json_depth

MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 30
MAX_ZIP_ENTRIES = 100
MAX_ZIP_RATIO = 200  # inflated size / stored size of any entry


class LimitExceeded(ValueError):
    pass


def max_bytes() -> int:
    return int(getattr(settings, "HSDS_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > max_bytes():
        raise LimitExceeded(f"{path.name}: {_mb(size)} is larger than the {_mb(max_bytes())} an import accepts")


def check_package(folder: Path) -> None:
    total = 0
    for path in folder.iterdir():
        if path.is_file():
            check_size(path)
            total += path.stat().st_size
    if total > max_bytes():
        raise LimitExceeded(f"{folder.name}: the files hold {_mb(total)}, more than the {_mb(max_bytes())} allowed")


def _number(text: str, kind):
    if len(text.lstrip("-").replace(".", "").split("e")[0].split("E")[0]) > MAX_NUMBER_DIGITS:
        raise LimitExceeded(f"a number with more than {MAX_NUMBER_DIGITS} digits ({text[:12]}...)")
    value = kind(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitExceeded(f"a number too large to hold ({text[:24]})")
    return value


def load_json(text: str, name: str, error=LimitExceeded):
    """json.loads with the limits (refusals raise `error`); JSONDecodeError passes through for the reader."""
    if json_depth(text) > MAX_DEPTH:
        raise error(f"{name}: nested more than {MAX_DEPTH} levels deep")

    def refuse_constant(value):
        raise LimitExceeded(f"{name}: {value} is not a number HSDS allows")

    try:
        return json.loads(
            text,
            parse_int=lambda s: _number(s, int),
            parse_float=lambda s: _number(s, float),
            parse_constant=refuse_constant,
        )
    except LimitExceeded as refused:
        message = str(refused)
        raise error(message if message.startswith(name) else f"{name}: {message}") from None


def checked(path: Path, error=LimitExceeded) -> Path:
    """The path to read once it passes the limits: a file or package folder as it is, a zipped package
    unpacked into a temporary folder (removed when the process exits). Refusals raise `error`."""
    try:
        if path.is_dir():
            check_package(path)
            return path
        if not path.is_file():
            return path  # the reader reports a missing file in its own words
        if path.suffix.lower() == ".zip":
            return _unpack(path)
        check_size(path)
        return path
    except LimitExceeded as refused:
        raise error(str(refused)) from None


def _unpack(path: Path) -> Path:
    """A zipped data package, checked entry by entry from its directory before anything is inflated."""
    check_size(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise LimitExceeded(f"{path.name}: not a readable zip file") from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES:
            raise LimitExceeded(f"{path.name}: {len(entries)} files; a data package has at most {MAX_ZIP_ENTRIES}")
        total = 0
        for info in entries:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or len(name.parts) > 2:
                raise LimitExceeded(f"{path.name}: {info.filename} is not a file of the package")
            total += info.file_size
            if info.file_size > max_bytes() or total > max_bytes():
                raise LimitExceeded(f"{path.name}: inflates to more than the {_mb(max_bytes())} an import accepts")
            if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
                raise LimitExceeded(f"{path.name}: {info.filename} is compressed suspiciously well (a zip bomb?)")
        folder = Path(tempfile.mkdtemp(prefix="hsds-import-"))
        atexit.register(shutil.rmtree, str(folder), True)
        for info in entries:
            target = folder / PurePosixPath(info.filename).name
            with archive.open(info) as source, target.open("wb") as out:
                data = source.read(info.file_size + 1)  # never more than the directory promised, plus one
                if len(data) > info.file_size:
                    raise LimitExceeded(f"{path.name}: {info.filename} is larger than its directory says")
                out.write(data)
    return folder
