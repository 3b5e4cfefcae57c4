from celery import shared_task

from . import services


@shared_task(name="revops.run_import")
def run_import(import_run_id: int) -> str:
    """Ingest a submitted ImportRun's rows; a redelivered, finished run is left alone."""
    return services.import_run_process(import_run_id=import_run_id).status
