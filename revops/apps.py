from django.apps import AppConfig


class RevopsConfig(AppConfig):
    name = "revops"
