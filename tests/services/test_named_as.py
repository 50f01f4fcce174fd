"""Errors about an uploaded file name the person's own file, and keep what they say to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from footwork.errors import Fix, InvalidInput
from footwork.services.user_files import named_as


def test_a_renamed_error_keeps_its_fix_and_field(tmp_path):
    upload = tmp_path / "3f2a9c.jpg"
    with pytest.raises(InvalidInput) as caught, named_as(upload, "my-left-foot.jpg"):
        raise InvalidInput(
            f"{upload.name} shows no foot.", hint="Retake it.", fix=Fix.CHOOSE_SIDE, field="side"
        )
    assert caught.value.message == "my-left-foot.jpg shows no foot."
    assert (caught.value.fix, caught.value.field) == (Fix.CHOOSE_SIDE, "side")


def test_an_error_about_another_file_is_left_as_it_is():
    error = InvalidInput("other.jpg is empty.", fix=Fix.PHOTO_SCALE)
    with pytest.raises(InvalidInput) as caught, named_as(Path("/x/3f2a9c.jpg"), "mine.jpg"):
        raise error
    assert caught.value is error
