#!/usr/bin/env bash
# docs/switching.md, "From Alembic", step by step: Alembic migrates, the switched service refuses to run blind,
# adopts without running anything, carries on, and Alembic still tells the truth about where it left the database.
# Usage: alembic_walkthrough.sh APP ALEMBIC_PROJECT sqlite|postgresql
set -euo pipefail
app=$1 project=$2 kind=$3
source "$(dirname "$0")/../support/walkthrough.sh"

if [[ $kind == sqlite ]]; then
  export DATABASE_URL="sqlite:///$work/service.db"
else
  scratch_postgres "switch_$$"
fi
alembic() { (cd "$project" && "$python" -m alembic -c alembic.ini "$@"); }

# 1. Where the team is today: Alembic migrated the database to its head.
alembic upgrade head
expect 0 "3a9c0e1d2b47 \(head\)" alembic current

# 2. The new binary refuses to run its migrations over a database it does not manage.
expect 3 "managed by Alembic.*adopt" "$app" migrate upgrade
expect 3 "unmanaged_database" "$app" migrate verify

# 3. Adopt: records Alembic's revisions as applied, marked adopted; nothing runs.
expect 0 "took over Alembic's state \(alembic_version at 3a9c0e1d2b47\): 2 revision\(s\) recorded" "$app" migrate adopt
expect 0 "3a9c0e1d2b47  sql   adopted" "$app" migrate history
expect 0 "agrees with this build \(at 3a9c0e1d2b47, 1 pending\)" "$app" migrate verify

# 4. The service carries on with its first migration written after the switch.
expect 0 "applied" "$app" migrate upgrade
expect 0 "agrees with this build \(at b51c7e2a9d03, 0 pending\)" "$app" migrate verify

# 5. Alembic's own table was left as it was: `alembic current` still says where Alembic left the database.
expect 0 "3a9c0e1d2b47 \(head\)" alembic current
echo "alembic_walkthrough: $kind OK"
