"""Real media for the video tests: where it is, its human counts, one extraction per clip."""

from __future__ import annotations

from pathlib import Path

import pytest

from footwork.vision.pose.mediapipe_pose import MediaPipePose
from footwork.vision.pose.sequence import PoseSequence

MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"

# Human rep counts from ../shared/media/README.md (a full rep = down and back up in the clip).
SQUAT_TRUTH: dict[str, int] = {
    "squat_7.mp4": 0, "squat_8.mp4": 1, "squat_9.mp4": 1, "squat_11.mp4": 1,
    "squat_12.mp4": 1, "squat_13.mp4": 2, "squat_14.mp4": 1, "squat_16.mp4": 1,
    "squat_17.mp4": 1, "squat_18.mp4": 1, "squat_19.mp4": 2, "squat_24.mp4": 1,
    "squat_29.mp4": 1, "slow_6count_side_front.mp4": 3, "jump_squat_side_5.mp4": 5,
    "squat_front_cut_7.mp4": 7, "squat_hold_pulses.mp4": 1,
}  # fmt: skip
NEGATIVE = "negative/multi_person_walk_jump.mp4"
# Clips with no squat in them (paths under ../shared/media): lunges, ankle rocks in a split
# stance, a jump with a crouched landing, push-ups, jumping jacks with the feet out of view.
NOT_SQUATS: tuple[str, ...] = (
    "lunge/lunges_split_screen.mp4", "lunge/ankle_rocks_split_stance.mp4", NEGATIVE,
    "negative/pushups_overlay.mp4", "negative/jumping_jacks_webcam.mp4",
)  # fmt: skip


def media(relative: str) -> Path:
    """Path of a shared media file, or skip the test with a reason when it is absent."""
    path = MEDIA / relative
    if not path.exists():
        pytest.skip(f"real media not found at {path} (the shared media folder is not mounted)")
    return path


class PoseCache:
    """Runs the pose model over each clip once per session, the way `footwork analyze` does."""

    def __init__(self) -> None:
        self._done: dict[str, PoseSequence] = {}

    def __call__(self, relative: str) -> PoseSequence:
        if relative not in self._done:
            estimator = MediaPipePose.from_installed_model()
            try:
                self._done[relative] = PoseSequence.from_clip(media(relative), estimator)
            finally:
                estimator.close()
        return self._done[relative]
