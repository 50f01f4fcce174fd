"""Generators of synthetic data with known truth (motion, footprints) for tests and benches."""
