"""The ground every step stands on: the framework file, errors, configuration, column names, status words, plain-English words and safe text."""
