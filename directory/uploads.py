"""Limits on files members upload through the admin (logos and other images, documents).

Images: Wagtail's own checks, set in settings (WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_IMAGE_PIXELS,
WAGTAILIMAGES_EXTENSIONS: no SVG, which can carry scripts). Documents: Wagtail checks the extension
(WAGTAILDOCS_EXTENSIONS); this form, named by WAGTAILDOCS_DOCUMENT_FORM_BASE, adds the size limit
(UPLOAD_MAX_DOCUMENT_BYTES) and refuses a file whose first bytes are an executable's.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


class LimitedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "size"):
            return upload
        limit = settings.UPLOAD_MAX_DOCUMENT_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("This file is %(size)s; documents may be at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        head = upload.read(4)
        upload.seek(0)
        if head.startswith(EXECUTABLE_MAGIC):
            raise ValidationError(_("Programs cannot be uploaded as documents."))
        return upload
