"""`cu.data.path`: the same bytes as data/, from a checkout or from an installed kit (regenerated, verified)."""
import hashlib
import json
import pathlib
import re

import nbformat
import pytest

from course_utils import corpora, data

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "data").iterdir() if p.name != "DATA.md")


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """The module as in a wheel: no checkout beside it, the cache in a temporary folder."""
    monkeypatch.setattr(data, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(data, "CHECKOUT_DATA_DIR", tmp_path / "site-packages" / "data")
    monkeypatch.setenv("COURSE_UTILS_DATA", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_package_checksums_are_those_of_every_file_in_data():
    assert data.names() == SHIPPED == sorted(corpora.FILES)
    sums = json.loads(data.CHECKSUMS_FILE.read_text(encoding="utf-8"))
    assert sums == {name: sha256(ROOT / "data" / name) for name in SHIPPED}


def test_in_a_checkout_the_path_is_the_file_in_data():
    assert data.path("ner_train.conll") == ROOT / "data" / "ner_train.conll"


def test_an_installed_kit_regenerates_every_file_byte_for_byte(installed):
    for name in SHIPPED:
        path = data.path(name)
        assert path == installed / name
        assert path.read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_a_damaged_cached_file_is_rebuilt(installed):
    path = data.path("tweets_test.tsv")
    path.write_text("damaged\n", encoding="utf-8")
    assert data.path("tweets_test.tsv").read_bytes() == (ROOT / "data" / "tweets_test.tsv").read_bytes()


def test_an_unknown_name_lists_the_available_files():
    with pytest.raises(FileNotFoundError, match=r"no data file 'ner_train\.txt'; available: comments_test\.tsv, "
                                                r".*ner_train\.conll"):
        data.path("ner_train.txt")


def test_an_edited_file_in_data_is_refused_with_the_fix(monkeypatch, tmp_path):
    checkout = tmp_path / "kit"
    (checkout / "data").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("", encoding="utf-8")
    (checkout / "data" / "DATA.md").write_text("", encoding="utf-8")
    (checkout / "data" / "lm_test.txt").write_text("edited\n", encoding="utf-8")
    monkeypatch.setattr(data, "_CHECKOUT", checkout)
    monkeypatch.setattr(data, "CHECKOUT_DATA_DIR", checkout / "data")
    with pytest.raises(RuntimeError, match=r"lm_test\.txt differs from the kit's checksum.*instructor\.data"):
        data.path("lm_test.txt")


def test_a_generator_that_gives_other_bytes_is_refused_and_nothing_is_cached(installed, monkeypatch):
    monkeypatch.setattr(corpora, "render", lambda name: b"other Faker names\n")
    with pytest.raises(RuntimeError, match=r"regenerating names_test\.conll gave other bytes.*Faker"):
        data.path("names_test.conll")
    assert not (installed / "names_test.conll").exists()


def test_an_unwritable_cache_falls_back_to_a_temporary_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_UTILS_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("", encoding="utf-8")   # not a folder: mkdir fails
    assert data.cache_dir().name == "course-utils" and tmp_path not in data.cache_dir().parents


def test_no_notebook_reaches_data_by_a_path_relative_to_the_checkout():
    for folder in ("notebooks", "solutions", "exercises"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "code":
                    assert not re.search(r"\.\./|data/|\bopen\(", cell.source), (path.name, cell.source[:200])
