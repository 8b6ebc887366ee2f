"""Story clusters: wire copy and same-event write-ups group across outlets, unrelated stories do not,
clusters grow and merge as articles arrive, and concurrent writers agree (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from archive.clusters import cluster_article_ids, cluster_of, list_clusters
from archive.comparison import compare_cluster
from archive.db import Archive
from archive.story import SourceRef
from tests.research.builders import BODY, COURIER, HERALD, LEDGER, make_capture, make_story, record

WIRE_COPY = [BODY[0].replace("KINGSBRIDGE (Newswire) — ", ""), *BODY[1:4]]  # retold dateline, last cut
REWRITE = [
    "Thousands of dockers at Kingsbridge Freeport stopped work on Monday in a row over pay, with 8,782 "
    "members of the Northern Dockers' Association on strike.",
    "Maya Okafor, who leads the union, called the 4% offer an insult and said members wanted 12%.",
    "Ravi Lindqvist of Kingsbridge Freeport Holdings said the dispute was costing £3m a day.",
    "Lorries queued on the A19, and talks at ACAS in Leeds are planned for Thursday; the walkout is set to "
    "last 48 hours, the longest since 1989.",
]
FLOOD = [
    "Work on a £88m scheme to protect homes along the River Elver is due to begin in the spring, the "
    "environment agency has confirmed.",
    "Farid Eastwood, the agency's area flood manager, said the scheme would reduce the risk of flooding for "
    "around 34,900 homes and businesses in Port Elver.",
    "Some residents say they have struggled to get home insurance since the last flood in 2019.",
]
OTHER_STRIKE = [
    "Bus drivers in Ashmore walked out on Friday after rejecting a 3% pay offer from Ridgeline Transport.",
    "The Transport Workers Union said 640 drivers had joined the action, which will last until Sunday.",
    "Services across the Ashmore valley were cancelled and the company urged passengers to work from home.",
]
WIRE = SourceRef(key="wire", name="Newswire", home_url="https://wire.example/")


def _add(archive: Archive, url: str, source: SourceRef, headline: str, body: list[str], minutes: int = 0) -> int:
    result = record(archive, make_capture(make_story(url, source=source, headline=headline, body=body),
                                          minutes=minutes))
    assert result.article_id is not None
    return result.article_id


def test_wire_copy_and_same_event_cluster_unrelated_do_not(archive: Archive) -> None:
    a = _add(archive, "https://herald.example/strike", HERALD, "Freeport strike: talks collapse", BODY)
    b = _add(archive, "https://ledger.example/strike", LEDGER, "Dock workers walk out in pay dispute", WIRE_COPY, 5)
    c = _add(archive, "https://courier.example/dockers", COURIER, "Dockers walk out at Kingsbridge", REWRITE, 9)
    d = _add(archive, "https://courier.example/flood", COURIER, "Flood scheme to start in spring", FLOOD, 12)
    e = _add(archive, "https://ledger.example/bus", LEDGER, "Bus drivers strike over pay", OTHER_STRIKE, 15)
    with archive.session() as session:
        info = cluster_of(session, a)
        assert info is not None and info.article_ids == {a, b, c} and info.size == 3
        methods = {m.article_id: m.method for m in info.members}
        assert methods == {a: "first", b: "body", c: "event"}
        assert info.outlets == ["courier", "herald", "ledger"]
        for alone in (d, e):
            single = cluster_of(session, alone)
            assert single is not None and single.article_ids == {alone}
        assert [c.article_ids for c in list_clusters(session)] == [{a, b, c}]
        assert len(list_clusters(session, min_size=1)) == 3
        assert cluster_article_ids(session, info.id) == {a, b, c}
        assert cluster_article_ids(session, str(info.id)) == {a, b, c}
        assert cluster_article_ids(session, "https://ledger.example/strike") == {a, b, c}
        assert cluster_article_ids(session, "https://nowhere.example/") == set()
        assert [x.article_ids for x in list_clusters(session, outlet="courier")] == [{a, b, c}]


def test_one_outlets_follow_ups_are_not_merged_by_names_alone(archive: Archive) -> None:
    a = _add(archive, "https://courier.example/strike-1", COURIER, "Dockers walk out at Kingsbridge", REWRITE)
    b = _add(archive, "https://courier.example/strike-2", COURIER, "Freeport strike: talks collapse", BODY, 5)
    with archive.session() as session:
        assert cluster_of(session, a).article_ids == {a}  # type: ignore[union-attr]
        assert cluster_of(session, b).article_ids == {b}  # type: ignore[union-attr]


def test_a_bridging_article_merges_two_clusters(archive: Archive) -> None:
    six = [*BODY, "Shipping lines said they would divert vessels to other ports if the stoppage went on into "
           "next week, which could cost the freeport millions in lost fees and berthing charges."]
    # Two pieces of one outlet that share too little to match each other; then the full text elsewhere.
    a = _add(archive, "https://herald.example/a", HERALD, "Strike part one", six[:4])
    b = _add(archive, "https://herald.example/b", HERALD, "Strike part two", six[2:], 3)
    with archive.session() as session:
        before = {cluster_of(session, a).id, cluster_of(session, b).id}  # type: ignore[union-attr]
        assert len(before) == 2
    c = _add(archive, "https://ledger.example/c", LEDGER, "Strike in full", six, 6)
    with archive.session() as session:
        info = cluster_of(session, c)
        assert info is not None and info.article_ids == {a, b, c}
        assert info.id == min(before) and len(list_clusters(session, min_size=1)) == 1


def test_compare_shows_what_only_each_has(archive: Archive) -> None:
    a = _add(archive, "https://herald.example/strike", HERALD, "Freeport strike: talks collapse", BODY)
    _add(archive, "https://ledger.example/strike", LEDGER, "Dock workers walk out in pay dispute", WIRE_COPY, 5)
    with archive.session() as session:
        comparison = compare_cluster(session, cluster_of(session, a))  # type: ignore[arg-type]
    by_outlet = {m.outlet: m for m in comparison.members}
    assert by_outlet["herald"].words > by_outlet["ledger"].words
    assert any("48 hours" in s for s in by_outlet["herald"].only_here)  # the paragraph the copy cut
    assert by_outlet["ledger"].only_here == []
    assert "leeds" in by_outlet["herald"].only_here_terms
    assert comparison.to_dict()["size"] == 2


def test_concurrent_writers_build_one_cluster(archive: Archive) -> None:
    outlets = [SourceRef(key=f"o{i}", name=f"Outlet {i}", home_url=f"https://o{i}.example/") for i in range(6)]

    def write(i: int) -> int:
        body = [BODY[0].replace("Monday", "Monday morning" if i % 2 else "Monday"), *BODY[1:]]
        return _add(archive, f"https://o{i}.example/strike", outlets[i], f"Strike story {i}", body, i)

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = set(pool.map(write, range(6)))
    with archive.session() as session:
        clusters = list_clusters(session, min_size=1)
        assert [c.article_ids for c in clusters] == [ids]
        assert clusters[0].size == 6



def test_signatures_stay_comparable_with_the_stored_ones() -> None:
    """Signatures made with permutations drawn once per process, and their buckets computed ahead,
    equal what datasketch's defaults give: the archive's stored signatures were made with those."""
    import numpy as np
    from datasketch import MinHash

    from archive.similarity import NUM_PERM, _shingles, bucket_keys, signature

    sig = signature("Council approves flood defences", BODY)
    plain = MinHash(num_perm=NUM_PERM, seed=1)
    plain.update_batch([s.encode("utf-8") for s in sorted(_shingles(BODY))])
    assert sig.minhash == np.asarray(plain.hashvalues, dtype=np.uint64).astype("<u4").tobytes()
    assert sig.buckets and list(sig.buckets) == bucket_keys(replace(sig, buckets=()))
