"""RevOps pages. Imports are `revops_admin`-only (revops.md I-1, Pages > Imports)."""

import csv
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_tables2 import RequestConfig

from accounts.rules import is_revops_admin

from . import import_kinds, services
from .filters import ImportRunFilter
from .forms import ImportUploadForm
from .models import ImportRun, ImportSource
from .tables import ImportRunTable

ERRORS_ON_PAGE = 500


def revops_admin_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_revops_admin(request.user):
            raise PermissionDenied("Only RevOps admins may use imports.")
        return view(request, *args, **kwargs)

    return wrapped


@revops_admin_required
def import_list(request):
    filterset = ImportRunFilter(request.GET, queryset=ImportRun.objects.select_related("uploaded_by"))
    table = ImportRunTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "revops/import_list.html", {"table": table, "filter": filterset})


@revops_admin_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_run_submit(
            kind=form.cleaned_data["kind"],
            source=ImportSource.CSV,
            file=form.cleaned_data["file"],
            acting_user=request.user,
        )
        return redirect("revops:import-detail", pk=run.pk)
    return render(request, "revops/import_upload.html", {"form": form, "kinds": import_kinds.registered()})


@revops_admin_required
def import_detail(request, pk: int):
    run = get_object_or_404(ImportRun.objects.select_related("uploaded_by"), pk=pk)
    context = {
        "run": run,
        "errors": run.errors[:ERRORS_ON_PAGE],
        "errors_hidden": max(0, len(run.errors) - ERRORS_ON_PAGE),
    }
    template = "revops/partials/import_run.html" if request.htmx else "revops/import_detail.html"
    return render(request, template, context)


@revops_admin_required
def import_errors_csv(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    writer = csv.writer(response)
    writer.writerow(["row", "field", "message"])
    for error in run.errors:
        writer.writerow([error.get("row") or "", error.get("field", ""), error.get("message", "")])
    return response
