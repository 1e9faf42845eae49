"""The acknowledgement of an online application: queued in the filing's own transaction, its
effect (the row, the e-mail) once however often the task runs — what the cluster's fault test
counts after killing a task worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from gongkai.applications.models import Acknowledgement, Application
from gongkai.applications.tasks import acknowledge_application
from tests.applications.test_public import filled, form_url, own_counters  # noqa: F401 — autouse fixture

pytestmark = pytest.mark.django_db

TASK_PATH = acknowledge_application.module_path


def test_a_filed_application_queues_one_acknowledgement_and_a_form_sent_twice_queues_no_second(
    client, people
) -> None:
    agency = people.tree.a
    data = filled(client, agency)
    first = client.post(form_url(agency), data)
    again = client.post(form_url(agency), data)  # the same form (ticket) sent twice
    assert first.status_code == again.status_code == 200
    app = Application.objects.get()
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert [row.args_kwargs["args"] for row in queued] == [[app.pk]]


def test_a_refused_form_queues_nothing(client, people) -> None:
    agency = people.tree.a
    page = client.post(form_url(agency), filled(client, agency, phone=""))
    assert page.status_code == 400
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


def test_the_task_run_twice_mails_the_tracking_code_once(client, people) -> None:
    agency = people.tree.a
    client.post(form_url(agency), filled(client, agency))
    app = Application.objects.get()
    assert acknowledge_application.call(app.pk) == "sent"
    assert acknowledge_application.call(app.pk) == "already"  # e.g. its worker killed after sending
    assert Acknowledgement.objects.filter(application=app, mailed=True).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert app.tracking_code in message.subject and app.tracking_code in message.body
    assert message.to == ["zhang@example.com"]
    assert "350582199001011231" not in message.body and "1234" not in message.body.replace(app.tracking_code, "")


def test_without_an_address_the_acknowledgement_is_recorded_and_nothing_is_mailed(client, people) -> None:
    agency = people.tree.a
    client.post(form_url(agency), filled(client, agency, email="", delivery="post"))
    app = Application.objects.get()
    assert acknowledge_application.call(app.pk) == "recorded"
    assert acknowledge_application.call(app.pk) == "already"
    assert Acknowledgement.objects.get(application=app).mailed is False
    assert mail.outbox == []


def test_an_application_deleted_before_the_task_ran_is_skipped() -> None:
    assert acknowledge_application.call(987654) == "skipped"
    assert not Acknowledgement.objects.exists()
