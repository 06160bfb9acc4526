"""Many Wagtail pages at once, fast: for query budgets at scale and the benchmarks
(opportunities/scale_data.py, training/scale_data.py). Never used by the product.

Creating thousands of pages one by one with `add_child` takes minutes; here the base
rows are bulk-inserted with the tree paths computed the way treebeard does, and the
page type's own table gets one executemany.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

__all__ = ["pages_bulk_create"]


def pages_bulk_create(parent: Page, pages: list[Page]) -> list[Page]:
    """Add unsaved `pages` (all of one specific page type, each with title and slug)
    as live children of `parent`, after any it has. Returns them, with `id` set."""
    if not pages:
        return pages
    model = type(pages[0])
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = int(last[-Page.steplen :], 36) if last else 0
    now = timezone.now()
    for page in pages:
        step += 1
        page.path = parent.path + _step(step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.first_published_at = page.last_published_at = now
        page.draft_title = page.title
    # Base rows first: `page.id` comes back (PostgreSQL, SQLite); `page.pk` is the
    # child's page_ptr, still empty until our own insert below.
    Page.objects.bulk_create(pages)
    _insert_own_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages


def _insert_own_rows(model, pages: list[Page]) -> None:
    """The page type's own columns, for pages whose base rows exist."""
    fields = [f for f in model._meta.local_concrete_fields if f.name != "page_ptr"]
    columns = ["page_ptr_id", *[f.column for f in fields]]
    table = model._meta.db_table
    # Table and column names come from the model, quoted; values are parameters.
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table)} "  # noqa: S608
        f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    rows = [
        [page.id, *[f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields]]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _step(number: int) -> str:
    alphabet = Page.alphabet
    digits = ""
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits = alphabet[remainder] + digits
    return digits.rjust(Page.steplen, alphabet[0])
