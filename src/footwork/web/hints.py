"""The web app's wording of what to do next (``footwork.errors.Fix``) and of which input was
wrong (``FootworkError.field``): pages and form fields for the browser, request parameters for
the JSON API."""

from __future__ import annotations

from footwork.errors import Fix, FootworkError

PAGE_HINTS: dict[Fix, str] = {
    Fix.CHOOSE_PERSON: "Choose whose data this is on the Profiles page (/people).",
    Fix.CREATE_PERSON: "Create a profile on the welcome page (/welcome).",
    Fix.OTHER_NAME: "Use another name, or choose that profile on the Profiles page (/people).",
    Fix.FIND_MEASUREMENT: "Your measurements are listed on the Data page (/data).",
    Fix.PHOTO_SCALE: "Leave the sensor pitch empty for a photo; show the whole sheet for scale.",
    Fix.GRID_PITCH: "Fill in the sensor pitch: the distance between sensor centres in mm.",
    Fix.ANGLE_PRESET: "Choose what the angle measures (big-toe extension or lunge) to save it.",
    Fix.CHOOSE_SIDE: "Choose the foot.",
    Fix.CHOOSE_EXERCISE: "Choose the exercise in the form and upload the clip again.",
    Fix.NO_ANNOTATION: "Upload the clip itself to get an annotated video.",
    Fix.EXPORT_FILE: "Import the footwork.json file that footwork's export wrote (Data page).",
    Fix.LANDMARK_FILE: "Upload the clip itself, or a landmark CSV with the columns listed.",
}

API_HINTS: dict[Fix, str] = {
    Fix.CHOOSE_PERSON: "Add ?person=NAME (the names are at /api/people).",
    Fix.CREATE_PERSON: "Create a profile first: POST /api/people.",
    Fix.OTHER_NAME: "Use another name, or pass ?person=NAME to use that profile.",
    Fix.FIND_MEASUREMENT: "The ids are at /api/measurements.",
    Fix.PHOTO_SCALE: "Give px_per_mm for a photo; cell_mm is for pressure grids.",
    Fix.GRID_PITCH: "Give cell_mm, the distance between sensor centres in mm.",
    Fix.ANGLE_PRESET: "Give preset=big-toe-extension or preset=lunge to save it.",
    Fix.CHOOSE_SIDE: "Give side=left or side=right.",
    Fix.CHOOSE_EXERCISE: "Give exercise=NAME.",
}


def web_hint(exc: FootworkError, *, api: bool) -> str | None:
    """What to do next, in the words of a page or of the API, where the error names a fix."""
    if exc.fix is None:
        return exc.hint
    return (API_HINTS if api else PAGE_HINTS).get(exc.fix, exc.hint)


# How a page names each input an error can be about (``FootworkError.field``). The JSON API
# gives the neutral name itself: its request parameters carry the same names.
PAGE_FIELDS: dict[str, str] = {
    "action": "the kind of change",
    "analysis": "the clip",
    "current": "the current password",
    "date": "the date",
    "direction": "the direction",
    "effort": "the effort",
    "email": "the email address",
    "exercise": "the exercise",
    "measure": "the measure",
    "method": "the method",
    "name": "the name",
    "note": "the note",
    "pain": "the pain",
    "password": "the password",
    "person": "the profile",
    "pitch": "the sensor pitch",
    "podoscope": "the kind of photo",
    "preset": "what the angle measures",
    "reason": "the reason",
    "rep": "the rep",
    "repeat": "the repeated password",
    "reps": "the reps",
    "role": "the role",
    "scale": "the photo's scale",
    "sets": "the sets",
    "side": "the foot",
    "text": "the comment",
    "times": "the training times",
    "unit": "the unit",
    "value": "the value",
}


def web_field(exc: FootworkError, *, api: bool) -> str | None:
    """The input the error is about: its neutral name for the API, in words for a page."""
    if exc.field is None:
        return None
    return exc.field if api else PAGE_FIELDS.get(exc.field)
