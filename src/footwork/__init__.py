"""footwork: measure your feet, follow a short programme, check your form, track progress."""

__version__ = "0.1.0"
