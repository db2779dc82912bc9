"""Intake: from an uploaded file or online answers to a checked return (sniff, safe rebuild, read, template, code, validate, import)."""
