"""The picture pipeline: footprints on paper or a pressure grid, and angles clicked on a photo."""
