"""How to do each self-test, in footwork's own words, with the measures each one records."""

from __future__ import annotations

from dataclasses import dataclass

from footwork.domain.measures import MeasureKind, Method
from footwork.domain.units import Unit


@dataclass(frozen=True)
class Protocol:
    key: str
    title: str
    why: str
    steps: tuple[str, ...]
    records: tuple[MeasureKind, ...]
    default_method: Method
    default_unit: Unit


BIG_TOE = Protocol(
    key="big-toe",
    title="Big-toe extension",
    why="The big toe bends up as you push off when walking, running and jumping.",
    steps=(
        "Stand barefoot with your weight on both feet, side-on to a camera or a helper.",
        "Keep the ball of the foot on the floor and lift the big toe up as far as it goes "
        "(with a hand if you need; note it if you did).",
        "Measure the angle between the line of the long bone behind the toe (first metatarsal) "
        "and the line of the toe's first segment. A goniometer, a phone angle app or a side "
        "photo with three marked points all work.",
        "Do both feet, with the same method each time.",
    ),
    records=(MeasureKind.BIG_TOE_EXTENSION,),
    default_method=Method.GONIOMETER,
    default_unit=Unit.DEG,
)

LUNGE = Protocol(
    key="lunge",
    title="Knee-to-wall lunge (ankle bend)",
    why="How far the shin can travel over the foot with the heel down.",
    steps=(
        "Face a wall and put a tape measure on the floor pointing straight at it.",
        "Place the foot along the tape, big toe a few centimetres from the wall.",
        "Bend the knee toward the wall, keeping the heel pressed down.",
        "If the knee touches, slide the foot back and try again, until the knee only just "
        "touches with the heel still down.",
        "Record the distance from big toe to wall in cm, and/or the angle of the shin from "
        "vertical with a phone on the shin (inclinometer app).",
        "Do both sides; take the best of three tries.",
    ),
    records=(MeasureKind.LUNGE_DISTANCE, MeasureKind.ANKLE_DORSIFLEXION),
    default_method=Method.TAPE,
    default_unit=Unit.CM,
)

ARCH = Protocol(
    key="arch",
    title="Arch type from a footprint",
    why="A low arch lets the foot roll inward; a high arch spreads load over less foot.",
    steps=(
        "Wet your foot (or ink it) and stand on a sheet of paper with your full weight on it.",
        "Step off straight up so the print does not smear.",
        "Photograph the whole sheet from straight above in even light.",
        "Measure a photographed footprint, or type the arch index if you measured it.",
    ),
    records=(MeasureKind.ARCH_INDEX,),
    default_method=Method.FOOTPRINT,
    default_unit=Unit.RATIO,
)

PROTOCOLS: tuple[Protocol, ...] = (BIG_TOE, LUNGE, ARCH)
