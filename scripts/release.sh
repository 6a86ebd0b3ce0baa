#!/usr/bin/env bash
# One release to one environment, in the only safe order (README "Every release"):
#   1. move the migrator's release tag to the new digest and update the job,
#   2. run the migrations (stop here if they fail: the old revision keeps serving),
#   3. move the app's release tag and apply, which deploys that digest,
#   4. check /api/ready.
# The tags ARE the record of what runs: a later plain `terraform apply` reads them
# and redeploys the same digests. Rollback = scripts/release.sh with the previous
# digests (migrations must stay backward compatible, README).
# Needs: ENVIRONMENT, REGION, PROJECT, STATE_BUCKET, APP_DIGEST, MIGRATOR_DIGEST
# (sha256:...), optional TF_VARS (extra tfvars text) and SERVICE (default chat).
set -euo pipefail
: "${ENVIRONMENT:?}" "${REGION:?}" "${PROJECT:?}" "${STATE_BUCKET:?}" "${APP_DIGEST:?}" "${MIGRATOR_DIGEST:?}"
SERVICE=${SERVICE:-chat}
REPO="$REGION-docker.pkg.dev/$PROJECT/$SERVICE"
cd "$(dirname "$0")/../terraform"

printf '%s\n' "${TF_VARS:-}" > ci.auto.tfvars
vars=(-var-file="environments/$ENVIRONMENT.tfvars" -input=false -auto-approve)

terraform init -input=false -backend-config="bucket=$STATE_BUCKET" -backend-config="prefix=$SERVICE"

gcloud artifacts docker tags add "$REPO/migrator@$MIGRATOR_DIGEST" "$REPO/migrator:$ENVIRONMENT" --quiet
terraform apply "${vars[@]}" -target=google_cloud_run_v2_job.migrate
gcloud run jobs execute "$SERVICE-migrate" --region "$REGION" --project "$PROJECT" --wait

gcloud artifacts docker tags add "$REPO/app@$APP_DIGEST" "$REPO/app:$ENVIRONMENT" --quiet
terraform apply "${vars[@]}"

url=$(terraform output -raw app_url)
curl -fsS --retry 5 --retry-delay 5 "$url/api/ready"
echo "released app@$APP_DIGEST migrator@$MIGRATOR_DIGEST to $ENVIRONMENT"
