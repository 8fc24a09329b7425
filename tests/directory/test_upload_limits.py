"""Uploads are size- and type-limited: images through Wagtail's checks (no SVG, at most the configured size),
documents through the size-limited form (no programs, allowed extensions only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form


def png(size=(2, 2)) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


PNG_1PX = png()


def image_form(name, data):
    form_class = get_image_form(get_image_model())
    return form_class({"title": "Logo"}, {"file": SimpleUploadedFile(name, data)})


def document_form(name, data):
    form_class = get_document_form(get_document_model())
    return form_class({"title": "Intake form"}, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_a_small_png_logo_is_accepted():
    assert "file" not in image_form("logo.png", PNG_1PX).errors


@pytest.mark.django_db
def test_an_svg_logo_is_refused():
    form = image_form("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert "file" in form.errors


@pytest.mark.django_db
def test_an_image_over_the_size_limit_is_refused(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50
    assert "file" in image_form("logo.png", PNG_1PX + b"\0" * 100).errors


@pytest.mark.django_db
def test_a_pdf_is_accepted_and_a_big_one_refused(settings):
    assert document_form("intake.pdf", b"%PDF-1.7 small").is_valid()
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 10
    form = document_form("intake.pdf", b"%PDF-1.7 " + b"x" * 100)
    assert not form.is_valid() and "documents may be at most" in str(form.errors["file"])


@pytest.mark.django_db
def test_programs_and_unknown_types_are_refused():
    assert "file" in document_form("setup.exe", b"MZ\x90\x00").errors
    renamed = document_form("report.pdf", b"MZ\x90\x00 a program renamed")
    assert "Programs cannot be uploaded" in str(renamed.errors["file"])
