"""dxdash.data.snapshots and the snapshot controls under abuse: rate-limited, capped,
unguessable ids; an unwritable folder, a pruned version or a malformed id is a notice, never
a crash (docs/hardening.md 8)."""

from __future__ import annotations

import errno
import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data import snapshots, store
from dxdash.render.streamlit import snapshot_controls
from tests.fixtures import page_html as _page_html
from tests.fixtures import shown_markdown as _shown
from tests.test_app_pages import APP
from tests.test_snapshots import _import_new_line_figure


def test_new_snapshot_ids_carry_128_random_bits(data_dir):
    ids = {snapshots.create_snapshot(data_dir, {}).snapshot_id for _ in range(3)}
    assert len(ids) == 3
    for snapshot_id in ids:
        assert snapshots.SNAPSHOT_ID.fullmatch(snapshot_id)
        assert len(snapshot_id) == 22  # token_urlsafe(16): 16 random bytes = 128 bits


def test_old_format_snapshot_ids_still_open(data_dir):
    new = snapshots.create_snapshot(data_dir, {"field": ["行政"]})
    old_id = "20261126-abcdef"
    root = data_dir / snapshots.SNAPSHOTS_DIR
    shutil.copytree(root / new.snapshot_id, root / old_id)
    meta = json.loads((root / old_id / snapshots.META_FILE).read_text(encoding="utf-8"))
    meta.update(snapshot_id=old_id, created_at="2026-11-26T09:00:00+00:00")
    (root / old_id / snapshots.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert snapshots.load_snapshot(data_dir, old_id).params == {"field": ["行政"]}
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["snapshot"] = old_id
    at.run()
    assert not at.exception
    assert old_id in _shown(at.info[0].value)


def test_snapshots_keep_only_the_filters_and_cut_long_values(data_dir):
    params = {"q": ["x" * 5000], "field": ["行政"] * 50, "junk": ["y" * 100_000]}
    snap = snapshots.create_snapshot(data_dir, params, keys=("field", "q"))
    assert set(snap.params) == {"field", "q"}
    assert len(snap.params["q"][0]) == snapshots.MAX_PARAM_LENGTH
    assert len(snap.params["field"]) == snapshots.MAX_PARAM_VALUES


def test_only_the_newest_snapshots_are_kept(data_dir):
    made = [snapshots.create_snapshot(data_dir, {}, keep=3).snapshot_id for _ in range(5)]
    kept = [snapshot_id for _, snapshot_id in snapshots.list_snapshots(data_dir)]
    assert kept == made[-3:]
    assert snapshots.created_since(data_dir, 3600) == 3


def test_rate_limiter_per_client_and_overall():
    now = [0.0]
    limits = snapshots.RateLimiter(
        per_client=2, client_window=60, overall=3, overall_window=600, clock=lambda: now[0]
    )
    assert limits.allow("a")
    assert limits.allow("a")
    assert not limits.allow("a")  # a third within a minute
    assert limits.allow("b")
    assert not limits.allow("c")  # three in all within ten minutes
    now[0] = 61
    assert not limits.allow("a")  # a's window moved on, the overall one has not
    now[0] = 601
    assert limits.allow("a")
    assert limits.allow("c")


def _save(at: AppTest) -> AppTest:
    at.sidebar.button(key="sidebar_snapshot").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_save_button_is_rate_limited(data_dir, monkeypatch):
    monkeypatch.setattr(snapshot_controls, "SNAPSHOT_LIMITS", snapshots.RateLimiter(per_client=2))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    _save(at)
    at.query_params.pop("snapshot")
    _save(at)
    at.query_params.pop("snapshot")
    _save(at)
    assert "snapshot" not in at.query_params
    assert "スナップショットの保存が多すぎます" in at.warning[0].value
    assert len(snapshots.list_snapshots(data_dir)) == 2


def test_the_overall_limit_counts_the_snapshots_on_disk(data_dir, monkeypatch):
    """Several replicas share the data folder: their snapshots count towards the limit."""
    monkeypatch.setattr(snapshot_controls, "SNAPSHOT_LIMITS", snapshots.RateLimiter(overall=2))
    snapshots.create_snapshot(data_dir, {})
    snapshots.create_snapshot(data_dir, {})
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    _save(at)
    assert "Too many snapshots" in at.warning[0].value


@pytest.mark.parametrize("blocker", [".lock", "snapshots"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_unwritable_data_folder_says_snapshots_cannot_be_saved(data_dir, blocker, language):
    """A read-only mount, simulated without chmod (tests may run as root): the lock file or the
    snapshots folder cannot be opened as such."""
    if blocker == ".lock":
        (data_dir / ".lock").mkdir()  # os.open(O_RDWR) on a directory: IsADirectoryError
    else:
        (data_dir / "snapshots").write_text("not a folder")  # mkdir: FileExistsError
    at = AppTest.from_file(APP, default_timeout=60)
    if language == "en":
        at.query_params["lang"] = "en"
    at.run()
    _save(at)
    assert "snapshot" not in at.query_params
    expected = "cannot be saved on this server" if language == "en" else "保存できません"
    assert expected in at.warning[0].value


def test_read_only_file_system_is_an_oserror_the_caller_can_name(data_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store.os, "open", refuse)
    with pytest.raises(OSError, match="Read-only"):
        snapshots.create_snapshot(data_dir, {})


def test_snapshot_of_a_pruned_version_shows_the_current_data(data_dir):
    version = _import_new_line_figure(data_dir, 850_000, "約85万人")
    snap = snapshots.create_snapshot(data_dir, {})
    assert snap.version_id == version
    store.rollback(data_dir, "base")
    shutil.rmtree(store.version_dir(data_dir, version))  # the pinned version is pruned
    for page in [None, "app_pages/initiatives.py", "app_pages/metrics.py"]:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["snapshot"] = snap.snapshot_id
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error
        assert "もう保存されていない" in at.warning[0].value
        assert at.title
        if page is None:
            assert "約80万人" in _page_html(at)  # the current (base) figures


@pytest.mark.parametrize(
    "bad",
    [
        "../../etc",
        "..%2F..%2Fetc",
        "20261126-abcdef\n",
        "/etc/passwd",
        "A" * 22 + "/..",
        "x" * 10_000,
        "[click](http://evil.example)",
        "\x00",
    ],
)
def test_malformed_snapshot_ids_are_a_notice(data_dir, bad):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["snapshot"] = bad
    at.run()
    assert not at.exception
    assert "見つかりません" in at.warning[0].value
    assert len(at.warning[0].value) < 400  # the id is quoted back cut short
    assert "](http" not in at.warning[0].value
