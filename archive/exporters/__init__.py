"""Exporters: one module per output format, all streaming the same selection (``selection.py``).

``run.run_export`` picks a format by name and writes the manifest; ``present.py`` and
``archive.sanitise`` make scraped text safe for the formats that republish it (feeds, site).
"""
