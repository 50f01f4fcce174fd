"""Schema migrations: an older database is brought up to date with its data intact, and the
ORM tables match what the migrations build, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from footwork.domain.measures import MeasureKind, Method
from footwork.domain.sides import Direction, Side
from footwork.services import measurements, planning, sessions
from footwork.services import progress as progress_service
from footwork.services.store import open_store
from footwork.storage.engine import current_revision, head_revision, make_engine, upgrade
from footwork.storage.tables import Base

OLD_ROWS = [
    """INSERT INTO person (id, uid, name, sport, goals, created_at)
       VALUES (1, 'p-uid-1', 'ana', 'running', 'faster 10k', '2026-10-01 08:00:00.000000')""",
    """INSERT INTO measurement
         (id, uid, person_id, kind, side, value, unit, method, taken_at, note, source, details)
       VALUES (1, 'm-uid-1', 1, 'big-toe-extension', 'left', 48.0, 'deg', 'goniometer',
               '2026-10-01 08:10:00.000000', 'before', '', '{"tries": [46, 48]}')""",
    """INSERT INTO measurement
         (id, uid, person_id, kind, side, value, unit, method, taken_at, note, source, details)
       VALUES (2, 'm-uid-2', 1, 'lunge-distance', 'right', 9.5, 'cm', 'tape',
               '2026-10-01 08:20:00.000000', '', '', '{}')""",
    """INSERT INTO session_log (id, uid, person_id, started_at, ended_at, source, note,
                                plan_week, details)
       VALUES (1, 's-uid-1', 1, '2026-10-02 07:00:00.000000', '2026-10-02 07:12:00.000000',
               'coach', 'first one', 1, '{}')""",
    """INSERT INTO set_log (id, uid, session_id, exercise, side, direction, set_number,
                            reps_done, reps_target, effort, pain, note, completed, stop_reason)
       VALUES (1, 'x-uid-1', 1, 'heel-circle', 'left', 'clockwise', 1, 5, 5, 6, 1, 'ok',
               TRUE, '')""",
]


def test_a_database_from_revision_0001_is_migrated_to_head_with_its_data_intact(settings):
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "outcome_note" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    engine.dispose()

    store = open_store(settings)  # migrates to the newest schema on first use

    assert current_revision(store.engine) == head_revision() == "0006"
    [toe, lunge] = measurements.list_all(settings)
    assert (toe.kind, toe.side, toe.value, toe.method) == (
        MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, 48.0, Method.GONIOMETER,
    )  # fmt: skip
    assert toe.taken_at == datetime(2026, 10, 1, 8, 10)
    assert toe.note == "before" and toe.details == {"tries": [46, 48]}
    assert (lunge.kind, lunge.side, lunge.value) == (MeasureKind.LUNGE_DISTANCE, Side.RIGHT, 9.5)
    [session] = sessions.list_sessions(settings)
    assert (session.started_at, session.note, session.plan_week) == (
        datetime(2026, 10, 2, 7, 0), "first one", 1,
    )  # fmt: skip
    [entry] = session.sets
    assert (entry.exercise, entry.side, entry.direction, entry.reps_done, entry.pain) == (
        "heel-circle", Side.LEFT, Direction.CLOCKWISE, 5, 1,
    )  # fmt: skip
    assert entry.completed is True


def test_the_new_columns_and_tables_work_on_a_migrated_database(settings):
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(OLD_ROWS[0]))
    engine.dispose()

    planning.restart_plan(settings, start=date(2026, 11, 2))  # writes person.plan_start
    pp = planning.current_plan(settings, today=date(2026, 11, 2))
    progress_service.add_outcome(settings, "squat-1rm", 120, "new best")

    assert pp.person == "ana" and pp.plan.start == date(2026, 11, 2)
    rep = progress_service.report(settings, today=date(2026, 11, 3))
    assert [(o.kind, o.value, o.unit) for o in rep.outcomes] == [("squat-1rm", 120, "kg")]
    assert planning.current_plan(settings, today=date(2026, 11, 9)).plan.week == 2


def test_migrating_an_up_to_date_database_again_changes_nothing(settings):
    store = open_store(settings)
    upgrade(store.engine)
    upgrade(store.engine)
    assert current_revision(store.engine) == head_revision()


def test_the_orm_tables_match_the_migrations(settings):
    engine = open_store(settings).engine
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    # The comparison really looked at our tables (an empty database would also give no diff
    # for a metadata with no tables).
    assert {"person", "measurement", "session_log", "set_log", "outcome_note", "job"} <= set(
        inspect(engine).get_table_names()
    )


def test_the_comparison_sees_what_an_older_schema_lacks(settings):
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine, "0001")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    ops = {(d[0], getattr(d[-1], "name", None)) for d in diff if isinstance(d, tuple)}
    assert ("add_table", "outcome_note") in ops
    assert ("add_column", "plan_start") in ops


def test_the_comparison_sees_that_revision_0002_lacks_the_jobs_table(settings):
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine, "0002")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert ("add_table", "job") in {(d[0], getattr(d[-1], "name", None)) for d in diff}
