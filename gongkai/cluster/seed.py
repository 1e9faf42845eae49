"""``python -m gongkai.cluster.seed``: the least a cluster test needs, instead of the whole demo
(which takes a minute on PostgreSQL): one agency, its clerk (who gets the deadline reminders) and
a few applications registered long enough ago to be overdue, so the daily scan has mail to send.

Run in the cluster's environment (DATABASE_URL…); idempotent. Prints the agency code, the clerk's
user name and password as JSON.
"""

from __future__ import annotations

import json
import os
import sys

AGENCY = "cluster-a"
CLERK = "cluster-clerk"
PASSWORD = "cluster-pass-2026"
OVERDUE_CASES = 3


def seed() -> dict[str, str]:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.applications import actions as act
    from gongkai.applications.models import Application
    from gongkai.law.clock import Channel

    with transaction.atomic():
        agency, _ = Agency.objects.get_or_create(
            code=AGENCY, defaults={"name": "集群测试局", "level": Agency.Level.COUNTY}
        )
        clerk = get_user_model().objects.filter(username=CLERK).first()
        if clerk is None:
            clerk = get_user_model().objects.create_user(CLERK, email="clerk@cluster.invalid", password=PASSWORD)
            Membership.objects.create(user=clerk, agency=agency, role=Role.CLERK)
        arrived = timezone.localdate() - timedelta(days=45)  # past its 20 working days: overdue
        for n in range(OVERDUE_CASES - Application.objects.filter(agency=agency, arrived_on=arrived).count()):
            act.RegisterApplication(
                clerk,
                agency,
                {
                    "applicant_type": "natural",
                    "category": "NATURAL_PERSON",
                    "name": f"逾期测试{n}",
                    "id_type": "resident_id",
                    "id_number": "350582199001011231",
                    "phone": "13800001234",
                    "description": "集群测试：已超过答复期限的申请",
                    "medium": "electronic",
                    "delivery": "email",
                },
                channel=Channel.IN_PERSON,
                arrived_on=arrived,
            ).execute()
    return {"agency": AGENCY, "username": CLERK, "password": PASSWORD}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    print(json.dumps(seed()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
