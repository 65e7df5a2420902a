"""Fixtures for the geo tests: one real gazetteer built per test session."""
import os

import pytest

from geo.build import build_gazetteer
from geo.gazetteer import Gazetteer

# Every town and ZIP, but only these postcode areas: the full UK set adds ~6 s to each run.
# GEO_TEST_FULL_BUILD=1 builds everything, as production does.
TEST_POSTCODE_AREAS = {"M", "SW", "EC", "B", "LS", "PO", "NP", "DL", "CF", "EH", "TF"}


@pytest.fixture(scope="session")
def gazetteer_build(tmp_path_factory):
    """Build the gazetteer once per session and return build_gazetteer's stats."""
    areas = None if os.environ.get("GEO_TEST_FULL_BUILD") else TEST_POSTCODE_AREAS
    return build_gazetteer(tmp_path_factory.mktemp("geo") / "gazetteer.sqlite3", postcode_areas=areas)


@pytest.fixture(scope="session")
def gazetteer(gazetteer_build):
    """The Gazetteer over the session's file, as the app keeps one per process."""
    return Gazetteer(gazetteer_build["path"])
