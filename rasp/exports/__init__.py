"""Exports: PowerPoint, Excel and HTML made from the same tables and figures the pages show."""
