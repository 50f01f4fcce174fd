"""The person's training times and time zone; the calendar events handed out, with their
SEQUENCE, so re-exported events update in calendar apps.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("training_times", sa.JSON, nullable=True))
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=True))
    op.create_table(
        "calendar_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("uid", sa.String(120), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.UniqueConstraint("person_id", "uid"),
    )
    op.create_index("ix_calendar_event_person_id", "calendar_event", ["person_id"])


def downgrade() -> None:
    op.drop_table("calendar_event")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("training_times")
