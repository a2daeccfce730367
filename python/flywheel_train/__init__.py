"""Flywheel's local LoRA training worker: JSON lines over stdin/stdout."""
