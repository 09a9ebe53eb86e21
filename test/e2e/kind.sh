#!/usr/bin/env bash
# End-to-end test of dbaas-operator on a real Kubernetes cluster (kind):
# Metacontroller, CloudNativePG with the barman-cloud plugin, this project's
# image, MinIO for S3; then a DatabaseCluster is created, scaled by an
# OpsRequest, backed up by an OpsRequest and restored into a new
# DatabaseCluster, and the data written before the backup is read back.
#
# Needs docker, kind, kubectl and node (npm ci done). See test/e2e/README.md.
# KEEP=1 keeps the cluster afterwards; every version below can be overridden
# from the environment.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=${CLUSTER:-dbaas-e2e}
NS=${NS:-e2e}
IMAGE_NAME=${IMAGE_NAME:-dbaas-operator}
IMAGE_TAG=${IMAGE_TAG:-e2e}
IMAGE="${IMAGE_NAME}:${IMAGE_TAG}"
# Kubernetes 1.30+ (CEL rules and ValidatingAdmissionPolicy are GA); empty means kind's default node image.
KIND_NODE_IMAGE=${KIND_NODE_IMAGE:-}
CERT_MANAGER_VERSION=${CERT_MANAGER_VERSION:-v1.19.1}
CNPG_MINOR=${CNPG_MINOR:-1.30}
CNPG_VERSION=${CNPG_VERSION:-1.30.0}
BARMAN_CLOUD_VERSION=${BARMAN_CLOUD_VERSION:-v0.14.0}
PROMETHEUS_OPERATOR_VERSION=${PROMETHEUS_OPERATOR_VERSION:-v0.86.0}
MINIO_IMAGE=${MINIO_IMAGE:-quay.io/minio/minio:latest}
MINIO_USER=e2e-access-key
MINIO_PASSWORD=e2e-secret-key-not-for-production
TIMEOUT=${TIMEOUT:-900}

WORK=$(mktemp -d "$ROOT/test/e2e/.work.XXXXXX")

log() { printf '\n=== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

diagnostics() {
  log "diagnostics"
  kubectl get databaseclusters,opsrequests,databasebackupstorageclasses -A -o wide || true
  kubectl get clusters.postgresql.cnpg.io,backups.postgresql.cnpg.io,objectstores.barmancloud.cnpg.io -A || true
  kubectl get pods,jobs -A || true
  kubectl -n dbaas-system logs deployment/dbaas-hooks --tail=200 || true
  kubectl -n metacontroller logs statefulset/metacontroller --tail=200 || true
}

cleanup() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then diagnostics; fi
  rm -rf "$WORK"
  if [[ "${KEEP:-0}" == "1" ]]; then
    log "KEEP=1: cluster kept (kind delete cluster --name $CLUSTER)"
  else
    kind delete cluster --name "$CLUSTER" || true
  fi
  exit "$rc"
}
trap cleanup EXIT

for tool in docker kind kubectl node; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done

# Retries a command (for webhooks that answer a little after their Deployment is Available).
retry() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if "$@"; then return 0; fi
    echo "attempt $attempt failed: $*; retrying in 10s" >&2
    sleep 10
  done
  fail "gave up: $*"
}

# Reads a manifest from stdin, checks it with `dbaas validate` (the CRD schema
# and CEL rules, offline) and applies it: the CLI and the API server must agree.
apply_validated() {
  local file
  file=$(mktemp "$WORK/manifest.XXXXXX.yaml")
  cat >"$file"
  (cd "$ROOT" && npx --no-install tsx cli/main.ts validate "$file")
  retry kubectl apply -f "$file"
}

# Waits until an OpsRequest succeeds; fails at once when it ends any other way.
wait_ops() {
  local name=$1 deadline=$((SECONDS + TIMEOUT)) phase
  while ((SECONDS < deadline)); do
    phase=$(kubectl -n "$NS" get opsrequest "$name" -o jsonpath='{.status.phase}' 2>/dev/null || true)
    case "$phase" in
      Succeeded)
        echo "OpsRequest $name succeeded"
        return 0
        ;;
      Failed | Cancelled | Aborted)
        kubectl -n "$NS" get opsrequest "$name" -o yaml >&2
        fail "OpsRequest $name ended $phase"
        ;;
    esac
    sleep 5
  done
  kubectl -n "$NS" get opsrequest "$name" -o yaml >&2
  fail "OpsRequest $name did not succeed within ${TIMEOUT}s"
}

wait_ready() {
  kubectl -n "$NS" wait --for=condition=Ready "databasecluster/$1" --timeout="${TIMEOUT}s"
}

# psql as postgres in the app database on the primary of a CloudNativePG cluster.
psql_on() {
  local cluster=$1 pod
  shift
  pod=$(kubectl -n "$NS" get pod -l "cnpg.io/cluster=$cluster,cnpg.io/instanceRole=primary" -o jsonpath='{.items[0].metadata.name}')
  [[ -n "$pod" ]] || fail "no primary pod for cluster $cluster"
  kubectl -n "$NS" exec "$pod" -c postgres -- psql -U postgres -d app -v ON_ERROR_STOP=1 -At "$@"
}

log "offline checks: dbaas validate on the PostgreSQL examples"
(cd "$ROOT" && npx --no-install tsx cli/main.ts validate examples/postgresql-seed.yaml examples/postgresql-production.yaml)

log "kind cluster $CLUSTER"
if [[ -n "$KIND_NODE_IMAGE" ]]; then
  kind create cluster --name "$CLUSTER" --image "$KIND_NODE_IMAGE" --wait 120s
else
  kind create cluster --name "$CLUSTER" --wait 120s
fi
kubectl config use-context "kind-$CLUSTER"

log "cert-manager $CERT_MANAGER_VERSION (the barman-cloud plugin needs it)"
kubectl apply -f "https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml"
kubectl -n cert-manager wait --for=condition=Available deployment --all --timeout=300s

log "CloudNativePG $CNPG_VERSION"
kubectl apply --server-side -f "https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-${CNPG_MINOR}/releases/cnpg-${CNPG_VERSION}.yaml"
kubectl -n cnpg-system rollout status deployment/cnpg-controller-manager --timeout=300s

log "barman-cloud plugin $BARMAN_CLOUD_VERSION"
retry kubectl apply -f "https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/${BARMAN_CLOUD_VERSION}/manifest.yaml"
kubectl -n cnpg-system wait --for=condition=Available deployment --all --timeout=300s

log "PodMonitor CRD (prometheus-operator $PROMETHEUS_OPERATOR_VERSION): the monitoring component makes PodMonitors children"
kubectl apply --server-side -f "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/${PROMETHEUS_OPERATOR_VERSION}/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml"

log "Metacontroller"
kubectl apply -k https://github.com/metacontroller/metacontroller/manifests/production
kubectl -n metacontroller rollout status statefulset/metacontroller --timeout=300s

log "image $IMAGE"
docker build -t "$IMAGE" "$ROOT"
kind load docker-image "$IMAGE" --name "$CLUSTER"

log "dbaas-operator: manifests/overlays/postgresql-only with image $IMAGE (hooks and runner Jobs)"
mkdir -p "$WORK/overlay"
cat >"$WORK/overlay/config.yaml" <<EOF
runnerImage: ${IMAGE}
EOF
cat >"$WORK/overlay/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../../manifests/overlays/postgresql-only
images:
  - name: ghcr.io/dbaas-operator/dbaas-operator
    newName: ${IMAGE_NAME}
    newTag: ${IMAGE_TAG}
generatorOptions:
  disableNameSuffixHash: true
configMapGenerator:
  - name: dbaas-hooks-config
    namespace: dbaas-system
    files:
      - config.yaml
patches:
  - target:
      group: apps
      version: v1
      kind: Deployment
      name: dbaas-hooks
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value: {name: DBAAS_CONFIG, value: /etc/dbaas/config.yaml}
      - op: add
        path: /spec/template/spec/containers/0/volumeMounts/-
        value: {name: config, mountPath: /etc/dbaas, readOnly: true}
      - op: add
        path: /spec/template/spec/volumes/-
        value: {name: config, configMap: {name: dbaas-hooks-config}}
EOF
kubectl apply --server-side -k "$WORK/overlay"
kubectl wait --for=condition=Established --timeout=60s \
  crd/databaseclusters.dbaas.io crd/opsrequests.dbaas.io \
  crd/databasebackupstorageclasses.backup.dbaas.io crd/databasebackups.backup.dbaas.io
kubectl -n dbaas-system rollout status deployment/dbaas-hooks --timeout=300s

log "MinIO (S3 for the backups)"
kubectl create namespace minio
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: minio
  namespace: minio
spec:
  replicas: 1
  selector:
    matchLabels: {app: minio}
  template:
    metadata:
      labels: {app: minio}
    spec:
      containers:
        - name: minio
          image: ${MINIO_IMAGE}
          args: [server, /data]
          env:
            - {name: MINIO_ROOT_USER, value: ${MINIO_USER}}
            - {name: MINIO_ROOT_PASSWORD, value: ${MINIO_PASSWORD}}
          ports:
            - containerPort: 9000
          readinessProbe:
            httpGet: {path: /minio/health/ready, port: 9000}
          volumeMounts:
            - {name: data, mountPath: /data}
      volumes:
        - name: data
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: minio
  namespace: minio
spec:
  selector: {app: minio}
  ports:
    - {port: 9000, targetPort: 9000}
EOF
kubectl -n minio rollout status deployment/minio --timeout=300s
# The bucket, made with the S3 client already in our image.
retry kubectl -n minio run make-bucket --rm -i --restart=Never --image="$IMAGE" \
  --env=AWS_ACCESS_KEY_ID="$MINIO_USER" --env=AWS_SECRET_ACCESS_KEY="$MINIO_PASSWORD" --command -- \
  node -e "const s3 = require('@aws-sdk/client-s3'); new s3.S3Client({ endpoint: 'http://minio.minio.svc:9000', region: 'us-east-1', forcePathStyle: true }).send(new s3.CreateBucketCommand({ Bucket: 'dbaas-e2e' })).then(() => console.log('bucket dbaas-e2e created'), (e) => { if (e.name === 'BucketAlreadyOwnedByYou') return; console.error(e); process.exit(1) })"

log "DatabaseBackupStorageClass and its credentials"
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: minio-credentials
  namespace: dbaas-system
  labels:
    backup.dbaas.io/credentials: "true"
type: Opaque
stringData:
  AWS_ACCESS_KEY_ID: ${MINIO_USER}
  AWS_SECRET_ACCESS_KEY: ${MINIO_PASSWORD}
EOF
apply_validated <<'EOF'
apiVersion: backup.dbaas.io/v1alpha1
kind: DatabaseBackupStorageClass
metadata:
  name: e2e-minio
spec:
  locations:
    - name: minio
      s3:
        bucket: dbaas-e2e
        prefix: e2e
        region: us-east-1
        endpoint: http://minio.minio.svc:9000
        forcePathStyle: true
        credentialsSecretRef: {name: minio-credentials, namespace: dbaas-system}
EOF
kubectl wait --for=condition=Ready databasebackupstorageclass/e2e-minio --timeout=120s

log "DatabaseCluster orders (1 instance)"
kubectl create namespace "$NS"
apply_validated <<EOF
apiVersion: dbaas.io/v1alpha1
kind: DatabaseCluster
metadata:
  name: orders
  namespace: ${NS}
spec:
  engine: postgresql
  clusterSize: 1
  storage: 1Gi
  config:
    - {name: max_connections, value: "100"}
  backup:
    storageClassName: e2e-minio
    retentionDays: 7
  deletionProtection: false
EOF
wait_ready orders

log "data written before the backup"
psql_on orders -c "CREATE TABLE e2e_marker (id int PRIMARY KEY, note text NOT NULL)" \
  -c "INSERT INTO e2e_marker VALUES (1, 'written before the backup')"

log "OpsRequest HorizontalScaling 1 -> 2"
apply_validated <<EOF
apiVersion: dbaas.io/v1alpha1
kind: OpsRequest
metadata:
  name: orders-scale-out
  namespace: ${NS}
spec:
  clusterRef: orders
  type: HorizontalScaling
  horizontalScaling:
    replicas: 2
EOF
wait_ops orders-scale-out
[[ "$(kubectl -n "$NS" get databasecluster orders -o jsonpath='{.spec.clusterSize}')" == "2" ]] || fail "spec.clusterSize is not 2 after the scale-out"
kubectl -n "$NS" wait --for=jsonpath='{.status.readyInstances}'=2 clusters.postgresql.cnpg.io/orders --timeout="${TIMEOUT}s"
wait_ready orders

log "OpsRequest Backup"
apply_validated <<EOF
apiVersion: dbaas.io/v1alpha1
kind: OpsRequest
metadata:
  name: orders-backup
  namespace: ${NS}
spec:
  clusterRef: orders
  type: Backup
  backup:
    name: orders-e2e
EOF
wait_ops orders-backup
[[ "$(kubectl -n "$NS" get backups.postgresql.cnpg.io orders-e2e -o jsonpath='{.status.phase}')" == "completed" ]] || fail "CloudNativePG Backup orders-e2e is not completed"

log "restore: DatabaseCluster orders-restored from backup orders-e2e"
apply_validated <<EOF
apiVersion: dbaas.io/v1alpha1
kind: DatabaseCluster
metadata:
  name: orders-restored
  namespace: ${NS}
spec:
  engine: postgresql
  clusterSize: 1
  storage: 1Gi
  dataSource:
    backupName: orders-e2e
  deletionProtection: false
EOF
wait_ready orders-restored

log "the data written before the backup is in the restored cluster"
note=$(psql_on orders-restored -c "SELECT note FROM e2e_marker WHERE id = 1")
[[ "$note" == "written before the backup" ]] || fail "restored cluster has '$note' instead of the row written before the backup"

log "PASS"
