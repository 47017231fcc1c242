"""X's own conformance suite for the weighted length (twitter-text v3), kept in the tests:
the editor's X counter must agree with X on every published case (URLs with invalid or
over-long domain labels, punycode hosts, directional marks, emoji sequences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashtui.domain.text import x_weighted

SUITE = json.loads((Path(__file__).parent / "data" / "twitter_text_validate_v3.json")
                   .read_text(encoding="utf-8"))
CASES = [(section, case) for section, cases in SUITE["sections"].items() for case in cases]


def test_the_suite_is_the_published_one():
    assert "twitter/twitter-text" in SUITE["source"] and "validate.yml" in SUITE["source"]
    assert len(CASES) == 24


@pytest.mark.parametrize("section,case", CASES,
                         ids=[f"{s[:12]}:{c['description'][:50]}" for s, c in CASES])
def test_weighted_length_as_x_counts_it(section, case):
    assert x_weighted(case["text"]) == case["expected"]["weightedLength"]
