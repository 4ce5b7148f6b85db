"""What installs the kit says one thing everywhere: Python range, pins vs ranges, licence, Binder files."""
import pathlib
import re
import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def pins():
    """{normalised name: Requirement} of requirements.txt's pinned lines (markers kept)."""
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            found.setdefault(requirement.name.lower().replace("_", "-"), requirement)
    return found


def test_requires_python_is_what_readme_says_and_what_the_pins_install_on():
    said = re.findall(r"Python (3\.\d+) or newer", README)
    assert said and set(said) == {PROJECT["requires-python"].removeprefix(">=")} == {"3.11"}
    (numpy,) = pins()["numpy"].specifier   # numpy 2.4 has wheels for CPython 3.11 and newer only
    assert Version(numpy.version) >= Version("2.4")


def test_every_dependency_range_starts_at_the_tested_pin():
    pinned = pins()
    for line in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]:
        requirement = Requirement(line)
        name = requirement.name.lower().replace("_", "-")
        assert name in pinned, f"{name} is a dependency but requirements.txt does not pin it"
        (pin,) = pinned[name].specifier
        assert pin.operator == "==", f"requirements.txt must pin {name} exactly"
        assert pin.version in requirement.specifier, f"the pin {name}=={pin.version} is outside {requirement}"
        lowest = [s.version for s in requirement.specifier if s.operator in (">=", "==")]
        assert lowest == [pin.version], f"{requirement}: the range must start at the tested pin {pin.version}"


def test_the_one_install_command_ends_with_the_kit_itself():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "-e ."


def test_the_licence_is_mit_everywhere():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in licence
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert "[MIT](LICENSE)" in README
    assert "MIT licence" in (ROOT / "data" / "DATA.md").read_text(encoding="utf-8")


def test_binder_files_agree_with_the_project():
    """repo2docker reads runtime.txt (the Python), requirements.txt (the install) and postBuild (lab settings)."""
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    python = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert python and Version(python.group(1)) in SpecifierSet(PROJECT["requires-python"])
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    settings = re.findall(r"cp (\S+) .*?(share/jupyter/lab/settings/overrides\.json)", post_build)
    assert settings == [("jupyter/overrides.json", "share/jupyter/lab/settings/overrides.json")]
    assert (ROOT / "jupyter" / "overrides.json").is_file()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "LAB_SETTINGS = $(VENV)/share/jupyter/lab/settings" in makefile   # make lab installs the same file
    assert not (ROOT / "binder").exists(), "a binder/ folder makes repo2docker ignore the files at the root"
