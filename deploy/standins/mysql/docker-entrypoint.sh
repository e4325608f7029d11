#!/bin/bash
# The official MySQL image's start-up, as far as the project relies on it:
# - MYSQL_ROOT_PASSWORD (required, as there; MYSQL_ALLOW_EMPTY_PASSWORD=yes allows none):
#   root, from the socket and from any host;
# - MYSQL_USER / MYSQL_PASSWORD: an account from any host; MYSQL_DATABASE: a database it owns;
# - on an empty /var/lib/mysql only: those, then /docker-entrypoint-initdb.d/*.sh (executable:
#   run, otherwise sourced), *.sql and *.sql.gz, in name order, against a server that listens on
#   the socket only (so a TCP health check fails until initialisation is over);
# - then the server in the foreground as PID 1 (SIGTERM shuts it down cleanly).
set -euo pipefail

if [[ ${1:-} == -* ]]; then set -- mysqld "$@"; fi
if [[ ${1:-} != mysqld && ${1:-} != mariadbd ]]; then exec "$@"; fi
shift
server=(mariadbd --user=mysql --datadir=/var/lib/mysql "$@")
socket=/run/mysqld/mysqld.sock

log() { echo "$(date -u +%FT%TZ) [Entrypoint]: $*" >&2; }

mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld /var/lib/mysql

if [[ ! -d /var/lib/mysql/mysql ]]; then
    if [[ -z ${MYSQL_ROOT_PASSWORD:-} && ${MYSQL_ALLOW_EMPTY_PASSWORD:-} != yes ]]; then
        log "Database is uninitialized and password option is not specified"
        log "You need to specify one of MYSQL_ROOT_PASSWORD or MYSQL_ALLOW_EMPTY_PASSWORD"
        exit 1
    fi
    log "Initializing database files"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal \
        --skip-test-db >/dev/null
    "${server[@]}" --skip-networking --socket="$socket" &
    pid=$!
    for _ in $(seq 60); do
        mysqladmin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
        sleep 1
    done
    sql() { mysql --protocol=socket --socket="$socket" -uroot "$@"; }
    # Strings go through SQL quoting: a quote in a password must not end the statement.
    quote() { printf "'%s'" "${1//\'/\'\'}"; }
    root_password=$(quote "${MYSQL_ROOT_PASSWORD:-}")
    {
        echo "SET @@SESSION.SQL_LOG_BIN=0;"
        # As the official image: no anonymous accounts (they would shadow MYSQL_USER on
        # localhost), and root only as created below, not root@<container id>.
        echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');"
        echo "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '%');"
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $root_password;"
        echo "CREATE USER 'root'@'%' IDENTIFIED BY $root_password;"
        echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        if [[ -n ${MYSQL_DATABASE:-} ]]; then
            echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"
        fi
        if [[ -n ${MYSQL_USER:-} && -n ${MYSQL_PASSWORD:-} ]]; then
            echo "CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY $(quote "$MYSQL_PASSWORD");"
            if [[ -n ${MYSQL_DATABASE:-} ]]; then
                echo "GRANT ALL ON \`$MYSQL_DATABASE\`.* TO '$MYSQL_USER'@'%';"
            fi
        fi
        echo "FLUSH PRIVILEGES;"
    } | sql
    export MYSQL_PWD=${MYSQL_ROOT_PASSWORD:-}
    shopt -s nullglob
    for file in /docker-entrypoint-initdb.d/*; do
        case $file in
            *.sh)
                log "running $file"
                if [[ -x $file ]]; then "$file"; else . "$file"; fi ;;
            *.sql) log "running $file"; sql "${MYSQL_DATABASE:-}" <"$file" ;;
            *.sql.gz) log "running $file"; gunzip -c "$file" | sql "${MYSQL_DATABASE:-}" ;;
            *) log "ignoring $file" ;;
        esac
    done
    unset MYSQL_PWD
    kill -TERM "$pid"
    wait "$pid"
    log "MySQL init process done. Ready for start up."
fi

exec "${server[@]}"
