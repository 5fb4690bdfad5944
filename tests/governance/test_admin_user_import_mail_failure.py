"""The admin's user import when the mail server fails after the accounts were saved: the page
explains it instead of a server error. Transactional (the invitations go out on commit), so in a
file of its own: xdist sends whole files, and pytest-django runs files of transactional tests
after the others, whose data the flush at the end of a transactional test would remove."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from governance.models import User
from tests.governance.test_admin_user_import import GOOD, _post

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mail_server_failure_after_saving_is_explained_not_a_server_error(world, settings):
    world.ministry.user_permissions.add(Permission.objects.get(codename="change_user"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    response = _post(world.ministry, GOOD)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert "The accounts were saved, but the invitations could not be sent" in summary
    assert User.objects.filter(username="gov_new").exists()
