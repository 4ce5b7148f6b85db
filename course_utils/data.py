"""The kit's data files, found wherever the kit is installed: `cu.data.path("ner_train.conll")`.

A checkout keeps them readable in `data/` (documented in `data/DATA.md`). An
installed wheel carries no copies, only their generators (`course_utils.corpora`)
and their SHA-256 checksums (`data_checksums.json`): the first call regenerates a
file into a cache folder and verifies it, so a notebook opened from any folder,
on Colab or on a hub, reads the same bytes as `data/`. A cached file that no
longer matches its checksum is rebuilt.

The cache folder is `$COURSE_UTILS_DATA` if set, else `$XDG_CACHE_HOME/course-utils`
(`~/.cache/course-utils`), else a folder in the system's temporary directory.
"""
import hashlib
import json
import os
import pathlib
import tempfile

CHECKSUMS_FILE = pathlib.Path(__file__).with_name("data_checksums.json")
_CHECKOUT = pathlib.Path(__file__).resolve().parent.parent
CHECKOUT_DATA_DIR = _CHECKOUT / "data"   # exists only in a checkout (editable install or source tree)


def names():
    """Every data file the kit provides, sorted."""
    return sorted(_checksums())


def path(name):
    """The path of data file `name`, verified against its checksum (regenerated into the cache if needed)."""
    expected = _checksums().get(name)
    if expected is None:
        raise FileNotFoundError(f"the course kit has no data file {name!r}; available: {', '.join(names())}")
    shipped = CHECKOUT_DATA_DIR / name
    if _in_checkout() and shipped.is_file():
        if _sha256(shipped.read_bytes()) != expected:
            raise RuntimeError(f"{shipped} differs from the kit's checksum (edited by hand, or a generator changed "
                               "without rebuilding): restore it with `git checkout data/` or rebuild data/ and the "
                               "checksums with `python -m course_utils.instructor.data`")
        return shipped
    cached = cache_dir() / name
    if not (cached.is_file() and _sha256(cached.read_bytes()) == expected):
        _write_atomically(cached, regenerate(name))
    return cached


def regenerate(name):
    """The bytes of `name` rebuilt from its generator, refused unless they match the kit's checksum."""
    from . import corpora
    content = corpora.render(name)
    if _sha256(content) != _checksums()[name]:
        raise RuntimeError(f"regenerating {name} gave other bytes than the kit's data/: its generator depends on the "
                           f"exact Faker version the kit pins ({_installed('Faker')} is installed); "
                           "install the kit with `pip install -r requirements.txt`")
    return content


def cache_dir():
    """Where regenerated files live: $COURSE_UTILS_DATA, else the user's cache, else a temporary folder."""
    if os.environ.get("COURSE_UTILS_DATA"):
        return pathlib.Path(os.environ["COURSE_UTILS_DATA"])
    base = pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache")
    folder = base / "course-utils"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return pathlib.Path(tempfile.gettempdir()) / "course-utils"   # a read-only home (some hubs)


def checksums_of(contents):
    """{name: sha256} of a {name: bytes} mapping: what `instructor.data` writes to data_checksums.json."""
    return {name: _sha256(content) for name, content in sorted(contents.items())}


def _checksums():
    return json.loads(CHECKSUMS_FILE.read_text(encoding="utf-8"))


def _in_checkout():
    return (_CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT_DATA_DIR / "DATA.md").is_file()


def _sha256(content):
    return hashlib.sha256(content).hexdigest()


def _write_atomically(target, content):
    """Write to a temporary file beside `target`, then rename: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, target)


def _installed(distribution):
    from importlib import metadata
    try:
        return f"{distribution} {metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"no {distribution}"
