"""Icons: every named icon loads and draws; an unknown name fails loudly."""

from __future__ import annotations

import configparser

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from annotator import resources
from annotator.model import STATUSES
from annotator.ui import icons


def drawn_pixels(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha()
    )


@pytest.mark.parametrize("name", icons.NAMES)
def test_every_named_icon_loads_and_draws_something(qapp, name):
    icon = icons.icon(name)
    assert not icon.isNull()
    pixmap = icon.pixmap(24, 24)
    assert not pixmap.isNull()
    assert drawn_pixels(pixmap.toImage()) > 20


def test_every_shipped_svg_is_valid_and_named():
    folder = resources.file("icons/annotator.svg").parent
    shipped = sorted(p.stem for p in folder.iterdir() if p.suffix == ".svg")
    assert shipped == sorted(icons.NAMES)
    for name in shipped:
        assert QSvgRenderer(QByteArray(resources.read_bytes(f"icons/{name}.svg"))).isValid(), name


@pytest.mark.parametrize("name", ["opne", "", "../default_tags"])
def test_an_unknown_name_fails_with_the_name(qapp, name):
    with pytest.raises(KeyError, match=repr(name).replace(".", r"\.")):
        icons.icon(name)


def test_icons_render_from_bytes_when_not_on_disk(qapp):
    icon = icons._render(resources.read_bytes("icons/verified.svg"))
    assert drawn_pixels(icon.pixmap(32, 32).toImage()) > 20
    assert icons._render(b"not svg").isNull()


def test_status_icons_cover_every_status(qapp):
    for status in STATUSES:
        assert icons.status_icon(status).isNull() == (status is None)
    with pytest.raises(KeyError):
        icons.status_icon("approved")


def test_app_icon_is_the_annotator_svg(qapp):
    app = icons.app_icon().pixmap(32, 32).toImage()
    drawn = icons._render(resources.read_bytes("icons/annotator.svg")).pixmap(32, 32).toImage()
    assert app == drawn


def test_desktop_entry_parses_with_the_required_keys():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read_string(resources.read_text("annotator.desktop"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Annotator"
    assert entry["Exec"] == "annotator %f"
    assert entry["Icon"] == "annotator"
    assert entry["MimeType"] == "text/plain;"
    assert entry["Categories"] == "Office;"
    assert resources.file(f"icons/{entry['Icon']}.svg").is_file()
