"""Vision: pose sequences, pose estimation, video I/O, signal processing, footprint analysis."""
