"""The enrolment QR code, drawn on the server as inline SVG (no image request, no script)."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :]
    # qrcode's own markup: a fixed path of squares, nothing from the user but the otpauth URL it encodes.
    return mark_safe(svg.strip())  # noqa: S308
