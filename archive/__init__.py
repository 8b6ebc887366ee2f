"""newsarchive's storage side: the story schema, the versioned archive, its queries and exports.

Nothing here imports Scrapy, so the archive can be read from scripts, notebooks and web apps.
Entry points: ``archive.db.open_archive``, ``archive.versioning.record_capture``,
``archive.queries`` and ``archive.exporters``.
"""
