"""Driving the member's expense claim journey in request-level tests: start, add costs
one at a time, check, send (reciprocity/views/expense_journey.py)."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"0" * 200
EXE = b"MZ\x90\x00" + b"\x00" * 200


def pdf(name="r.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def jpeg(name="r.jpg"):
    return SimpleUploadedFile(name, JPEG, "image/jpeg")


def claim_start(client, involvement):
    response = client.post("/expenses/new/", {"involvement": involvement.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def cost_kind(client, kind, *, index=None, what=""):
    url = "/expenses/new/cost/" if index is None else f"/expenses/new/cost/{index}/"
    return client.post(url, {"kind": kind, "what": what})


def cost_details(client, index, **fields):
    data = {key: value for key, value in fields.items() if value is not None}
    return client.post(f"/expenses/new/cost/{index}/details/", data)


def cost_add(client, kind, *, index, what="", **fields):
    """Choose the kind, then fill its details; the response of the details page."""
    chosen = cost_kind(client, kind, index=None, what=what)
    assert chosen["Location"] == f"/expenses/new/cost/{index}/details/"
    return cost_details(client, index, **fields)


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def files(folder):
    """Every file kept under a (temporary) private folder."""
    return sorted(path for path in folder.rglob("*") if path.is_file())
