"""Settings fail loudly: a boolean or integer setting that cannot be read stops start-up with a
message naming the variable (django-environ read `SECURE_SSL_REDIRECT=ture` as False)."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from governance.envvars import env_bool, env_int
from tests.governance.test_deploy_settings import ROOT, _manage


@pytest.mark.parametrize("word", ["true", "True", "TRUE", "1", "yes", "Yes", "on", " ON "])
def test_env_bool_reads_the_true_words_in_any_case(word):
    assert env_bool("FLAG", default=False, environ={"FLAG": word}) is True


@pytest.mark.parametrize("word", ["false", "False", "0", "no", "NO", "off", "Off"])
def test_env_bool_reads_the_false_words_in_any_case(word):
    assert env_bool("FLAG", default=True, environ={"FLAG": word}) is False


def test_env_bool_gives_the_default_when_the_variable_is_unset():
    assert env_bool("FLAG", default=True, environ={}) is True
    assert env_bool("FLAG", default=False, environ={}) is False


@pytest.mark.parametrize("word", ["ture", "Flase", "", "2", "y", "ok", "enabled"])
def test_env_bool_refuses_any_other_word_naming_the_variable_and_the_accepted_words(word):
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("SECURE_SSL_REDIRECT", default=True, environ={"SECURE_SSL_REDIRECT": word})
    message = str(error.value)
    assert "SECURE_SSL_REDIRECT" in message
    assert "true/false/1/0/yes/no/on/off" in message


def test_env_int_reads_whole_numbers():
    assert env_int("N", default=5, environ={"N": " 42 "}) == 42
    assert env_int("N", default=5, environ={"N": "-3"}) == -3
    assert env_int("N", default=5, environ={}) == 5


@pytest.mark.parametrize("word", ["", "ten", "1.5", "1e3", "1_000", "۵", "5 hours"])
def test_env_int_refuses_what_is_not_a_whole_number_naming_the_variable(word):
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", default=0, environ={"SECURE_HSTS_SECONDS": word})


def test_env_int_refuses_a_number_out_of_its_range():
    with pytest.raises(ImproperlyConfigured, match=r"TRUSTED_PROXY_COUNT.*0 or more"):
        env_int("TRUSTED_PROXY_COUNT", default=0, minimum=0, environ={"TRUSTED_PROXY_COUNT": "-1"})
    with pytest.raises(ImproperlyConfigured, match=r"SCORE_REBUILD_HOUR.*from 0 to 23"):
        env_int(
            "SCORE_REBUILD_HOUR",
            default=2,
            minimum=0,
            maximum=23,
            environ={"SCORE_REBUILD_HOUR": "24"},
        )
    assert env_int("H", default=2, minimum=0, maximum=23, environ={"H": "23"}) == 23


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh interpreter (`manage.py check`), as start-up does."""
    return _manage("check", **env)


def test_a_typo_in_a_boolean_setting_stops_start_up_naming_the_variable():
    result = _start(DEBUG="False", SECRET_KEY="k" * 60, SECURE_SSL_REDIRECT="ture")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECURE_SSL_REDIRECT='ture'" in result.stderr
    result = _start(DEBUG="Flase")
    assert result.returncode != 0 and "DEBUG='Flase'" in result.stderr


def test_an_unreadable_integer_setting_stops_start_up_naming_the_variable():
    result = _start(AXES_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "AXES_FAILURE_LIMIT" in result.stderr


def test_readable_values_start_as_before():
    result = _start(
        DEBUG="false", SECRET_KEY="k" * 60, SECURE_SSL_REDIRECT="Off", CONN_MAX_AGE="60"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_read_no_boolean_or_integer_through_django_environ():
    # env.bool reads unknown words as False; env.int does not name the variable.
    source = (ROOT / "governance" / "settings.py").read_text(encoding="utf-8")
    assert not re.findall(r"\benv\.(?:bool|int|float)\(", source)
