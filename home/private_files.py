"""Private files: kept outside MEDIA_ROOT with no URL, served only by views that check
who asks (meeting papers, comment-round documents). Checked by what a file is, not by
what it is called: the first bytes and the size (a pure check; no database).

    storage = private_storage("meeting-papers")       a FileField's storage (callable)
    content_type = document_content_type(upload)      or a ValidationError saying why
    extension = DOCUMENT_EXTENSIONS[content_type]     what it is stored as

Receipts keep their own storage and check (reciprocity/receipts.py): photos and PDFs.
"""

import functools
import io
import os
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "PrivateStorage",
    "document_content_type",
    "private_storage",
]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
RTF = "application/rtf"
JPEG = "image/jpeg"
PNG = "image/png"

# What each kind of document is stored as (never the uploaded name's extension).
DOCUMENT_EXTENSIONS = {
    PDF: ".pdf",
    DOCX: ".docx",
    ODT: ".odt",
    RTF: ".rtf",
    JPEG: ".jpg",
    PNG: ".png",
}


# An OpenDocument's `mimetype` entry is its type's name: a few dozen bytes.
MIMETYPE_MAX_BYTES = 256


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT/`folder`, read from settings each time (tests
    point it elsewhere). No base URL: nothing links to a file directly."""

    def __init__(self, folder: str = ""):
        self.folder = folder
        super().__init__()

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT / self.folder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


@functools.cache
def private_storage(folder: str) -> PrivateStorage:
    return PrivateStorage(folder)


def document_content_type(upload, *, max_bytes: int | None = None) -> str:
    """The document's real type (PDF, Word, OpenDocument, RTF, or a JPEG or PNG
    picture for an easy-read page), or a ValidationError that says what to do."""
    max_bytes = max_bytes or settings.DOCUMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file must be smaller than %(limit)s. This one is %(size)s.")
            % {"limit": filesizeformat(max_bytes), "size": filesizeformat(upload.size)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_document_type(upload)
        if kind:
            return kind
    raise ValidationError(
        _(
            "The file must be a PDF, a Word or OpenDocument document, or a JPEG or PNG "
            "picture. Save it as one of those and try again."
        )
    )


def _zip_document_type(upload) -> str | None:
    """Word (.docx) and OpenDocument (.odt) files are zip archives: tell them from any
    other zip by what they hold."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
            # Only a small entry is unpacked: its declared size bounds what is read, so
            # a zip bomb cannot fill the server's memory.
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size <= MIMETYPE_MAX_BYTES
                and archive.read("mimetype").strip() == ODT.encode()
            ):
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted entry
        NotImplementedError,  # a way of packing Python cannot unpack
        zlib.error,
    ):
        return None
    finally:
        upload.seek(0)
    return None
