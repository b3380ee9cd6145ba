set -euo pipefail

@NAMES@

# Creates, on a local PostgreSQL, what the project needs and nothing else; it never drops or
# revokes, so it is safe to run again:
#   - the owner role (LOGIN, CREATEDB for `prisma migrate`'s shadow database, not a superuser),
#     which owns the database and runs the migrations;
#   - the app role (LOGIN, NOBYPASSRLS), which the application connects as: it reads and writes
#     rows but row-level security always applies to it.
# It connects as the PostgreSQL superuser through PGHOST, PGPORT and PGUSER (localhost, 5432,
# postgres), falling back to `sudo -u postgres psql` on the local socket.
# Passwords: DB_OWNER_PASSWORD and DB_APP_PASSWORD, else DB_PASSWORD for both, else generated.
# An existing role keeps its password unless one is given.
# stdout is the two connection URLs, for `.env`; everything else goes to stderr.

PGHOST="${PGHOST:-localhost}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"

say() { printf '%s\n' "$*" >&2; }

if ! command -v psql >/dev/null 2>&1; then
  say "psql is not installed: install the PostgreSQL client (e.g. apt install postgresql-client)"
  exit 1
fi

random_password() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 16
  else
    head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'
  fi
}

# How to reach the server as a superuser: over TCP as PGUSER, else as the postgres OS user.
if psql -X -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
  as_superuser() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -u postgres psql -X -p "$PGPORT" -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
  say "connecting as the postgres OS user (sudo -u postgres psql)"
  as_superuser() { sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" "$@"; }
else
  say "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER, nor with sudo -u postgres psql"
  say "is the server running? set PGHOST, PGPORT, PGUSER (and PGPASSWORD) for a superuser"
  exit 1
fi

# A SQL string literal (standard_conforming_strings: only the quote is special).
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

# A password in a URL: every byte outside the unreserved set percent-encoded.
url_encode() {
  local LC_ALL=C text="$1" out="" c i
  for ((i = 0; i < ${#text}; i++)); do
    c="${text:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

role_exists() {
  [ "$(as_superuser -d postgres -Atc "SELECT 1 FROM pg_roles WHERE rolname = '$1'")" = "1" ]
}

# ensure_role NAME ATTRIBUTES PASSWORD_OR_EMPTY: creates the role, or brings an existing one to
# the attributes (and the password, when one is given). Leaves the password in force in
# `password`, or nothing when an existing role kept its own. (No $(...): without bash 4.4's
# inherit_errexit a failure inside one would not stop the script.)
ensure_role() {
  local name="$1" attributes="$2"
  password="$3"
  if role_exists "$name"; then
    as_superuser -d postgres -c "ALTER ROLE \"$name\" $attributes" >/dev/null
    if [ -n "$password" ]; then
      as_superuser -d postgres >/dev/null <<SQL
ALTER ROLE "$name" PASSWORD $(sql_literal "$password");
SQL
      say "role $name: updated, password set"
    else
      say "role $name: exists, password unchanged (set DB_PASSWORD to reset it)"
    fi
  else
    [ -n "$password" ] || password="$(random_password)"
    # The password goes in on stdin, not in psql's arguments, where `ps` would show it.
    as_superuser -d postgres >/dev/null <<SQL
CREATE ROLE "$name" $attributes PASSWORD $(sql_literal "$password");
SQL
    say "role $name: created"
  fi
}

ensure_role "$OWNER_ROLE" "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION" "${DB_OWNER_PASSWORD:-${DB_PASSWORD:-}}"
owner_password="$password"
ensure_role "$APP_ROLE" "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" \
  "${DB_APP_PASSWORD:-${DB_PASSWORD:-}}"
app_password="$password"

if [ "$(as_superuser -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" = "1" ]; then
  say "database $DATABASE: exists"
else
  as_superuser -d postgres -c "CREATE DATABASE \"$DATABASE\" OWNER \"$OWNER_ROLE\"" >/dev/null
  say "database $DATABASE: created, owned by $OWNER_ROLE"
fi

# The app role may use what the owner creates, now and in later migrations; it owns nothing.
as_superuser -d "$DATABASE" >/dev/null <<SQL
GRANT CONNECT, TEMPORARY ON DATABASE "$DATABASE" TO "$APP_ROLE";
GRANT USAGE, CREATE ON SCHEMA public TO "$OWNER_ROLE";
GRANT USAGE ON SCHEMA public TO "$APP_ROLE";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "$APP_ROLE";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "$APP_ROLE";
ALTER DEFAULT PRIVILEGES FOR ROLE "$OWNER_ROLE" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$APP_ROLE";
ALTER DEFAULT PRIVILEGES FOR ROLE "$OWNER_ROLE" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO "$APP_ROLE";
SQL
say "privileges: $APP_ROLE reads and writes the tables $OWNER_ROLE creates in $DATABASE"

# A socket directory in PGHOST is no host for a URL.
url_host="$PGHOST"
case "$url_host" in /*) url_host=localhost ;; esac

url() {
  local role="$1" password="$2" credentials
  if [ -n "$password" ]; then
    credentials="$role:$(url_encode "$password")"
  else
    credentials="$role:PASSWORD_UNCHANGED"
  fi
  printf 'postgresql://%s@%s:%s/%s' "$credentials" "$url_host" "$PGPORT" "$DATABASE"
}

say ""
say "DATABASE_URL is for migrations (the owner); APP_DATABASE_URL is for the application (RLS applies):"
printf 'DATABASE_URL=%s\n' "$(url "$OWNER_ROLE" "$owner_password")"
printf 'APP_DATABASE_URL=%s\n' "$(url "$APP_ROLE" "$app_password")"
