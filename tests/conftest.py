"""Shared test set-up: offscreen Qt, and user folders that are never the real ones."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory, monkeypatch):
    """Point the user's data and config folders at a temporary place for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # A window started by a test listens on a socket of its own, never a real one's.
    monkeypatch.setenv("ANNOTATOR_SERVER", f"annotator-test-{os.getpid()}-{home.name}")
    return home


# Property tests run as many examples as the profile says: "ci" (the default) in the test
# suite, "nightly" for a long search (ANNOTATOR_HYPOTHESIS=nightly, see the README).
settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("nightly", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("ANNOTATOR_HYPOTHESIS", "ci"))
