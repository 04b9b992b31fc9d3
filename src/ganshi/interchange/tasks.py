"""Background tasks (django-tasks): the preview and the apply of an import batch, and
the roster exports too long for one request.

``ganshi db_worker`` runs them (``ganshi serve`` starts one beside the web server). A
task receives only the batch id; the batch records who uploaded it, in which language,
and every outcome, so a page or the API can follow it.
"""

from __future__ import annotations

from django_tasks import task

from ganshi.interchange import services


@task()
def roster_preview_task(batch_id: int) -> None:
    services.import_batch_preview(batch_id=batch_id)


@task()
def roster_apply_task(batch_id: int) -> None:
    services.import_batch_apply(batch_id=batch_id)


@task()
def roster_export_task(job_id: int) -> None:
    services.roster_export_run(job_id=job_id)
