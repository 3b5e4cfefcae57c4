"""My book (§5), another user's book (D-26) and the accounts list. Thin: selectors do the reads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tables2 import RequestConfig
from django_tables2.export import TableExport
from django_tables2.paginators import LazyPaginator

from accounts.models import User

from . import selectors
from .filters import AccountFilter
from .selectors import BookPart
from .tables import AccountTable

LIST_PAGE_SIZE = 50
EXPORT_LIMIT = 5000  # the accounts list's CSV: the filtered, sorted rows up to this many


@login_required
def my_book(request):
    return _book(request, request.user)


@login_required
def book(request, user_id: int):
    return _book(request, get_object_or_404(User, pk=user_id))


def _book(request, member: User):
    book = selectors.book_of(member, as_of=timezone.localdate())
    header = selectors.book_header(book)
    filterset = AccountFilter(
        request.GET, queryset=selectors.account_list_queryset().filter(pk__in=book.all_ids)
    )
    sections = []
    for part in (BookPart.AM_MANAGED, BookPart.LEADS, BookPart.OTHER):
        table = AccountTable(filterset.qs.filter(pk__in=book.ids_for(part)), prefix=f"{part}-")
        RequestConfig(request, paginate=False).configure(table)
        sections.append({"part": part, "label": BookPart.LABELS[part], "table": table,
                         "rows": list(table.rows)})
    extras = selectors.row_extras([row.record.pk for s in sections for row in s["rows"]], tam=member)
    for section in sections:
        section["table"].extras = extras  # type: ignore[attr-defined]
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        part = request.GET.get("_part", BookPart.AM_MANAGED)
        section = next((s for s in sections if s["part"] == part), sections[0])
        name = f"book-{member.pk}-{section['part']}.{export_format}"
        return TableExport(export_format, section["table"]).response(name)
    return render(request, "accounts/book.html", {
        "member": member,
        "is_own": member.pk == request.user.pk,
        "header": header,
        "sections": sections,
        "filter": filterset,
        "members": selectors.book_members_for(request.user),
    })


@login_required
def account_list(request):
    filterset = AccountFilter(request.GET, queryset=selectors.account_list_queryset())
    export_format = request.GET.get("_export")
    exporting = TableExport.is_valid_format(export_format)
    table = AccountTable(filterset.qs)
    if exporting:
        RequestConfig(request, paginate=False).configure(table)
        table.data.data = table.data.data[:EXPORT_LIMIT]  # sliced after sorting
        ids = [account.pk for account in table.data.data]
    else:
        # LazyPaginator: no COUNT(*) over 50,000 rows, only "is there a next page".
        RequestConfig(request, paginate={"per_page": LIST_PAGE_SIZE,
                                         "paginator_class": LazyPaginator}).configure(table)
        ids = [row.record.pk for row in table.page.object_list]
    table.extras = selectors.row_extras(ids)
    if exporting:
        return TableExport(export_format, table).response(f"accounts.{export_format}")
    return render(request, "accounts/account_list.html", {"table": table, "filter": filterset})
