#!/bin/sh
# As the official image's entrypoint: options alone (or a .conf file) mean redis-server; the
# server drops root for the redis user. Protected mode is off unless the command sets it.
set -eu
case "${1:-}" in
    -* | *.conf) set -- redis-server "$@" ;;
esac
if [ "${1:-}" = redis-server ]; then
    shift
    config=""
    case "${1:-}" in
        *.conf) config=$1; shift ;;
    esac
    # Later options win in Redis: a --protected-mode in the command overrides this one.
    set -- /usr/bin/redis-server $config --protected-mode no "$@"
    if [ "$(id -u)" = 0 ]; then
        exec setpriv --reuid=redis --regid=redis --init-groups "$@"
    fi
fi
exec "$@"
