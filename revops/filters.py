import django_filters

from .models import ImportRun


class ImportRunFilter(django_filters.FilterSet):
    class Meta:
        model = ImportRun
        fields = ["kind", "source", "status"]
