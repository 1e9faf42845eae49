"""The catalog page's per-agency facts (categories, topics, counts) are kept in memory under the
catalog's generation: read twice without a change they come from memory, and a publication (which
renews the generation) is seen at once. Outside a test transaction, because the memo is never used
inside one."""

from __future__ import annotations

import pytest

from gongkai.portal import cache as page_cache
from gongkai.portal import listing
from tests.catalog.conftest import People


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    page_cache.clear()
    listing._facts.clear()


@pytest.mark.django_db(transaction=True)
def test_facts_come_from_memory_until_the_catalog_changes(django_assert_max_num_queries):
    people = People()
    agency = people.tree.a
    people.publish(title="关于市容整治的通知")
    first = listing.agency_facts(agency)
    assert first[2].total() == 1

    with django_assert_max_num_queries(0):
        again = listing.agency_facts(agency)
    assert again is first

    people.publish(title="关于年报编制的通知")
    fresh = listing.agency_facts(agency)
    assert fresh is not first
    assert fresh[2].total() == 2
