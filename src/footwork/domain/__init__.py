"""Pure domain: facts, norms, exercises, assessment, plans, sessions, progress. No I/O."""
