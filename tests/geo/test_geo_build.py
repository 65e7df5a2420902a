"""The built gazetteer file: contents, atomic replacement, read-only use and the CLI."""
import sqlite3
from pathlib import Path

import pytest

from geo import build
from geo.gazetteer import Gazetteer


def test_build_reports_counts_time_and_size(gazetteer_build):
    counts = gazetteer_build["counts"]
    assert counts["zips"] > 40_000
    assert counts["cities"] > 25_000
    assert counts["postcodes"] > 100_000
    assert counts["outcodes"] > 300
    assert 0 < gazetteer_build["seconds"] < 120
    assert gazetteer_build["bytes"] == Path(gazetteer_build["path"]).stat().st_size < 100_000_000


def test_build_leaves_no_temp_files(gazetteer_build):
    folder = Path(gazetteer_build["path"]).parent
    assert [p.name for p in folder.iterdir()] == ["gazetteer.sqlite3"]


def test_file_records_schema_version_and_utc_build_time(gazetteer_build):
    with sqlite3.connect(gazetteer_build["path"]) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == build.SCHEMA_VERSION
    assert meta["built_at"].endswith("+00:00")


def test_gazetteer_opens_the_file_read_only(gazetteer):
    with pytest.raises(sqlite3.OperationalError):
        gazetteer._db().execute("DELETE FROM zips")


def test_missing_file_is_reported_at_construction(tmp_path):
    with pytest.raises(FileNotFoundError, match="geo.build"):
        Gazetteer(tmp_path / "absent.sqlite3")


def test_cli_prints_what_it_built(monkeypatch, capsys, tmp_path):
    def fake_build(path):
        return {"path": str(path), "counts": {"postcodes": 1_739_034, "zips": 41_917}, "seconds": 17.4,
                "bytes": 50_600_000}

    monkeypatch.setattr(build, "build_gazetteer", fake_build)
    assert build.main([str(tmp_path / "g.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "1,739,034 postcodes, 41,917 zips" in out
    assert "17.4 s, 50.6 MB" in out


def test_failed_build_keeps_the_old_file(monkeypatch, tmp_path):
    target = tmp_path / "gazetteer.sqlite3"
    target.write_bytes(b"previous build")

    def broken_source():
        raise RuntimeError("zipcodes data missing")

    monkeypatch.setattr(build.sources, "load_zips", broken_source)
    with pytest.raises(RuntimeError):
        build.build_gazetteer(target, postcode_areas={"TF"})
    assert target.read_bytes() == b"previous build"
    assert [p.name for p in tmp_path.iterdir()] == ["gazetteer.sqlite3"]


def test_needs_build_until_a_current_file_exists(gazetteer_build, tmp_path):
    assert not build.needs_build(gazetteer_build["path"])
    assert build.needs_build(tmp_path / "absent.sqlite3")
    stale = tmp_path / "stale.sqlite3"
    stale.write_bytes(b"not a database")
    assert build.needs_build(stale)
    with pytest.raises(RuntimeError, match="rebuild"):
        Gazetteer(stale)
