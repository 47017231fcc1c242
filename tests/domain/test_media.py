"""What each platform takes of one file (types from the spec table, the networks' size and
length limits), and what a local file is before it is uploaded."""

from __future__ import annotations

import pytest

from dashtui.domain.media import FileProblem, MediaFacts, accepts, fit_problems, sniff_file

from ..media_files import write_mp4, write_png


@pytest.mark.parametrize("platform, post_type, facts, expected", [
    ("twitter", None, MediaFacts("VIDEO", 10_000, 141), [("error", "2:21 is longer than X's "
                                                                   "2:20 limit")]),
    ("twitter", None, MediaFacts("VIDEO", 10_000, 140), []),
    ("instagram", "STORY", MediaFacts("VIDEO", 10_000, 75), [
        ("error", "1:15 is longer than Instagram Story's 1:00 limit")]),
    ("instagram", "REEL", MediaFacts("IMAGE", 10_000), [("error", "Instagram Reel takes no "
                                                                  "images")]),
    ("tiktok", None, MediaFacts("VIDEO", 10_000, 1), [("warning", "1.0 s is shorter than "
                                                                  "TikTok's 3 s minimum")]),
    ("bluesky", None, MediaFacts("IMAGE", 1_200_000), [
        ("warning", "1.1 MB is over Bluesky's 976.6 kB for an image; Dash may have to shrink "
                    "it")]),
    ("facebook", "REEL", MediaFacts("VIDEO", 2 * 1024 ** 3, 30), [
        ("error", "2.0 GB is over Facebook Reel's 1.0 GB limit for a video")]),
    ("linkedin", None, MediaFacts(None, None, None), []),  # nothing known: nothing said
])
def test_fit_problems(platform, post_type, facts, expected):
    assert fit_problems(platform, post_type, facts) == expected


def test_accepts_says_what_a_platform_takes():
    assert accepts("twitter", None) == "X: up to 4 images or 1 video (≤2:20, ≤512.0 MB)"
    assert accepts("instagram", "STORY") == "Instagram Story: 1 image or video (≤1:00, ≤100.0 MB)"
    assert accepts("bluesky", None) == "Bluesky: up to 4 images"


def test_sniff_reads_kind_size_and_duration(tmp_path):
    facts, ctype = sniff_file(write_mp4(tmp_path, "a.mp4", 12.5, pad_to=5000))
    assert (facts.kind, facts.size, facts.duration, ctype) == ("VIDEO", 5000, 12.5, "video/mp4")
    facts, ctype = sniff_file(write_png(tmp_path, "b.png"))
    assert (facts.kind, facts.duration, ctype) == ("IMAGE", None, "image/png")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    for bad, words in ((tmp_path / "c.pdf", "unknown media type"), (tmp_path, "Not a file"),
                       (tmp_path / "nope.jpg", "No such file")):
        with pytest.raises(FileProblem, match=words):
            sniff_file(bad)
