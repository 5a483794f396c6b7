#!/usr/bin/env bash
# A throwaway Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager
# on loopback, no scheduler or kubelet (pods stay Pending, which is enough to see admission, CRD
# schemas and controllers).
#
#   control-plane.sh build        build the binaries once into a cache outside the clone
#   control-plane.sh start DIR    start one in DIR (certs, data, logs); prints KUBECONFIG=... and KUBECTL=...
#   control-plane.sh stop DIR     stop the one started in DIR
#   control-plane.sh bin          print the binary directory (after building if needed)
#
# The binaries come from the wrapper Go modules beside this script (go.sum pins every dependency)
# and land in a directory keyed by version, so later runs on this machine start in seconds.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULES="$HERE/control-plane"
# The versions live in the wrapper modules' go.mod only.
K8S_VERSION="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3 }' "$MODULES/kubernetes/go.mod")"
ETCD_VERSION="$(awk '$1 == "require" && $2 == "go.etcd.io/etcd/server/v3" { print $3 }' "$MODULES/etcd/go.mod")"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/dev-portal/k8s-control-plane/k8s-$K8S_VERSION-etcd-$ETCD_VERSION"
BIN="$CACHE/bin"
BINARIES=(etcd kube-apiserver kube-controller-manager kubectl)

log() { echo "control-plane: $*" >&2; }
die() { log "$*"; exit 1; }

built() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

# Builds what is missing. Callers running in parallel (two `npm test`s, the background build that
# scripts/test.sh starts and the test itself) wait on the lock instead of building twice.
build() {
  built && return 0
  mkdir -p "$BIN"
  # The lock's descriptor is closed after the build: servers started later must not inherit it.
  { flock 8; built || build_missing; } 8>"$CACHE/build.lock"
}

build_missing() {

  command -v go >/dev/null || die "cannot build: 'go' is not on PATH (Go >= 1.26 is needed for etcd $ETCD_VERSION)"
  local go_minor
  go_minor="$(GOTOOLCHAIN=local go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
  [[ "$go_minor" =~ ^[0-9]+$ && "$go_minor" -ge 26 ]] ||
    die "cannot build: etcd $ETCD_VERSION needs Go >= 1.26, found $(GOTOOLCHAIN=local go env GOVERSION)"
  # go.sum is committed: never let a build rewrite it or fetch another toolchain.
  export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

  local version_pkg major minor ldflags=()
  major="$(echo "$K8S_VERSION" | cut -d. -f1 | tr -d v)"
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  # Without these the servers and kubectl report v0.0.0 (their Makefile normally sets them).
  for version_pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=("-X $version_pkg.gitVersion=$K8S_VERSION" "-X $version_pkg.gitMajor=$major"
      "-X $version_pkg.gitMinor=$minor" "-X $version_pkg.gitTreeState=clean")
  done

  local b pkg dir started
  for b in "${BINARIES[@]}"; do
    [[ -x "$BIN/$b" ]] && continue
    if [[ "$b" == etcd ]]; then
      dir="$MODULES/etcd" pkg=go.etcd.io/etcd/server/v3
    else
      dir="$MODULES/kubernetes" pkg="k8s.io/kubernetes/cmd/$b"
    fi
    log "building $b ($pkg) into $BIN; a cold build takes minutes"
    started=$SECONDS
    # Built under a temporary name: an interrupted build never leaves a binary that looks done.
    (cd "$dir" && nice go build -trimpath -ldflags "-s -w ${ldflags[*]}" -o "$BIN/.$b.partial" "$pkg") ||
      die "cannot build $b from $pkg (see the go output above)"
    mv "$BIN/.$b.partial" "$BIN/$b"
    log "built $b in $((SECONDS - started)) s"
    echo "$b $((SECONDS - started))s $(date -u +%FT%TZ)" >> "$CACHE/build-times.log"
  done
}

# Free loopback ports, all held open until every one is chosen so that they differ. Another
# process could take one before our server binds it; start then fails with the server's log.
free_ports() {
  python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))' "$1"
}

# What a real cluster has: a CA, the API server's serving certificate, and the key pair that
# signs service account tokens.
make_certs() {
  local dir="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=throwaway-ca \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver \
    -keyout "$dir/apiserver.key" -out "$dir/apiserver.csr" 2>/dev/null
  echo 'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes.default.svc' > "$dir/apiserver.ext"
  openssl x509 -req -in "$dir/apiserver.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/apiserver.ext" -out "$dir/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
}

# Runs a server in its own process group (stop kills the whole group), detached from our stdio
# so that a caller reading our output is not held open by it.
launch() {
  local dir="$1" name="$2"
  shift 2
  setsid "$@" </dev/null >"$dir/$name.log" 2>&1 &
  echo "$!" > "$dir/$name.pid"
}

wait_for() {
  local what="$1" log="$2" seconds="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "$what not ready after ${seconds}s; last lines of $log:"
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
}

start() {
  local tool
  for tool in openssl python3 setsid; do
    command -v "$tool" >/dev/null || die "cannot start: '$tool' is not on PATH"
  done
  local dir
  dir="$(mkdir -p "$1" && cd "$1" && pwd)"
  [[ -e "$dir/apiserver.pid" ]] && die "$dir already holds a control plane; stop it first"
  local started=$SECONDS etcd_port peer_port api_port token
  read -r etcd_port peer_port api_port <<<"$(free_ports 3)"
  make_certs "$dir"
  token="$(openssl rand -hex 24)"
  echo "$token,throwaway-admin,throwaway-admin,system:masters" > "$dir/tokens.csv"
  printf '%s\n' \
    'apiVersion: v1' \
    'kind: Config' \
    'clusters:' \
    "  - name: throwaway" \
    "    cluster: { server: \"https://127.0.0.1:$api_port\", certificate-authority: \"$dir/ca.crt\" }" \
    'users:' \
    "  - name: admin" \
    "    user: { token: \"$token\" }" \
    'contexts:' \
    '  - name: throwaway' \
    '    context: { cluster: throwaway, user: admin }' \
    'current-context: throwaway' > "$dir/kubeconfig"
  chmod 600 "$dir/kubeconfig" "$dir/tokens.csv"

  # No fsync: the data is thrown away, and fsync dominates etcd's latency on CI disks.
  launch "$dir" etcd "$BIN/etcd" --name throwaway --data-dir "$dir/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "throwaway=http://127.0.0.1:$peer_port" --log-level warn
  # Loopback endpoints are invalid for the kubernetes Service: no endpoint reconciler. Privileged
  # pods are allowed at this level so that Pod Security, not this flag, is what refuses them.
  launch "$dir" apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$dir/apiserver.crt" --tls-private-key-file "$dir/apiserver.key" \
    --token-auth-file "$dir/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/sa.pub" --service-account-signing-key-file "$dir/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 --endpoint-reconciler-type none \
    --allow-privileged=true --profiling=false
  local kubectl=("$BIN/kubectl" --kubeconfig "$dir/kubeconfig")
  wait_for kube-apiserver "$dir/apiserver.log" 90 "${kubectl[@]}" get --raw /readyz ||
    { tail -n 5 "$dir/etcd.log" >&2; stop "$dir"; die "kube-apiserver did not start (its log, then etcd's, above)"; }

  # The controllers the tests rely on: service accounts (a pod needs its namespace's `default`),
  # Deployments and ReplicaSets, Jobs (they create the pods that Pod Security admits or refuses),
  # and the HorizontalPodAutoscaler, which scales its target up to minReplicas even without metrics:
  # every 2 s here instead of 15 s, so that a test sees it within seconds.
  launch "$dir" controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$dir/kubeconfig" --leader-elect=false --secure-port 0 \
    --root-ca-file "$dir/ca.crt" --service-account-private-key-file "$dir/sa.key" \
    --cluster-signing-cert-file "$dir/ca.crt" --cluster-signing-key-file "$dir/ca.key" \
    --horizontal-pod-autoscaler-sync-period 2s --profiling=false
  wait_for "the default ServiceAccount" "$dir/controller-manager.log" 60 \
    "${kubectl[@]}" get serviceaccount default --namespace default ||
    { stop "$dir"; die "kube-controller-manager did not start"; }

  # A test runner killed before its cleanup must not leave servers behind: with an owner process,
  # a watchdog stops the control plane when that process is gone.
  if [[ -n "${CONTROL_PLANE_OWNER_PID:-}" ]]; then
    launch "$dir" watchdog bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; "$2" stop "$3" && rm -rf "$3"' \
      watchdog "$CONTROL_PLANE_OWNER_PID" "$HERE/control-plane.sh" "$dir"
  fi
  log "started in $((SECONDS - started)) s: API on https://127.0.0.1:$api_port, state in $dir"
  echo "KUBECONFIG=$dir/kubeconfig"
  echo "KUBECTL=$BIN/kubectl"
}

# Stops the servers started in DIR: TERM to each process group, KILL to what is left after 10 s.
stop() {
  local dir="$1" name pid pids=() own_group
  own_group="$(ps -o pgid= -p $$ | tr -d ' ')"
  for name in watchdog controller-manager apiserver etcd; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid="$(cat "$dir/$name.pid")"
    rm -f "$dir/$name.pid"
    # The watchdog runs this very stop when its owner is gone: it must not kill itself first.
    [[ "$pid" == "$own_group" ]] && continue
    kill -TERM -- "-$pid" 2>/dev/null && pids+=("$pid")
  done
  local deadline=$((SECONDS + 10))
  for pid in "${pids[@]}"; do
    while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}

case "${1:-}" in
  build) build ;;
  bin) build; echo "$BIN" ;;
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; build; start "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 build | bin | start DIR | stop DIR" ;;
esac
