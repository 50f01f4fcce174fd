"""The pose pipeline: a clip, photo or landmark file in; a pose sequence, counted reps,
form findings and drawings out."""
