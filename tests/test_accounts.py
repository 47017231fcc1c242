"""Several accounts of different services in one config: how they are named, picked, kept
apart on disk, and what the command line does with them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dashtui.accounts import account_dir, cached_brands, other_brands
from dashtui.cli import main
from dashtui.config import ConfigError, load_config
from dashtui.errors import scrub


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


CONFIG = '''
token = "dash-top-level-token"
[[accounts]]
name = "Bakery Genviral"
backend = "genviral"
token = "gva_live_bakery.secret-1"
[[accounts]]
name = "Studio"
backend = "infinipost"
token_env = "STUDIO_KEY"
'''


def test_accounts_are_listed_in_order_with_the_top_level_token_first(tmp_path, monkeypatch):
    monkeypatch.delenv("DASH_API_TOKEN", raising=False)
    monkeypatch.setenv("STUDIO_KEY", "sk_live_studio-secret")
    config = load_config(write(tmp_path, CONFIG))
    names = [(a.name, a.backend) for a in config.all_accounts()]
    assert names == [("Dash", "dash"), ("Bakery Genviral", "genviral"),
                     ("Studio", "infinipost")]
    assert config.active_account().name == "Dash"
    assert config.find_account("infinipost").token_value() == "sk_live_studio-secret"
    # every account's token is a secret, wherever text is shown
    assert "secret-1" not in scrub("sent gva_live_bakery.secret-1 to the server")
    assert "studio-secret" not in scrub("key sk_live_studio-secret")


@pytest.mark.parametrize("content, expected", [
    ('[[accounts]]\nname = "A"\n[[accounts]]\nname = "a"\n', "two accounts are named"),
    ('[[accounts]]\nname = "A"\nbackend = "buffer"\n', "accounts.0.backend"),
    ('[[accounts]]\nname = "G"\nbackend = "genviral"\n[accounts.services]\nauth = "x"\n',
     "[services] is for Dash accounts only"),
    ('account = "Nope"\n[[accounts]]\nname = "A"\n', "no account named 'Nope'"),
    ('[[accounts]]\nname = "A"\ncolour = "red"\n', "accounts.0.colour"),
])
def test_a_bad_accounts_entry_names_what_is_wrong(tmp_path, content, expected):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, content))
    assert expected in str(err.value)


def test_each_account_keeps_its_own_files_and_the_first_keeps_the_old_place(tmp_path):
    config = load_config(write(tmp_path, CONFIG))
    dash, genviral, studio = config.all_accounts()
    root = tmp_path / "data"
    assert account_dir(root, dash) == root  # where a one-account user's outbox already is
    assert account_dir(root, genviral) == root / "accounts" / "bakery-genviral"
    assert account_dir(root, studio) != account_dir(root, genviral)


def test_the_picker_lists_other_accounts_with_the_brands_their_caches_know(tmp_path):
    config = load_config(write(tmp_path, CONFIG))
    root = tmp_path / "data"
    folder = account_dir(root, config.find_account("genviral"))
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "cache.sqlite3")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('brands', ?)",
               (json.dumps([{"id": 1, "name": "Sunny Bakes"}]),))
    db.commit()
    db.close()
    assert cached_brands(folder) == [(1, "Sunny Bakes")]
    lines = other_brands(config, root)
    assert [line.label for line in lines] == [
        "Sunny Bakes · Bakery Genviral", "Studio (Infinipost) · not opened yet"]
    assert cached_brands(tmp_path / "nowhere") == []


def test_backend_and_account_flags(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DASH_API_TOKEN", raising=False)
    path = write(tmp_path, '[[accounts]]\nname = "Only Dash"\ntoken = "t"\n')
    # no account of that backend: said, exit 2, nothing opened
    assert main(["--config", str(path), "--backend", "genviral", "doctor"]) == 2
    assert "no genviral account in the config" in capsys.readouterr().err
    assert main(["--config", str(path), "--account", "Other", "doctor"]) == 2
    assert "no account named 'Other'" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["genviral", "infinipost"])
def test_failed_json_on_a_peer_demo_groups_by_cause_and_exits_1(kind, capsys):
    assert main(["--demo", "--backend", kind, "failed", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["total"] >= 5 and len(report["groups"]) >= 5
    assert all(g["cause"] and g["posts"] for g in report["groups"])
    # only the platforms the service has were asked
    assert report["lists_checked"] == (2 if kind == "infinipost" else report["lists_checked"])


@pytest.mark.parametrize("kind", ["genviral", "infinipost"])
def test_doctor_and_export_work_on_a_peer_demo(kind, capsys, tmp_path):
    assert main(["doctor", "--demo", "--backend", kind]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "1 brand(s)" in out
    target = tmp_path / "out.json"
    assert main(["--demo", "--backend", kind, "export", "--from", "2026-01-01",
                 "--to", "2027-12-31", "-o", str(target)]) == 0
    assert json.loads(target.read_text())
