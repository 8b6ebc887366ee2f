"""Per-outlet overrides, used only where the generic path demonstrably fails.

Each outlet layout is a small dated class (Fundus style): ``V1`` applies to pages published before
its ``valid_until`` date, so old snapshots re-parse with the rules of their day. A rule returns
``None`` for every field it does not override. Rules key on the outlet's host, never on a page.
Outlets that only need "take the headline from this signal" are one line of data in
:mod:`crawler.extract.rules.headlines`.
"""

from crawler.extract.rules.base import OutletRule, rule_for
from crawler.extract.rules.outlets import RULES

__all__ = ["OutletRule", "rule_for", "RULES"]
