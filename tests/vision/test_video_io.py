"""Reading clips: probing, streaming, and refusing files that are not usable video."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from video_media import media

from footwork.errors import NotFound, UnreadableMedia
from footwork.vision.pose.video_io import iter_frames, prefetch, probe


def _gif(path: Path, frames: int = 8) -> Path:
    images = [Image.fromarray(np.full((60, 80, 3), i * 20, np.uint8)) for i in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:], duration=100, loop=0)
    return path


def test_a_real_clip_is_probed():
    info = probe(media("squat/squat_19.mp4"))
    assert (info.width, info.height, info.frames) == (1280, 720, 143)
    assert info.fps == pytest.approx(25.0)
    assert info.duration_s == pytest.approx(5.72)


def test_frames_are_streamed_with_stride_and_shrunk():
    frames = list(iter_frames(media("squat/squat_16.mp4"), stride=3, max_side=320))
    assert [f.index for f in frames] == list(range(0, 47, 3))
    assert frames[0].rgb.shape == (180, 320, 3)
    assert frames[1].time_s == pytest.approx(3 / 23.976, abs=1e-3)


def test_an_animated_gif_is_a_clip(tmp_path):
    path = _gif(tmp_path / "moves.gif")
    info = probe(path)
    assert (info.frames, info.width, info.height, info.fps) == (8, 80, 60, 10.0)
    assert len(list(iter_frames(path))) == 8


def test_a_text_file_named_like_a_video_is_refused(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 50)
    with pytest.raises(UnreadableMedia, match="not a video footwork can read"):
        probe(path)


def test_a_clip_without_frames_is_refused(tmp_path):
    path = tmp_path / "zero.mp4"
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25, (64, 64)).release()
    with pytest.raises(UnreadableMedia) as info:
        probe(path)
    assert "Export the clip again" in str(info.value)


def test_a_clip_cut_short_while_copying_is_refused(tmp_path):
    path = tmp_path / "cut.mp4"
    data = media("squat/squat_19.mp4").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableMedia, match=r"incomplete: only \d+ of its 143 frames"):
        for _ in iter_frames(path, stride=5, max_side=64):
            pass


def test_a_missing_file_and_a_folder_are_told_apart(tmp_path):
    with pytest.raises(NotFound):
        probe(tmp_path / "nope.mp4")
    with pytest.raises(UnreadableMedia, match="is a folder"):
        probe(tmp_path)


def test_decoding_ahead_keeps_order_and_holds_few_frames(tmp_path):
    path = tmp_path / "copy.mp4"
    shutil.copy(media("squat/squat_16.mp4"), path)
    seen = [f.index for f in prefetch(iter_frames(path, max_side=64), depth=3)]
    assert seen == list(range(47))


def test_stopping_early_releases_the_decoding_thread():
    frames = prefetch(iter_frames(media("squat/squat_19.mp4"), max_side=64), depth=2)
    next(frames)
    frames.close()
    assert not any(t.name == "footwork-decode" and t.is_alive() for t in threading.enumerate())


def test_decoding_errors_reach_the_reader(tmp_path):
    path = tmp_path / "cut.mp4"
    data = media("squat/squat_19.mp4").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableMedia, match="incomplete"):
        list(prefetch(iter_frames(path, stride=5, max_side=64)))


def test_a_probe_is_kept_until_the_file_changes(tmp_path, monkeypatch):
    path = _gif(tmp_path / "moves.gif", frames=8)
    assert probe(path).frames == 8
    opened: list[str] = []
    real = cv2.VideoCapture

    def counting(name: str) -> cv2.VideoCapture:
        opened.append(name)
        return real(name)

    monkeypatch.setattr(cv2, "VideoCapture", counting)
    assert probe(path).frames == 8  # the same file: not opened again
    assert opened == []
    _gif(path, frames=5)  # rewritten: another size and time
    assert probe(path).frames == 5
    assert opened == [str(path)]


def test_decoding_starts_at_once_and_a_reader_never_read_is_released():
    frames = prefetch(iter_frames(media("squat/squat_19.mp4"), max_side=64), depth=2)
    assert any(t.name == "footwork-decode" and t.is_alive() for t in threading.enumerate())
    frames.close()
    assert not any(t.name == "footwork-decode" and t.is_alive() for t in threading.enumerate())
