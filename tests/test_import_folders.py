"""Import reads only what it was given: no symbolic links or special files out of a folder."""

from __future__ import annotations

import os

import pytest

from events.models import Source
from tests.test_ingest import GOOD, run

pytestmark = pytest.mark.django_db

ELSEWHERE = GOOD.replace("A call", "From elsewhere").replace("Macron", "Scholz")


@pytest.fixture
def folder(tmp_path):
    """A folder with one article of its own, a link to an article outside it, a link to a
    folder outside it and a named pipe."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.txt").write_text(ELSEWHERE)
    (outside / "more" / "other.txt").write_text(ELSEWHERE.replace("Scholz", "Sunak"))
    inside = tmp_path / "articles"
    inside.mkdir()
    (inside / "own.txt").write_text(GOOD)
    (inside / "link.txt").symlink_to(outside / "secret.txt")
    (inside / "linked-folder").symlink_to(outside / "more", target_is_directory=True)
    os.mkfifo(inside / "pipe.txt")
    return inside


def test_links_and_special_files_in_a_folder_are_skipped_with_a_message(folder):
    _out, err, failed = run("import_articles", folder)
    assert failed is None
    assert list(Source.objects.values_list("file_name", flat=True)) == ["own.txt"]
    assert f"{folder / 'link.txt'}: skipped: a symbolic link (use --follow-symlinks" in err
    assert f"{folder / 'linked-folder'}: skipped: a symbolic link" in err
    assert f"{folder / 'pipe.txt'}: skipped: not a regular file" in err


def test_follow_symlinks_reads_what_links_point_to_but_never_a_pipe(folder):
    _out, err, failed = run("import_articles", "--follow-symlinks", folder)
    assert failed is None
    names = sorted(Source.objects.values_list("file_name", flat=True))
    assert names == ["link.txt", "other.txt", "own.txt"]
    assert "pipe.txt: skipped: not a regular file" in err


def test_extract_events_skips_links_too(folder):
    out, err, _failed = run("extract_events", "--format", "json", folder)
    assert "Scholz" not in out and "link.txt: skipped" in err


def test_a_pipe_named_directly_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    _out, err, failed = run("import_articles", tmp_path / "pipe.txt")
    assert "pipe.txt: not a regular file" in err
    assert failed == "1 of 1 file(s) failed; nothing imported"


def test_a_link_cycle_does_not_loop(tmp_path):
    (tmp_path / "own.txt").write_text(GOOD)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    _out, _err, failed = run("import_articles", "--follow-symlinks", tmp_path)
    assert failed is None
    assert Source.objects.count() == 1
