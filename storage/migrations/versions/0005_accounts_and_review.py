"""accounts (users, units of users, API tokens, login failures), the review workflow, manual evidence dates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('doc_date_manual', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('all_units', sa.Boolean(), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
        sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    )
    op.create_table(
        'user_units',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_user_units_unit_id_units'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_units_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_units')),
        sa.UniqueConstraint('user_id', 'unit_id', name='uq_user_units_user_unit'),
    )
    op.create_index(op.f('ix_user_units_unit_id'), 'user_units', ['unit_id'])
    op.create_index(op.f('ix_user_units_user_id'), 'user_units', ['user_id'])
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    op.create_index(op.f('ix_api_tokens_user_id'), 'api_tokens', ['user_id'])
    op.create_table(
        'login_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures')),
    )
    op.create_index(op.f('ix_login_failures_client'), 'login_failures', ['client'])
    op.create_index(op.f('ix_login_failures_at'), 'login_failures', ['at'])
    op.create_table(
        'review_states',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('question_code', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_by', sa.String(length=255), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_review_states_period_id_periods')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_review_states_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_states')),
        sa.UniqueConstraint('unit_id', 'period_id', 'question_code', name='uq_review_states_question'),
    )
    op.create_table(
        'review_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=False),
        sa.Column('from_state', sa.String(length=20), nullable=False),
        sa.Column('to_state', sa.String(length=20), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('actor', sa.String(length=255), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['review_id'], ['review_states.id'], name=op.f('fk_review_events_review_id_review_states'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_events')),
    )
    op.create_index(op.f('ix_review_events_review_id'), 'review_events', ['review_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_review_events_review_id'), table_name='review_events')
    op.drop_table('review_events')
    op.drop_table('review_states')
    op.drop_index(op.f('ix_login_failures_at'), table_name='login_failures')
    op.drop_index(op.f('ix_login_failures_client'), table_name='login_failures')
    op.drop_table('login_failures')
    op.drop_index(op.f('ix_api_tokens_user_id'), table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_user_units_user_id'), table_name='user_units')
    op.drop_index(op.f('ix_user_units_unit_id'), table_name='user_units')
    op.drop_table('user_units')
    op.drop_table('users')
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('doc_date_manual')
