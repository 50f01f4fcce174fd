"""Generators of realistic synthetic data with known truth (motion, footprints) for tests and benchmarks."""
