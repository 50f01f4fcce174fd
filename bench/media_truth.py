"""The shared clips the benchmarks run, each with the exercise it is analysed as and its human
count from ../shared/media/README.md (squats, and the lunge and negative clips, which must
count no squat, as ``squat``; heel raises as ``heel-raise``)."""

from __future__ import annotations

# clip -> (exercise it is analysed as, human count of that exercise; None = no single count)
TRUTH: dict[str, tuple[str, int | None]] = {
    "squat/squat_7.mp4": ("squat", 0), "squat/squat_8.mp4": ("squat", 1),
    "squat/squat_9.mp4": ("squat", 1), "squat/squat_11.mp4": ("squat", 1),
    "squat/squat_12.mp4": ("squat", 1), "squat/squat_13.mp4": ("squat", 2),
    "squat/squat_14.mp4": ("squat", 1), "squat/squat_16.mp4": ("squat", 1),
    "squat/squat_17.mp4": ("squat", 1), "squat/squat_18.mp4": ("squat", 1),
    "squat/squat_19.mp4": ("squat", 2), "squat/squat_24.mp4": ("squat", 1),
    "squat/squat_29.mp4": ("squat", 1), "squat/slow_6count_side_front.mp4": ("squat", 3),
    "squat/jump_squat_side_5.mp4": ("squat", 5), "squat/squat_front_cut_7.mp4": ("squat", 7),
    "squat/squat_hold_pulses.mp4": ("squat", 1),
    "heel-raise/heel_raise_kettlebell_side_6.mp4": ("heel-raise", 6),
    "heel-raise/heel_raise_rear_edited.mp4": ("heel-raise", None),  # 8 or 9
    "lunge/lunges_split_screen.mp4": ("squat", 0),
    "lunge/ankle_rocks_split_stance.mp4": ("squat", 0),
    "negative/multi_person_walk_jump.mp4": ("squat", 0),
    "negative/jumping_jacks_webcam.mp4": ("squat", 0),
    "negative/pushups_overlay.mp4": ("squat", 0),
}  # fmt: skip
