"""Receipts: checked by what the file is, not by what it is called (a pure check on the
upload's first bytes and size; no database)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of the kinds of file a receipt may be (a photo or a PDF).
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
]


def receipt_content_type(upload) -> str:
    """The receipt's real type, or a ValidationError that says what to do instead."""
    if upload.size > settings.RECEIPT_MAX_BYTES:
        raise ValidationError(
            _("The receipt must be smaller than %(limit)s. This one is %(size)s.")
            % {
                "limit": filesizeformat(settings.RECEIPT_MAX_BYTES),
                "size": filesizeformat(upload.size),
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        _(
            "The receipt must be a photo (JPEG, PNG or WebP) or a PDF. Take a photo of it, "
            "or save it as a PDF, and try again."
        )
    )
