"""The benchmark server's settings: the project's own, with the bare-Django floor views added to
the URLs (bench/floor.py). Only the benchmark's gunicorn uses this module."""

from governance.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
