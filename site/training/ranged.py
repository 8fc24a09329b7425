"""A stored file as an HTTP response that honours one byte range (RFC 9110 §14), so players can seek.

`Range: bytes=a-b`, `bytes=a-` and `bytes=-n` give 206 with Content-Range; a range that starts past the end
(or a malformed bytes range) gives 416 with `Content-Range: bytes */size`; several ranges at once are answered
with the whole file (200), which the RFC allows. Every answer says `Accept-Ranges: bytes` and is private.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")
CHUNK = 64 * 1024


def _read(handle, start: int, length: int):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def parse_range(header: str, size: int):
    """(start, end) inclusive for one satisfiable range; None to send the whole file; ValueError for 416."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None  # an unknown unit is ignored (RFC 9110 §14.2)
    if "," in spec:
        return None
    match = RANGE.match(spec)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError("malformed range")
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            raise ValueError("range ends before it starts")
    else:
        suffix = int(last)
        if suffix == 0:
            raise ValueError("empty suffix range")
        start, end = max(size - suffix, 0), size - 1
    if start >= size:
        raise ValueError("range starts past the end")
    return start, end


def ranged_file_response(request, field_file, content_type: str):
    storage, name = field_file.storage, field_file.name
    size = storage.size(name)
    header = request.headers.get("Range", "")
    try:
        byte_range = parse_range(header, size) if header else None
    except ValueError:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if byte_range is None:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
            response["Content-Length"] = str(size)
        else:
            start, end = byte_range
            length = end - start + 1
            response = StreamingHttpResponse(
                _read(storage.open(name, "rb"), start, length), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
