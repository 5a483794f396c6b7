import { GITOPS_TOKEN_SECRET, IMAGE_TAG_PREFIX, IMAGE_TAG_SHA_LENGTH } from '../project/constants';

/**
 * The scripts of the update-gitops job. They read everything from environment variables, so no
 * value (secret or not) is ever interpolated into a `run:` line, and tests run them unchanged.
 */

/**
 * kustomize, if the runner image lacks it: the release archive, held to its published SHA-256
 * (linux/amd64, the runner's platform) before anything in it runs.
 */
export const KUSTOMIZE_RELEASE = {
  version: 'v5.8.2',
  sha256: '06af0a202c2b831207d0173f9c9cdb1b30abceca0747cb3fbb72792d26055c95',
} as const;

/** Uses the runner's kustomize (GitHub's images ship one), else installs the pinned release. Env: KUSTOMIZE_VERSION, KUSTOMIZE_SHA256. */
export const SET_UP_KUSTOMIZE_SCRIPT = `if command -v kustomize >/dev/null; then
  echo "kustomize $(kustomize version) from the runner image"
  exit 0
fi
archive="$RUNNER_TEMP/kustomize.tar.gz"
curl --fail --silent --show-error --location --retry 3 --output "$archive" \\
  "https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2F$KUSTOMIZE_VERSION/kustomize_\${KUSTOMIZE_VERSION}_linux_amd64.tar.gz"
echo "$KUSTOMIZE_SHA256  $archive" | sha256sum --check --strict
mkdir -p "$RUNNER_TEMP/kustomize"
tar --extract --gzip --file "$archive" --directory "$RUNNER_TEMP/kustomize" kustomize
echo "$RUNNER_TEMP/kustomize" >> "$GITHUB_PATH"`;

/** Fails early, with the fix in the message, when neither credential for the GitOps repository is set. */
export const CHECK_GITOPS_TOKEN_SCRIPT = `if [ -z "$GITOPS_TOKEN" ]; then
  echo "::error title=No GitOps credentials::Add the ${GITOPS_TOKEN_SECRET} secret (contents: write on $GITOPS_REPOSITORY) to this job's environment, or the GITOPS_APP_CLIENT_ID variable and GITOPS_APP_PRIVATE_KEY secret of a GitHub App installed there."
  exit 1
fi`;

/** How many times the update job tries to push before it gives up. */
const PUSH_ATTEMPTS = 5;

/**
 * Runs in the GitOps checkout. Env: APP_DIR, IMAGE_UPDATER_FILE, IMAGE, TAG, DIGEST,
 * GITOPS_REPOSITORY, GITOPS_BRANCH, GITOPS_TOKEN (and the runner's GITHUB_REPOSITORY, GITHUB_SHA).
 * `kustomize edit` writes the image (tag and digest: the pods run exactly the image built) and
 * the version label; the portal writes kustomization.yaml in kustomize's own layout, so only
 * those lines change.
 */
export const UPDATE_GITOPS_SCRIPT = `kustomization="$APP_DIR/kustomization.yaml"
if [ ! -f "$kustomization" ]; then
  echo "::notice title=GitOps update skipped::$APP_DIR is not in $GITOPS_REPOSITORY yet: the portal adds it, with this image, after this first run."
  exit 0
fi
if [ -f "$IMAGE_UPDATER_FILE" ]; then
  # Image Updater writes the image in that mode; a second writer would race it.
  echo "::notice title=GitOps update skipped::Argo CD Image Updater sets the image of $APP_DIR ($IMAGE_UPDATER_FILE)."
  exit 0
fi
if [[ ! "$TAG" =~ ^${IMAGE_TAG_PREFIX}[0-9a-f]{${IMAGE_TAG_SHA_LENGTH}}$ ]] || [[ ! "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "::error title=Not deploying::expected the tag ${IMAGE_TAG_PREFIX}<${IMAGE_TAG_SHA_LENGTH} hex digits> and a sha256 digest from the build, got '$TAG' and '$DIGEST'."
  exit 1
fi

(cd "$APP_DIR" && kustomize edit set image "$IMAGE:$TAG@$DIGEST" && kustomize edit add label "app.kubernetes.io/version:$TAG" --without-selector --force)
if git diff --quiet -- "$kustomization"; then
  echo "::notice title=Already deployed::$kustomization already sets $IMAGE to $TAG@$DIGEST."
  exit 0
fi

git config user.name 'github-actions[bot]'
git config user.email '41898282+github-actions[bot]@users.noreply.github.com'
# The token reaches git from this step's environment through a credential helper: never in a
# remote URL, a command line or a file. The single quotes are deliberate: git's shell expands it.
# shellcheck disable=SC2016
git config credential.helper '!f() { test "$1" = get && printf "username=x-access-token\\npassword=%s\\n" "$GITOPS_TOKEN"; }; f'
git commit --quiet -m "deploy: $APP_DIR to $TAG [skip ci]" -m "Image $IMAGE:$TAG@$DIGEST built from $GITHUB_REPOSITORY@$GITHUB_SHA." -- "$kustomization"

for attempt in $(seq ${PUSH_ATTEMPTS}); do
  if git push origin "HEAD:refs/heads/$GITOPS_BRANCH"; then
    echo "Pushed $IMAGE:$TAG@$DIGEST to $GITOPS_REPOSITORY ($kustomization)."
    exit 0
  fi
  # Someone pushed in between: replay our commit on top of theirs (keeping both), then retry.
  sleep $((attempt + RANDOM % 3))
  git fetch --quiet origin "+refs/heads/$GITOPS_BRANCH:refs/remotes/origin/$GITOPS_BRANCH"
  if ! git rebase --quiet "origin/$GITOPS_BRANCH"; then
    git rebase --abort
    echo "::error title=GitOps conflict::$kustomization was changed at the same place by someone else; set the image by hand."
    exit 1
  fi
done
echo "::error title=GitOps push failed::Could not push to $GITOPS_REPOSITORY after ${PUSH_ATTEMPTS} attempts."
exit 1`;
