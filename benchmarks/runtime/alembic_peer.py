"""The same chain run by Alembic (Debian's python3-alembic) in-process; prints medians like runtime_benchmark."""
import os
import shutil
import sys
import tempfile

from alembic import command
from alembic.config import Config

from chain_file import median_ms, parse_chain, statements


def write_environment(root, migrations):
    os.makedirs(os.path.join(root, "versions"))
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(
            "from alembic import context\n"
            "from sqlalchemy import create_engine\n"
            "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
            "with engine.connect() as connection:\n"
            "    context.configure(connection=connection, target_metadata=None)\n"
            "    with context.begin_transaction():\n"
            "        context.run_migrations()\n"
        )
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for revision, parent, up, down in migrations:
        with open(os.path.join(root, "versions", f"{revision}.py"), "w") as f:
            f.write(
                "from alembic import op\n"
                f"revision = {revision!r}\n"
                f"down_revision = {parent!r}\n"
                "def upgrade():\n"
                + "".join(f"    op.execute({s!r})\n" for s in statements(up))
                + "def downgrade():\n"
                + "".join(f"    op.execute({s!r})\n" for s in statements(down))
            )


def main():
    migrations = parse_chain(sys.argv[1])
    root = tempfile.mkdtemp(prefix="migrate-alembic-")
    try:
        write_environment(os.path.join(root, "env"), migrations)
        db = os.path.join(root, "bench.db")
        config = Config()
        config.set_main_option("script_location", os.path.join(root, "env"))
        config.set_main_option("sqlalchemy.url", f"sqlite:///{db}")

        def fresh():
            if os.path.exists(db):
                os.remove(db)

        up = median_ms(5, fresh, lambda: command.upgrade(config, "head"))
        at_head = median_ms(5, lambda: None, lambda: command.upgrade(config, "head"))
        down = median_ms(5, lambda: (fresh(), command.upgrade(config, "head")), lambda: command.downgrade(config, "base"))
        print(f"alembic.upgrade_fresh_ms {up:.2f}")
        print(f"alembic.startup_at_head_ms {at_head:.2f}")
        print(f"alembic.downgrade_base_ms {down:.2f}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
