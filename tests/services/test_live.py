"""Running a live set: pacing by capture time, logging the set when it ends, is stopped or
loses its camera, and a camera that cannot be opened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from footwork.services.live import LiveFrame, camera_frames, paced, run_live_set, set_logger
from footwork.services.sessions import list_sessions
from footwork.synth.motion import heel_raise
from footwork.vision.pose.camera import CameraLost, CameraUnavailable
from footwork.vision.pose.estimator import PoseEstimate


def _frames(
    stop_after: int | None = None, then: BaseException | None = None
) -> Iterator[LiveFrame]:
    seq = heel_raise(4, seed=3).seq
    for i, t in enumerate(seq.times):
        if stop_after is not None and i == stop_after and then is not None:
            raise then
        yield LiveFrame(
            float(t), PoseEstimate(seq.xy[i], seq.visibility[i]), (seq.width, seq.height)
        )


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_recording_is_played_no_sooner_than_its_capture_times():
    clock = _Clock()
    frames = [LiveFrame(t, None, (10, 10)) for t in (5.0, 5.5, 6.0, 7.5)]
    out = []
    for frame in paced(iter(frames), clock=clock, sleep=clock.sleep):
        out.append((frame.t, clock.now))
        clock.now += 0.2  # the time spent on each frame
    assert [t for t, _ in out] == [5.0, 5.5, 6.0, 7.5]
    assert [round(now - 100.0, 6) for _, now in out] == [0.0, 0.5, 1.0, 2.5]


def test_a_whole_set_is_counted_and_logged_as_a_camera_session(settings):
    done = run_live_set("heel-raise", _frames(), log=set_logger(settings, None, what="camera 0"))
    assert done.ended == "end" and done.reps == 4 and done.session_id is not None
    [session] = list_sessions(settings)
    assert session.source == "camera" and session.reps_done == 4
    assert session.note == "Counted live from camera 0"


def test_a_set_stopped_with_ctrl_c_is_still_logged(settings):
    frames = _frames(stop_after=300, then=KeyboardInterrupt())
    done = run_live_set("heel-raise", frames, log=set_logger(settings, None, what="camera 0"))
    assert done.ended == "stopped" and done.session_id is not None
    assert 0 < done.reps < 4
    assert list_sessions(settings)[0].reps_done == done.reps


def test_a_camera_lost_mid_set_keeps_the_set_counted_so_far(settings):
    frames = _frames(stop_after=300, then=CameraLost("Camera 0 stopped sending pictures."))
    done = run_live_set("heel-raise", frames, log=set_logger(settings, None, what="camera 0"))
    assert done.ended == "lost" and isinstance(done.problem, CameraLost)
    assert done.session_id is not None and list_sessions(settings)[0].reps_done == done.reps > 0


def test_nothing_is_logged_when_counting_never_started(settings):
    frames = iter([LiveFrame(i / 10, None, (640, 480)) for i in range(20)])
    done = run_live_set("squat", frames, log=set_logger(settings, None, what="camera 0"))
    assert done.result is None and done.session_id is None
    assert list_sessions(settings) == []


def test_a_camera_that_is_not_there_is_refused_before_the_model_loads():
    built = []
    with pytest.raises(CameraUnavailable, match="Could not open camera 57"):
        next(camera_frames(57, estimator=lambda: built.append(1)))  # type: ignore[arg-type, func-returns-value]
    assert built == []
