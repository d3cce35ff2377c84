"""The first LIMIT migrations of the chain as an Alembic environment and a yoyo migrations directory, and one run of
either as a whole process (interpreter start and reading the migrations included, as at an application start).
  peers.py prepare CHAIN_SQL LIMIT DIR     writes DIR/alembic and DIR/yoyo
  peers.py alembic|yoyo DIR DB             upgrades the SQLite file DB to the last of them"""
import os
import sys

from chain_file import parse_chain, statements


def prepare(chain_sql, limit, root):
    migrations = parse_chain(chain_sql)[:limit]
    alembic = os.path.join(root, "alembic")
    os.makedirs(os.path.join(alembic, "versions"))
    with open(os.path.join(alembic, "env.py"), "w") as f:
        f.write("from alembic import context\n"
                "from sqlalchemy import create_engine\n"
                "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
                "with engine.connect() as connection:\n"
                "    context.configure(connection=connection, target_metadata=None)\n"
                "    with context.begin_transaction():\n"
                "        context.run_migrations()\n")
    open(os.path.join(alembic, "script.py.mako"), "w").close()
    yoyo = os.path.join(root, "yoyo")
    os.makedirs(yoyo)
    for n, (revision, parent, up, down) in enumerate(migrations):
        with open(os.path.join(alembic, "versions", f"{revision}.py"), "w") as f:
            f.write("from alembic import op\n"
                    f"revision = {revision!r}\ndown_revision = {parent!r}\n"
                    "def upgrade():\n" + "".join(f"    op.execute({s!r})\n" for s in statements(up)) +
                    "def downgrade():\n" + "".join(f"    op.execute({s!r})\n" for s in statements(down)))
        name = f"{n:05d}_{revision}"
        with open(os.path.join(yoyo, name + ".sql"), "w") as f:
            f.write((f"-- depends: {n - 1:05d}_{parent}\n" if n else "") + up + "\n")
        with open(os.path.join(yoyo, name + ".rollback.sql"), "w") as f:
            f.write(down + "\n")
    print(migrations[-1][0])  # the revision migrate upgrades to


def run_alembic(root, db):
    from alembic import command
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", os.path.join(root, "alembic"))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
    command.upgrade(config, "head")


def run_yoyo(root, db):
    from yoyo import get_backend, read_migrations
    backend = get_backend(f"sqlite:///{db}")
    scripts = read_migrations(os.path.join(root, "yoyo"))
    with backend.lock():
        backend.apply_migrations(backend.to_apply(scripts))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "alembic":
        run_alembic(sys.argv[2], sys.argv[3])
    else:
        run_yoyo(sys.argv[2], sys.argv[3])
