#!/usr/bin/env bash
# Backups that restore: the PostgreSQL database named by DATABASE_URL plus the media files.
#
#   ops/backup.sh backup [FOLDER]    pg_dump (one consistent snapshot, custom format) + media.tar.gz +
#                                    SHA256SUMS into FOLDER (default var/backups/<UTC timestamp>), mode 700;
#                                    the last line printed is the folder
#   ops/backup.sh restore FOLDER     checks the sums, then restores into the EMPTY database DATABASE_URL
#                                    names (refuses one that has tables) and unpacks the media
#
# `make backup [TO=folder]` and `make restore FROM=folder` call it. MEDIA_ROOT (default var/media) is the media
# folder. The master keys (REFERRAL_MASTER_KEYS) are NOT in a backup, on purpose: keep them elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "backup: $*" >&2; exit 1; }
cmd="${1:-}"; [ $# -gt 0 ] && shift
DB_URL="${DATABASE_URL:-}"
case "$DB_URL" in
  postgres://*|postgresql://*) ;;
  *) die "DATABASE_URL must name a PostgreSQL database (postgres://user:pass@host:port/name)" ;;
esac
DB_URL="${DB_URL%%\?*}"  # options for Django (e.g. ?conn_max_age) mean nothing to libpq
MEDIA="${MEDIA_ROOT:-var/media}"

# pg_dump must be at least as new as the server: take the newest installed client.
PG_BIN=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$dir/pg_dump" ] && { PG_BIN="$dir/"; break; }
done
command -v "${PG_BIN}pg_dump" >/dev/null || die "pg_dump is not installed (PostgreSQL client tools)"

backup() {
  local to="${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
  [ ! -e "$to" ] || [ -z "$(ls -A "$to")" ] || die "$to exists and is not empty"
  mkdir -p "$to"
  chmod 700 "$to"
  echo "backup: dumping the database" >&2
  "${PG_BIN}pg_dump" --format=custom --no-owner --no-privileges --file="$to/database.dump" "$DB_URL"
  echo "backup: packing $MEDIA" >&2
  mkdir -p "$MEDIA"
  tar -C "$MEDIA" -czf "$to/media.tar.gz" .
  (cd "$to" && sha256sum database.dump media.tar.gz >SHA256SUMS)
  chmod 600 "$to"/*
  (cd "$to" && pwd)
}

restore() {
  local from="${1:-}"
  [ -n "$from" ] && [ -d "$from" ] || die "give the backup folder: make restore FROM=var/backups/<timestamp>"
  [ -f "$from/database.dump" ] && [ -f "$from/media.tar.gz" ] && [ -f "$from/SHA256SUMS" ] \
    || die "$from is not a backup folder (database.dump, media.tar.gz, SHA256SUMS)"
  (cd "$from" && sha256sum --quiet -c SHA256SUMS) || die "$from is damaged: checksums do not match"
  local tables
  tables="$("${PG_BIN}psql" -X -q -t -A -d "$DB_URL" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" \
    || die "cannot reach the database DATABASE_URL names"
  [ "$tables" = 0 ] || die "the database DATABASE_URL names is not empty ($tables tables): restore only into an empty one"
  echo "backup: restoring the database" >&2
  "${PG_BIN}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction -d "$DB_URL" "$from/database.dump"
  echo "backup: unpacking the media into $MEDIA" >&2
  mkdir -p "$MEDIA"
  tar -C "$MEDIA" -xzf "$from/media.tar.gz"
  echo "backup: restored from $from" >&2
}

case "$cmd" in
  backup) backup "$@" ;;
  restore) restore "$@" ;;
  *) echo "usage: $0 backup [FOLDER] | restore FOLDER" >&2; exit 2 ;;
esac
