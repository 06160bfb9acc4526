"""Private documents: checked by what the file is, not by its name, and kept outside
the public media folder."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from home.private_files import DOCX, ODT, PDF, PNG, RTF, document_content_type, private_storage


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", PDF),
        (b"{\\rtf1\\ansi hello}", RTF),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, PNG),
        (_zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}), DOCX),
        (_zip({"mimetype": ODT, "content.xml": "<x/>"}), ODT),
    ],
)
def test_documents_are_known_by_their_first_bytes(content, expected):
    upload = SimpleUploadedFile("whatever.bin", content)
    assert document_content_type(upload) == expected
    assert upload.tell() == 0  # left ready to be saved


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00 an executable",
        _zip({"evil.exe": "x"}),  # a zip that is not a document
        b"PK\x03\x04 not really a zip",
    ],
)
def test_anything_else_is_refused_with_what_to_do(content):
    with pytest.raises(ValidationError) as refused:
        document_content_type(SimpleUploadedFile("paper.pdf", content))
    assert "Save it as one of those" in str(refused.value)


def test_a_file_too_large_is_refused_with_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        document_content_type(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200))
    assert "smaller than 100" in str(refused.value)


def test_private_storage_has_no_url_and_lives_under_the_private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    storage = private_storage("papers")
    assert storage.location == str(tmp_path / "papers")
    assert storage.base_url is None


def test_a_zip_whose_mimetype_entry_is_huge_is_not_unpacked_to_find_out():
    """A deflated run of spaces is tiny in the upload and huge unpacked: the check reads
    only a small `mimetype` entry, so a zip bomb cannot fill the memory of the server
    (and a padded one is no OpenDocument)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT.encode() + b" " * 5_000_000)
        archive.writestr("content.xml", "<x/>")
    content = buffer.getvalue()
    assert len(content) < 50_000
    with pytest.raises(ValidationError):
        document_content_type(SimpleUploadedFile("paper.odt", content))


def test_a_zip_it_cannot_read_is_refused_not_an_error():
    """An entry packed in a way Python cannot unpack (here, a made-up method) is "not a
    document", not a server error."""
    content = bytearray(_zip({"mimetype": ODT, "content.xml": "<x/>"}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = content.find(signature)
        content[start + offset : start + offset + 2] = (99).to_bytes(2, "little")
    with pytest.raises(ValidationError):
        document_content_type(SimpleUploadedFile("paper.odt", bytes(content)))
