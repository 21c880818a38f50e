"""`lessonpress new`: draft lessons from a teacher's text by rules alone (no network, no language model)."""
