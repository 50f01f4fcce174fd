"""Team mode: accounts, signed-in sessions, API tokens, one-time links, failed sign-ins,
coaching, the access log, coaches' plan changes and clip comments, upload owners.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _account_fk(name: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("account.id", ondelete=ondelete), nullable=nullable
    )


def _person_fk() -> sa.Column:
    return sa.Column(
        "person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False, server_default=""),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("person.id", ondelete="SET NULL"),
            nullable=True,
            unique=True,
        ),
        sa.Column("calendar_token", sa.String(64), nullable=True, unique=True),
    )
    op.create_table(
        "login_session",
        sa.Column("id", sa.String(64), primary_key=True),
        _account_fk("account_id"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.Column("address", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_login_session_account_id", "login_session", ["account_id"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, primary_key=True),
        _account_fk("account_id"),
        sa.Column("name", sa.String(120), nullable=False, server_default=""),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_at", sa.DateTime, nullable=True),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_api_token_account_id", "api_token", ["account_id"])
    op.create_table(
        "one_time_link",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        _account_fk("account_id", nullable=True),
        _account_fk("coach_id", nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_one_time_link_account_id", "one_time_link", ["account_id"])
    op.create_index("ix_one_time_link_coach_id", "one_time_link", ["coach_id"])
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    for column in ("email", "address", "at"):
        op.create_index(f"ix_login_attempt_{column}", "login_attempt", [column])
    op.create_table(
        "coaching",
        sa.Column("id", sa.Integer, primary_key=True),
        _account_fk("coach_id"),
        _account_fk("athlete_id"),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("coach_id", "athlete_id"),
    )
    op.create_index("ix_coaching_coach_id", "coaching", ["coach_id"])
    op.create_index("ix_coaching_athlete_id", "coaching", ["athlete_id"])
    op.create_table(
        "access_event",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        _account_fk("actor_id", nullable=True, ondelete="SET NULL"),
        sa.Column("actor", sa.String(300), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("what", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_access_event_person_id", "access_event", ["person_id"])
    op.create_index("ix_access_event_at", "access_event", ["at"])
    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        _person_fk(),
        _account_fk("author_id", nullable=True, ondelete="SET NULL"),
        sa.Column("author", sa.String(300), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("exercise", sa.String(40), nullable=True),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("sets", sa.Integer, nullable=True),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_plan_change_person_id", "plan_change", ["person_id"])
    op.create_index("ix_plan_change_at", "plan_change", ["at"])
    op.create_table(
        "clip_comment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "job_id", sa.String(32), sa.ForeignKey("job.id", ondelete="CASCADE"), nullable=False
        ),
        _account_fk("author_id", nullable=True, ondelete="SET NULL"),
        sa.Column("author", sa.String(300), nullable=False, server_default=""),
        sa.Column("rep", sa.Integer, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_clip_comment_job_id", "clip_comment", ["job_id"])
    op.create_table(
        "upload_owner",
        sa.Column("token", sa.String(64), primary_key=True),
        _person_fk(),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_upload_owner_person_id", "upload_owner", ["person_id"])
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("reviewed_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("reviewed_at")
    for table in (
        "upload_owner",
        "clip_comment",
        "plan_change",
        "access_event",
        "coaching",
        "login_attempt",
        "one_time_link",
        "api_token",
        "login_session",
        "account",
    ):
        op.drop_table(table)
