import { GITOPS_TOKEN_SECRET, IMAGE_TAG_PREFIX, IMAGE_TAG_SHA_LENGTH } from '../project/constants';

/**
 * The scripts of the update-gitops job. They read everything from environment variables, so no
 * value (secret or not) is ever interpolated into a `run:` line, and tests run them unchanged.
 */

/**
 * Sets `images[].newTag` of $IMAGE in $KUSTOMIZATION and changes nothing else in the file.
 *
 * Why a text edit in stdlib Python: a YAML library (or yq, whose output depends on the runner
 * image's yq version) re-emits the whole document, losing comments, quotes or indentation, and the
 * runner's python3 has no YAML library without an install. So this edits the one value in place
 * and refuses, with an error, any layout it does not understand instead of guessing.
 */
const SET_IMAGE_TAG_PY = String.raw`# Edits the one value in place so comments and layout stay: the runner's python3 has no YAML
# library, and yq re-emits the whole file. Anything it does not understand is refused.
import json
import os
import re
import sys

path, image, tag = os.environ["KUSTOMIZATION"], os.environ["IMAGE"], os.environ["TAG"]


def fail(message):
    print(f"::error file={path}::{message}")
    sys.exit(1)


if not re.fullmatch(r"${IMAGE_TAG_PREFIX}[0-9a-f]{${IMAGE_TAG_SHA_LENGTH}}", tag):
    fail(f"refusing to deploy the tag {tag!r}: expected ${IMAGE_TAG_PREFIX} and ${IMAGE_TAG_SHA_LENGTH} hex digits")

SCALAR = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^\s\"'#]\S*"
KEY_VALUE = re.compile(rf"(?P<key>[A-Za-z]+):(?:[ \t]+(?P<value>{SCALAR}))?(?:[ \t]+#.*)?[ \t]*$")
ITEM = re.compile(r"( *)-[ \t]+(\S.*)$")


def unquote(value):
    if value.startswith('"'):
        return json.loads(value)
    if value.startswith("'"):
        return value[1:-1].replace("''", "'")
    return value


with open(path, encoding="utf-8", newline="") as file:
    lines = file.read().splitlines(keepends=True)

start = next((n for n, line in enumerate(lines) if re.match(r"images:[ \t]*(#.*)?$", line.rstrip("\r\n"))), None)
if start is None:
    fail("no block list 'images:' at the top level")

entries = []  # one per list item: {key: (line number, match)}
item_indent = key_indent = None
for number in range(start + 1, len(lines)):
    text = lines[number].rstrip("\r\n")
    if not text.strip() or text.lstrip().startswith("#"):
        continue
    indent = len(text) - len(text.lstrip(" "))
    item = ITEM.match(text)
    if item and item_indent in (None, indent):
        item_indent, key_indent = indent, item.start(2)
        entries.append({})
    elif item_indent is None or indent <= item_indent:
        break  # the next top-level key: the list has ended
    elif indent != key_indent:
        continue  # nested deeper than an entry's own keys
    field = KEY_VALUE.match(text, key_indent)
    if field:
        entries[-1][field["key"]] = (number, field)

matches = [e for e in entries if e.get("name") and e["name"][1]["value"] and unquote(e["name"][1]["value"]) == image]
if len(matches) != 1:
    fail(f"expected one images[] entry named {image}, found {len(matches)}")
entry = matches[0]
if "digest" in entry:
    fail(f"the images[] entry of {image} pins a digest, which kustomize deploys instead of newTag")

if "newTag" in entry:
    number, field = entry["newTag"]
    text, old = lines[number], field["value"]
    if old is None:  # "newTag:" with no value
        at = field.end("key") + 1
        lines[number] = f"{text[:at]} {tag}{text[at:]}"
    else:
        quote = old[0] if old[0] in "'\"" else ""
        lines[number] = f"{text[:field.start('value')]}{quote}{tag}{quote}{text[field.end('value'):]}"
else:
    number, field = entry["name"]
    newline = "\r\n" if lines[number].endswith("\r\n") else "\n"
    lines[number] = lines[number].rstrip("\r\n") + newline
    lines.insert(number + 1, " " * field.start("key") + f"newTag: {tag}{newline}")

with open(path, "w", encoding="utf-8", newline="") as file:
    file.write("".join(lines))
print(f"{path}: {image} -> {tag}")`;

/** Fails early, with the fix in the message, when neither credential for the GitOps repository is set. */
export const CHECK_GITOPS_TOKEN_SCRIPT = `if [ -z "$GITOPS_TOKEN" ]; then
  echo "::error title=No GitOps credentials::Add the ${GITOPS_TOKEN_SECRET} secret (contents: write on $GITOPS_REPOSITORY), or the GITOPS_APP_CLIENT_ID variable and GITOPS_APP_PRIVATE_KEY secret of a GitHub App installed there."
  exit 1
fi`;

/** How many times the update job tries to push before it gives up. */
const PUSH_ATTEMPTS = 5;

/**
 * Runs in the GitOps checkout. Env: APP_DIR, IMAGE, TAG, GITOPS_REPOSITORY, GITOPS_BRANCH,
 * GITOPS_TOKEN (and the runner's GITHUB_REPOSITORY, GITHUB_SHA).
 */
export const UPDATE_GITOPS_SCRIPT = `kustomization="$APP_DIR/kustomization.yaml"
if [ ! -f "$kustomization" ]; then
  echo "::notice title=GitOps update skipped::$APP_DIR is not in $GITOPS_REPOSITORY yet: the portal adds it, with this image, after this first run."
  exit 0
fi
if [ -f "$APP_DIR/image-updater.yaml" ]; then
  # Image Updater writes newTag in that mode; a second writer would race it.
  echo "::notice title=GitOps update skipped::Argo CD Image Updater sets the image tag of $APP_DIR."
  exit 0
fi

KUSTOMIZATION="$kustomization" python3 - <<'PY'
${SET_IMAGE_TAG_PY}
PY
if git diff --quiet -- "$kustomization"; then
  echo "::notice title=Already deployed::$kustomization already sets $IMAGE to $TAG."
  exit 0
fi

git config user.name 'github-actions[bot]'
git config user.email '41898282+github-actions[bot]@users.noreply.github.com'
# The token reaches git from this step's environment through a credential helper: never in a
# remote URL, a command line or a file. The single quotes are deliberate: git's shell expands it.
# shellcheck disable=SC2016
git config credential.helper '!f() { test "$1" = get && printf "username=x-access-token\\npassword=%s\\n" "$GITOPS_TOKEN"; }; f'
git commit --quiet -m "deploy: $APP_DIR to $TAG [skip ci]" -m "Image $IMAGE:$TAG built from $GITHUB_REPOSITORY@$GITHUB_SHA." -- "$kustomization"

for attempt in $(seq ${PUSH_ATTEMPTS}); do
  if git push origin "HEAD:refs/heads/$GITOPS_BRANCH"; then
    echo "Pushed $IMAGE:$TAG to $GITOPS_REPOSITORY ($kustomization)."
    exit 0
  fi
  # Someone pushed in between: replay our commit on top of theirs (keeping both), then retry.
  sleep $((attempt + RANDOM % 3))
  git fetch --quiet origin "+refs/heads/$GITOPS_BRANCH:refs/remotes/origin/$GITOPS_BRANCH"
  if ! git rebase --quiet "origin/$GITOPS_BRANCH"; then
    git rebase --abort
    echo "::error title=GitOps conflict::$kustomization was changed at the same place by someone else; set the tag by hand."
    exit 1
  fi
done
echo "::error title=GitOps push failed::Could not push to $GITOPS_REPOSITORY after ${PUSH_ATTEMPTS} attempts."
exit 1`;
