"""Use cases the interfaces call."""
