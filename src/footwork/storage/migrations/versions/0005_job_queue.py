"""The job queue: when each job was last sent to the broker, and the workers' heartbeats.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("dispatched_at", sa.DateTime, nullable=True))
    op.create_table(
        "worker",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.Column("job_id", sa.String(32), nullable=True),
    )
    op.create_index("ix_worker_seen_at", "worker", ["seen_at"])


def downgrade() -> None:
    op.drop_table("worker")
    with op.batch_alter_table("job") as batch:
        batch.drop_column("dispatched_at")
