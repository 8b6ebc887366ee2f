"""Article extraction: one page (str or bytes) and its URL in, an :class:`Extracted` out.

No Scrapy imports here: the archive side and scripts use this package too.
"""

from crawler.extract.core import extract
from crawler.extract.profile import OutletProfile, ProfileBuilder
from crawler.extract.result import Extracted, ExtractionError

__all__ = ["extract", "Extracted", "ExtractionError", "OutletProfile", "ProfileBuilder"]
