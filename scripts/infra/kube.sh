#!/usr/bin/env bash
# A local Kubernetes control plane for tests and the demo, all on 127.0.0.1:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK, whose fake
# nodes take scheduled Pods to Running/Ready so Deployments really roll out.
#   kube.sh start    build the binaries once, start what is not running, await readiness;
#                    prints "kubeconfig: <path>", "server: <url>" and "audit-log: <path>"
#   kube.sh stop     stop everything this script started (pid files)
#   kube.sh status   one line per component; exit 0 only when all run
#   kube.sh env      prints export lines (KUBECONFIG, SLIPWAY_KUBE_SERVER, SLIPWAY_KUBE_AUDIT_LOG)
#   kube.sh build    only build the binaries
# The API server writes an audit log (JSON lines) of the writes clients make, so tests
# can count the applies of each object; the control plane's own traffic is left out.
# Binaries are built from Go modules (never downloaded prebuilt) and cached per version
# outside the work tree, so a fresh clone on the same machine reuses them.
set -euo pipefail

K8S_VERSION=v1.36.3
STAGING_VERSION=v0.36.3 # k8s.io/<staging> modules published alongside K8S_VERSION
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/slipway/kube/$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
BIN="$CACHE/bin"
# Canonical, so a checkout whose .cache links here names the same files as this one.
RUN="$(realpath -m "${SLIPWAY_KUBE_DIR:-$ROOT/.cache/kube}")"
PKI="$RUN/pki"
LOGS="$RUN/logs"
AUDIT="$RUN/audit"
AUDIT_POLICY="$AUDIT/policy.yaml"
AUDIT_LOG="$AUDIT/audit.log"
PIDS="$RUN/pids"

ETCD_PORT="${SLIPWAY_KUBE_ETCD_PORT:-12379}"
ETCD_PEER_PORT="${SLIPWAY_KUBE_ETCD_PEER_PORT:-12380}"
APISERVER_PORT="${SLIPWAY_KUBE_APISERVER_PORT:-16443}"
KCM_PORT="${SLIPWAY_KUBE_CONTROLLER_MANAGER_PORT:-16257}"
SCHEDULER_PORT="${SLIPWAY_KUBE_SCHEDULER_PORT:-16259}"
KWOK_PORT="${SLIPWAY_KUBE_KWOK_PORT:-16280}"
FAKE_NODES="${SLIPWAY_KUBE_NODES:-2}"

SERVER="https://127.0.0.1:$APISERVER_PORT"
SERVICE_CIDR=10.96.0.0/16 # only allocated as data: nothing ever routes to it
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { echo "kube.sh: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# ---------------------------------------------------------------------------- build

# Build one binary into $BIN unless it is there; report how long the first build took.
# $1 name, $2 version (for the message), then the build command, which writes to $OUT.
build_once() {
  local name="$1" version="$2"
  shift 2
  [ -x "$BIN/$name" ] && return
  log "building $name $version from Go modules (first time only, takes minutes)"
  local started=$SECONDS
  OUT="$BIN/.$name.tmp"
  if ! "$@" >"$CACHE/build-$name.log" 2>&1; then
    tail -n 30 "$CACHE/build-$name.log" >&2
    die "building $name $version failed (log: $CACHE/build-$name.log)"
  fi
  mv "$OUT" "$BIN/$name"
  echo "built $name $version in $((SECONDS - started))s" | tee -a "$CACHE/build-times.txt" >&2
}

# k8s.io/kubernetes replaces its k8s.io/* staging modules with local paths, so it cannot be
# `go install`ed: a throwaway module requires it and points each replace at the published
# staging module instead (the list is read from its own go.mod, not kept by hand).
kubernetes_module() {
  local dir="$CACHE/src/kubernetes"
  [ -f "$dir/go.mod" ] && { echo "$dir"; return; }
  mkdir -p "$dir"
  local gomod
  gomod="$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || die "could not fetch k8s.io/kubernetes@$K8S_VERSION"
  {
    echo "module slipway.local/kube-build"
    echo
    echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod" |
      while read -r staging; do echo "	$staging => $staging $STAGING_VERSION"; done
    echo ")"
  } >"$dir.go.mod.tmp"
  mv "$dir.go.mod.tmp" "$dir/go.mod"
  echo "$dir"
}

# etcd's server module also carries relative replaces: same trick, nothing to rewrite.
etcd_module() {
  local dir="$CACHE/src/etcd"
  mkdir -p "$dir"
  printf 'module slipway.local/etcd-build\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
    "$ETCD_VERSION" >"$dir/go.mod"
  echo "$dir"
}

go_build_kube() {
  local pkg="$1" minor="${K8S_VERSION#v1.}"
  (cd "$(kubernetes_module)" && go build -mod=mod -trimpath -o "$OUT" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
      -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*} \
      -X k8s.io/component-base/version.gitTreeState=clean" \
    "k8s.io/kubernetes/cmd/$pkg")
}

go_build_etcd() {
  (cd "$(etcd_module)" && go build -mod=mod -trimpath -ldflags "-s -w" -o "$OUT" go.etcd.io/etcd/server/v3)
}

# KWOK's module has no replaces: a plain go install of the tagged module.
go_install_kwok() {
  local gobin="$CACHE/src/kwok-bin"
  GOBIN="$gobin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$gobin/kwok" "$OUT"
}

build_all() {
  local name missing=0
  for name in "${COMPONENTS[@]}"; do [ -x "$BIN/$name" ] || missing=1; done
  [ "$missing" = 1 ] || return 0
  command -v go >/dev/null || die "go is required to build the control plane binaries"
  mkdir -p "$BIN"
  # One build at a time per machine: parallel test runs wait for the first one.
  exec 8>"$CACHE/.build.lock"
  flock 8
  # Two cores are shared with other work: keep go to two parallel jobs.
  export GOFLAGS="${GOFLAGS:-} -p=2" GOTOOLCHAIN=local
  build_once etcd "$ETCD_VERSION" go_build_etcd
  build_once kwok "$KWOK_VERSION" go_install_kwok
  build_once kube-apiserver "$K8S_VERSION" go_build_kube kube-apiserver
  build_once kube-controller-manager "$K8S_VERSION" go_build_kube kube-controller-manager
  build_once kube-scheduler "$K8S_VERSION" go_build_kube kube-scheduler
  flock -u 8
}

# ---------------------------------------------------------------------------- certificates

b64() { base64 -w0 <"$1"; }

# Local CA, serving and client certificates (EC P-256), the service-account signing key
# (RSA) and a static bearer token; generated once per runtime dir.
make_pki() {
  mkdir -p "$PKI"
  [ -f "$PKI/tokens.csv" ] && return
  cat >"$PKI/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
EOF
  local cnf="$PKI/openssl.cnf"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/ca.key" 2>/dev/null
  openssl req -x509 -new -config "$cnf" -extensions ca -key "$PKI/ca.key" \
    -subj "/CN=slipway-kube-ca" -days 3650 -out "$PKI/ca.crt"
  issue apiserver server "/CN=kube-apiserver"
  issue admin client "/O=system:masters/CN=slipway-admin"
  issue kube-controller-manager client "/CN=system:kube-controller-manager"
  issue kube-scheduler client "/CN=system:kube-scheduler"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI/sa.key" 2>/dev/null
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
  # token,user,uid,groups: a bearer-token user beside the certificate one
  echo "$(openssl rand -hex 24),slipway-token,slipway-token,system:masters" >"$PKI/tokens.csv.tmp"
  mv "$PKI/tokens.csv.tmp" "$PKI/tokens.csv"
}

# $1 name, $2 extension section of openssl.cnf, $3 subject
issue() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/$1.key" 2>/dev/null
  openssl req -new -config "$PKI/openssl.cnf" -key "$PKI/$1.key" -subj "$3" -out "$PKI/$1.csr"
  openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 \
    -extfile "$PKI/openssl.cnf" -extensions "$2" -out "$PKI/$1.crt" 2>/dev/null
  rm -f "$PKI/$1.csr"
}

# $1 file, $2 user name (its certificate in $PKI); the main kubeconfig adds a token context.
write_kubeconfig() {
  local file="$1" user="$2"
  {
    cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: slipway
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(b64 "$PKI/$user.crt")
    client-key-data: $(b64 "$PKI/$user.key")
EOF
    if [ "$user" = admin ]; then
      cat <<EOF
- name: slipway-token
  user:
    token: $(cut -d, -f1 "$PKI/tokens.csv")
EOF
    fi
    cat <<EOF
contexts:
- name: slipway
  context:
    cluster: slipway
    user: $user
EOF
    if [ "$user" = admin ]; then
      cat <<EOF
- name: slipway-token
  context:
    cluster: slipway
    user: slipway-token
EOF
    fi
    echo "current-context: slipway"
  } >"$file.tmp"
  mv "$file.tmp" "$file"
}

# ---------------------------------------------------------------------------- KWOK stages

# KWOK itself ships no behaviour: these stages make fake nodes Ready (and keep them so),
# take scheduled Pods to Running/Ready, finish Job Pods and remove deleted Pods.
write_kwok_config() {
  cat >"$RUN/kwok.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: slipway-node-ready
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      {{ range NodeConditions }}
      - type: {{ .type | Quote }}
        status: {{ .status | Quote }}
        reason: {{ .reason | Quote }}
        message: {{ .message | Quote }}
        lastHeartbeatTime: {{ \$now | Quote }}
        lastTransitionTime: {{ \$now | Quote }}
      {{ end }}
      addresses:
      - type: InternalIP
        address: {{ NodeIP | Quote }}
      - type: Hostname
        address: {{ .metadata.name | Quote }}
      capacity: {cpu: "32", memory: 128Gi, pods: "110"}
      allocatable: {cpu: "32", memory: 128Gi, pods: "110"}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: $K8S_VERSION
        containerRuntimeVersion: kwok-$KWOK_VERSION
      phase: Running
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: slipway-node-heartbeat
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 20000
    jitterDurationMilliseconds: 25000
  next:
    statusTemplate: |
      {{ \$now := Now }}
      {{ \$since := or .metadata.creationTimestamp \$now }}
      conditions:
      {{ range NodeConditions }}
      - type: {{ .type | Quote }}
        status: {{ .status | Quote }}
        reason: {{ .reason | Quote }}
        message: {{ .message | Quote }}
        lastHeartbeatTime: {{ \$now | Quote }}
        lastTransitionTime: {{ \$since | Quote }}
      {{ end }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: slipway-pod-running
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: '.metadata.deletionTimestamp', operator: DoesNotExist}
    - {key: '.status.phase', operator: In, values: [Pending]}
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      {{ range list "PodReadyToStartContainers" "Initialized" "ContainersReady" "Ready" }}
      - type: {{ . }}
        status: "True"
        lastTransitionTime: {{ \$now | Quote }}
      {{ end }}
      {{ range .spec.readinessGates }}
      - type: {{ .conditionType | Quote }}
        status: "True"
        lastTransitionTime: {{ \$now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: true
        restartCount: 0
        state: {terminated: {exitCode: 0, reason: Completed, startedAt: {{ \$now | Quote }}, finishedAt: {{ \$now | Quote }}}}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: true
        started: true
        restartCount: 0
        state: {running: {startedAt: {{ \$now | Quote }}}}
      {{ end }}
      {{ with NodeIPsWith .spec.nodeName }}
      hostIP: {{ index . 0 | Quote }}
      {{ end }}
      {{ with PodIPsWith .spec.nodeName (or .spec.hostNetwork false) (or .metadata.uid "") (or .metadata.name "") (or .metadata.namespace "") }}
      podIP: {{ index . 0 | Quote }}
      podIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      phase: Running
      startTime: {{ \$now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: slipway-pod-job-complete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: '.metadata.deletionTimestamp', operator: DoesNotExist}
    - {key: '.status.phase', operator: In, values: [Running]}
    - {key: '.metadata.ownerReferences.[].kind', operator: In, values: [Job]}
  next:
    statusTemplate: |
      {{ \$now := Now }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: false
        started: false
        restartCount: 0
        state: {terminated: {exitCode: 0, reason: Completed, startedAt: {{ \$now | Quote }}, finishedAt: {{ \$now | Quote }}}}
      {{ end }}
      phase: Succeeded
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: slipway-pod-delete
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: '.metadata.deletionTimestamp', operator: Exists}
  next:
    delete: true
EOF
}

# ---------------------------------------------------------------------------- audit

# Metadata of every write (create, update, patch, delete) a client makes, none of the
# control plane's own: its components, its service accounts, nodes, leases and events,
# kube-system, and the Pod status KWOK reports. Reads are never logged: the file stays
# small enough not to rotate during a test run (rotation at 512 MiB, two backups).
audit_policy() {
  cat <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  users: [system:apiserver, system:kube-controller-manager, system:kube-scheduler, system:kube-proxy]
- level: None
  userGroups: [system:nodes, system:serviceaccounts:kube-system]
- level: None
  namespaces: [kube-system, kube-public, kube-node-lease]
- level: None
  resources:
  - group: ""
    resources: [events, nodes, nodes/status, pods/status, pods/binding]
  - group: events.k8s.io
    resources: [events]
  - group: coordination.k8s.io
    resources: [leases]
- level: Metadata
  verbs: [create, update, patch, delete, deletecollection]
- level: None
EOF
}

# Writes the policy unless the file already holds it; returns 0 when it changed.
write_audit_policy() {
  mkdir -p "$AUDIT"
  if [ -f "$AUDIT_POLICY" ] && [ "$(audit_policy)" = "$(cat "$AUDIT_POLICY")" ]; then return 1; fi
  audit_policy >"$AUDIT_POLICY.tmp"
  mv "$AUDIT_POLICY.tmp" "$AUDIT_POLICY"
}

# An API server started before the audit log existed, or with an older policy (the
# file changed since), is restarted alone: etcd and the rest keep running.
refresh_audited_apiserver() {
  local changed=0 pid
  write_audit_policy && changed=1
  pid="$(pid_of kube-apiserver)" || return 0
  if [ "$changed" = 1 ] || ! tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "--audit-log-path=$AUDIT_LOG"; then
    log "restarting kube-apiserver to load the audit policy"
    stop_component kube-apiserver
  fi
}

# ---------------------------------------------------------------------------- processes

# Pid of a component this script started, if it still runs (checked by its command line).
pid_of() {
  local file="$PIDS/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n 1)" = "$BIN/$1" ] || return 1
  echo "$pid"
}
running() { pid_of "$1" >/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Start a component in its own session (it outlives this script and the test runner that
# called it) with no inherited descriptors but its log. $1 name, $2 its port, then flags.
launch() {
  local name="$1" port="$2"
  shift 2
  running "$name" && return
  if port_in_use "$port"; then
    echo "127.0.0.1:$port is taken by another process" >"$LOGS/$name.log"
    fail "$name" "port $port of $name is in use (override it with SLIPWAY_KUBE_*_PORT)"
  fi
  setsid "$BIN/$name" "$@" </dev/null >"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  local pid=$!
  echo "$pid" >"$PIDS/$name.pid"
  # Until setsid has exec'd the component, /proc shows setsid: on a busy machine
  # that window is long enough for a readiness check to call the component dead.
  local i
  for ((i = 0; i < 100; i++)); do
    running "$name" && return
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
}

api() {
  curl -sS --fail --max-time 10 -A slipway-kube.sh --cacert "$PKI/ca.crt" \
    --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"
}

# Fail with the component's log and leave nothing half started.
fail() {
  log "$2; last lines of $LOGS/$1.log:"
  tail -n 40 "$LOGS/$1.log" >&2 || true
  stop_all
  die "start failed: $1"
}

# $1 component, $2 timeout seconds, then a check command; fails fast if the component exits.
await() {
  local name="$1" timeout="$2"
  local deadline=$((SECONDS + timeout))
  shift 2
  until "$@" >/dev/null 2>&1; do
    running "$name" || fail "$name" "$name exited during start"
    [ "$SECONDS" -lt "$deadline" ] || fail "$name" "$name not ready after ${timeout}s"
    sleep 0.3
  done
}

etcd_healthy() { curl -sf --max-time 3 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }
apiserver_ready() { api "$SERVER/readyz" >/dev/null; }
default_service_account() { api "$SERVER/api/v1/namespaces/default/serviceaccounts/default" >/dev/null; }
scheduler_healthy() { curl -sfk --max-time 3 "https://127.0.0.1:$SCHEDULER_PORT/healthz" >/dev/null; }
controller_manager_healthy() { curl -sfk --max-time 3 "https://127.0.0.1:$KCM_PORT/healthz" >/dev/null; }
kwok_healthy() { curl -sf --max-time 3 "http://127.0.0.1:$KWOK_PORT/healthz" >/dev/null; }
nodes_ready() {
  local i
  for ((i = 0; i < FAKE_NODES; i++)); do
    api "$SERVER/api/v1/nodes/slipway-node-$i" | grep -q '"type":"Ready","status":"True"' || return 1
  done
}

# Fake nodes for KWOK to manage (selected by its annotation); 409 means it exists already.
create_nodes() {
  local i name code
  for ((i = 0; i < FAKE_NODES; i++)); do
    name="slipway-node-$i"
    code="$(curl -s --max-time 10 -A slipway-kube.sh --cacert "$PKI/ca.crt" \
      --cert "$PKI/admin.crt" --key "$PKI/admin.key" -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      "$SERVER/api/v1/nodes" -d @- <<EOF || true
{"apiVersion":"v1","kind":"Node","metadata":{"name":"$name",
 "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"},
 "labels":{"kubernetes.io/hostname":"$name","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64",
  "node-role.kubernetes.io/agent":"","type":"kwok"}}}
EOF
    )"
    case "$code" in 201 | 409) ;; *) fail kube-apiserver "creating node $name answered HTTP $code" ;; esac
  done
}

start_all() {
  local started=$SECONDS
  mkdir -p "$RUN/etcd" "$LOGS" "$PIDS"
  chmod 700 "$RUN/etcd"
  make_pki
  write_kubeconfig "$RUN/kubeconfig" admin
  write_kubeconfig "$RUN/kube-controller-manager.kubeconfig" kube-controller-manager
  write_kubeconfig "$RUN/kube-scheduler.kubeconfig" kube-scheduler
  write_kwok_config
  write_audit_policy || true

  launch etcd "$ETCD_PORT" --name slipway --data-dir "$RUN/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "slipway=http://127.0.0.1:$ETCD_PEER_PORT"
  await etcd 60 etcd_healthy

  launch kube-apiserver "$APISERVER_PORT" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode RBAC \
    --endpoint-reconciler-type none --allow-privileged --profiling=false \
    --requestheader-client-ca-file "$PKI/ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --audit-policy-file="$AUDIT_POLICY" --audit-log-path="$AUDIT_LOG" --audit-log-format=json \
    --audit-log-maxsize=512 --audit-log-maxbackup=2 --audit-log-mode=blocking
  await kube-apiserver 120 apiserver_ready
  create_nodes

  local kcm="$RUN/kube-controller-manager.kubeconfig" sched="$RUN/kube-scheduler.kubeconfig"
  launch kube-controller-manager "$KCM_PORT" --kubeconfig "$kcm" \
    --authentication-kubeconfig "$kcm" --authorization-kubeconfig "$kcm" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
    --use-service-account-credentials --service-account-private-key-file "$PKI/sa.key" \
    --root-ca-file "$PKI/ca.crt" --cluster-signing-cert-file "$PKI/ca.crt" \
    --cluster-signing-key-file "$PKI/ca.key" --service-cluster-ip-range "$SERVICE_CIDR" \
    --profiling=false
  launch kube-scheduler "$SCHEDULER_PORT" --kubeconfig "$sched" \
    --authentication-kubeconfig "$sched" --authorization-kubeconfig "$sched" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --leader-elect=false --profiling=false
  launch kwok "$KWOK_PORT" --kubeconfig "$RUN/kubeconfig" --config "$RUN/kwok.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.1/16 --node-ip 10.240.0.1 --server-address "127.0.0.1:$KWOK_PORT"
  await kube-controller-manager 120 controller_manager_healthy
  await kube-controller-manager 120 default_service_account
  await kube-scheduler 60 scheduler_healthy
  await kwok 60 kwok_healthy
  await kwok 60 nodes_ready
  log "control plane ready in $((SECONDS - started))s"
}

# Stops one component (TERM, then KILL after 20 s) and forgets its pid file.
stop_component() {
  local pid deadline=$((SECONDS + 20))
  pid="$(pid_of "$1")" || return 0
  kill "$pid" 2>/dev/null || true
  while [ -d "/proc/$pid" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$PIDS/$1.pid"
}

stop_all() {
  local name pid pids=()
  for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    if pid="$(pid_of "$name")"; then
      kill "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while [ -d "/proc/$pid" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
      if [ "$SECONDS" -ge "$deadline" ]; then kill -9 "$pid" 2>/dev/null || true; fi
      sleep 0.2
    done
  done
  rm -f "$PIDS"/*.pid
  # A component whose pid file was lost (a crashed start, a killed caller)
  # would keep its port: stop any of our binaries still serving this runtime dir.
  local stray
  for stray in $(pgrep -f -- "$RUN/" 2>/dev/null); do
    case "$(readlink "/proc/$stray/exe" 2>/dev/null)" in
      "$BIN"/*) kill -9 "$stray" 2>/dev/null || true ;;
    esac
  done
}

status() {
  local name pid all=0
  for name in "${COMPONENTS[@]}"; do
    if pid="$(pid_of "$name")"; then echo "$name running (pid $pid)"; else echo "$name stopped"; all=3; fi
  done
  [ "$all" = 0 ] && echo "kubeconfig: $RUN/kubeconfig"
  return "$all"
}

# start and stop of one runtime dir never overlap (parallel test workers all call start).
lock_runtime() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock 9
}

case "${1:-}" in
  start)
    build_all
    lock_runtime
    refresh_audited_apiserver
    if status >/dev/null && apiserver_ready; then
      log "already running"
    else
      start_all
    fi
    echo "kubeconfig: $RUN/kubeconfig"
    echo "server: $SERVER"
    echo "audit-log: $AUDIT_LOG"
    ;;
  stop)
    lock_runtime
    stop_all
    ;;
  status) status ;;
  env)
    echo "export KUBECONFIG=$RUN/kubeconfig"
    echo "export SLIPWAY_KUBE_SERVER=$SERVER"
    echo "export SLIPWAY_KUBE_AUDIT_LOG=$AUDIT_LOG"
    ;;
  build) build_all ;;
  *)
    echo "usage: $0 start|stop|status|env|build" >&2
    exit 2
    ;;
esac
