"""People, measurements and session logs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("sport", sa.String(120), nullable=False),
        sa.Column("goals", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("method", sa.String(30), nullable=False),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_measurement_person_id", "measurement", ["person_id"])
    op.create_index("ix_measurement_taken_at", "measurement", ["taken_at"])
    op.create_table(
        "session_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("plan_week", sa.Integer, nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_session_log_person_id", "session_log", ["person_id"])
    op.create_index("ix_session_log_started_at", "session_log", ["started_at"])
    op.create_table(
        "set_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("session_log.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("exercise", sa.String(40), nullable=False),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("direction", sa.String(20), nullable=True),
        sa.Column("set_number", sa.Integer, nullable=False),
        sa.Column("reps_done", sa.Integer, nullable=False),
        sa.Column("reps_target", sa.Integer, nullable=False),
        sa.Column("effort", sa.Integer, nullable=True),
        sa.Column("pain", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("stop_reason", sa.String(40), nullable=False),
    )
    op.create_index("ix_set_log_session_id", "set_log", ["session_id"])


def downgrade() -> None:
    op.drop_table("set_log")
    op.drop_table("session_log")
    op.drop_table("measurement")
    op.drop_table("person")
