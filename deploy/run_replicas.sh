#!/usr/bin/env bash
# Run dxdash as N Streamlit replicas behind nginx, all in the foreground, as the current user.
#
#   deploy/run_replicas.sh N PORT
#
# Starts N `streamlit run app.py` replicas on free loopback ports, writes an nginx config from
# deploy/nginx.conf.template into a fresh run directory (pid, logs, temp files: nothing under
# /etc or /var), and starts nginx listening on PORT. Ctrl-C (or SIGTERM) stops everything this
# script started. No system service is installed or touched.
#
# Environment (all optional):
#   DXDASH_DATA_DIR      the data directory every replica reads (default: the repository's data/)
#   DXDASH_LISTEN_HOST   where nginx listens (default 127.0.0.1; 0.0.0.0 to serve the network)
#   DXDASH_REPLICA_PORTS space-separated replica ports (default: N free loopback ports)
#   STREAMLIT_SERVER_COOKIE_SECRET  shared by all replicas (default: a random one per run)
#   DXDASH_TRUSTED_PROXIES  whose X-Forwarded-For the admin lockout believes (default: 127.0.0.1,
#                        this script's nginx)
#   NGINX, PYTHON        the binaries to use (default: nginx from PATH or /usr/sbin, python)
#   DXDASH_RUN_DIR       use this run directory instead of a new temporary one (kept on exit)
#
# Prints "replica I http://127.0.0.1:PORT" per replica, then "ready http://HOST:PORT/".
set -euo pipefail

usage() { echo "usage: $0 N PORT   (N replicas behind nginx on PORT)" >&2; exit 2; }
[ $# -eq 2 ] || usage
N=$1
PORT=$2
[[ $N =~ ^[1-9][0-9]*$ && $PORT =~ ^[1-9][0-9]*$ ]] || usage

REPO=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ ! -x "$NGINX" ]; then
  echo "nginx is not installed (Debian: apt-get install -y nginx)" >&2
  exit 1
fi
LISTEN_HOST=${DXDASH_LISTEN_HOST:-127.0.0.1}
export DXDASH_DATA_DIR=${DXDASH_DATA_DIR:-$REPO/data}
# One cookie secret for all replicas: XSRF tokens and login cookies signed by one replica must
# verify on another after a failover.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}
# The replicas see every browser as nginx (127.0.0.1); nginx's X-Forwarded-For names the client,
# so failed admin logins are counted per client address (docs/import.md, Admin security model).
export DXDASH_TRUSTED_PROXIES=${DXDASH_TRUSTED_PROXIES:-127.0.0.1}

if [ -n "${DXDASH_RUN_DIR:-}" ]; then
  RUN_DIR=$DXDASH_RUN_DIR
  KEEP_RUN_DIR=1
  mkdir -p "$RUN_DIR"
else
  RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dxdash-deploy.XXXXXX")
  KEEP_RUN_DIR=0
fi

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
      alive=0
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive -eq 0 ] && break
      sleep 0.2
    done
    kill -KILL "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  if [ "$KEEP_RUN_DIR" = 0 ]; then rm -rf "$RUN_DIR" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [ -n "${DXDASH_REPLICA_PORTS:-}" ]; then
  read -r -a PORTS <<<"$DXDASH_REPLICA_PORTS"
  [ ${#PORTS[@]} -eq "$N" ] || { echo "DXDASH_REPLICA_PORTS must list $N ports" >&2; exit 2; }
else
  # Bind all N sockets at once so the ports are distinct, then release them for Streamlit.
  read -r -a PORTS <<<"$("$PYTHON" - "$N" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
)"
fi

# The replicas: identical, loopback only, same data directory and cookie secret.
for i in "${!PORTS[@]}"; do
  (cd "$REPO" && exec "$PYTHON" -m streamlit run app.py \
    --server.port "${PORTS[$i]}" \
    --server.address 127.0.0.1 \
    --server.headless true \
    --server.fileWatcherType none \
    --server.runOnSave false \
    --global.developmentMode false \
    --browser.gatherUsageStats false) >"$RUN_DIR/replica-$((i + 1)).log" 2>&1 &
  PIDS+=($!)
done

# nginx config from the template.
UPSTREAMS=""
for port in "${PORTS[@]}"; do
  UPSTREAMS+="        server 127.0.0.1:${port} max_fails=2 fail_timeout=10s;"$'\n'
done
USER_DIRECTIVE=""
if [ "$(id -u)" = 0 ]; then USER_DIRECTIVE="user $(id -un);"; fi
"$PYTHON" - "$REPO/deploy/nginx.conf.template" "$RUN_DIR/nginx.conf" <<EOF
import sys
text = open(sys.argv[1], encoding="utf-8").read()
for key, value in {
    "@USER_DIRECTIVE@": """$USER_DIRECTIVE""",
    "@RUN_DIR@": """$RUN_DIR""",
    "@LISTEN@": """$LISTEN_HOST:$PORT""",
    "@UPSTREAMS@": """${UPSTREAMS%$'\n'}""",
}.items():
    text = text.replace(key, value)
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
"$NGINX" -t -q -p "$RUN_DIR" -e "$RUN_DIR/error.log" -c "$RUN_DIR/nginx.conf"

# Wait for every replica's /_stcore/health before nginx takes traffic.
"$PYTHON" - "${PORTS[@]}" <<'EOF'
import sys, time, urllib.request
deadline = time.monotonic() + 90
for port in sys.argv[1:]:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"replica on port {port} did not become healthy in 90 s")
        time.sleep(0.3)
EOF
for i in "${!PORTS[@]}"; do echo "replica $((i + 1)) http://127.0.0.1:${PORTS[$i]}"; done

"$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/error.log" -c "$RUN_DIR/nginx.conf" &
PIDS+=($!)
"$PYTHON" - "$PORT" <<'EOF'
import sys, time, urllib.request
deadline = time.monotonic() + 30
while True:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2) as r:
            if r.status == 200:
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("nginx did not answer /_stcore/health in 30 s")
    time.sleep(0.2)
EOF
echo "run dir $RUN_DIR"
echo "data dir $DXDASH_DATA_DIR"
echo "ready http://$LISTEN_HOST:$PORT/"

# Run until a replica or nginx exits (then stop the rest) or until Ctrl-C / SIGTERM.
# (A short `sleep & wait` lets the traps run at once; `wait -n` can hold a signal back.)
while true; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid (a replica or nginx) exited; stopping the others" >&2
      exit 1
    fi
  done
  sleep 1 &
  wait $! || true
done
