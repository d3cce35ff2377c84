# Alembic's environment: online mode against DATABASE_URL, as the services that switch to migrate run it.
import os

from alembic import context
from sqlalchemy import create_engine

def run_migrations_online():
    engine = create_engine(os.environ["DATABASE_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

run_migrations_online()
