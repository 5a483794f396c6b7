// Command imageupdater-parse runs Argo CD Image Updater v1.3.0's own code on an ImageUpdater
// resource we generate: the controller's selection and settings parsing
// (argocd.FilterApplicationsForUpdate: application refs, images, update strategy, allowed tags,
// pull secret, git write-back method, target and credentials source), then one dry-run update
// cycle (argocd.UpdateApplication) against a stand-in registry that lists tags, reading the pull
// secret from a stand-in cluster. It prints what Image Updater understood and exits 1 on any error.
//
// Usage: imageupdater-parse IMAGEUPDATER.yaml APP_IMAGE_WITH_TAG PULL_SECRET_NAMESPACE/NAME REPO_URL
package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"time"

	iuapi "github.com/argoproj-labs/argocd-image-updater/api/v1alpha1"
	"github.com/argoproj-labs/argocd-image-updater/pkg/argocd"
	"github.com/argoproj-labs/argocd-image-updater/pkg/kube"
	registrykube "github.com/argoproj-labs/argocd-image-updater/registry-scanner/pkg/kube"
	"github.com/argoproj-labs/argocd-image-updater/registry-scanner/pkg/options"
	"github.com/argoproj-labs/argocd-image-updater/registry-scanner/pkg/registry"
	"github.com/argoproj-labs/argocd-image-updater/registry-scanner/pkg/tag"
	argocdapi "github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	"github.com/distribution/distribution/v3"
	"github.com/opencontainers/go-digest"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8sfake "k8s.io/client-go/kubernetes/fake"
	ctrlfake "sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/yaml"
)

// registryStandIn lists tags and dates them; newest-build needs each tag's creation time.
type registryStandIn struct{ created map[string]time.Time }

func (r *registryStandIn) NewRepository(context.Context, string) error { return nil }
func (r *registryStandIn) Tags(context.Context) ([]string, error) {
	tags := []string{}
	for name := range r.created {
		tags = append(tags, name)
	}
	return tags, nil
}
func (r *registryStandIn) ManifestForTag(_ context.Context, name string) (distribution.Manifest, error) {
	return manifest{name}, nil
}
func (r *registryStandIn) ManifestForDigest(context.Context, digest.Digest) (distribution.Manifest, error) {
	return nil, fmt.Errorf("not used")
}
func (r *registryStandIn) TagMetadata(_ context.Context, m distribution.Manifest, _ *options.ManifestOptions) (*tag.TagInfo, error) {
	name := m.(manifest).tag
	return &tag.TagInfo{CreatedAt: r.created[name], Digest: [32]byte{byte(len(name))}}, nil
}
func (r *registryStandIn) Referrers(context.Context, digest.Digest) ([]distribution.Descriptor, error) {
	return nil, nil
}
func (r *registryStandIn) BlobContent(context.Context, digest.Digest) ([]byte, error) { return nil, nil }

type manifest struct{ tag string }

func (m manifest) References() []distribution.Descriptor { return nil }
func (m manifest) Payload() (string, []byte, error)     { return "application/vnd.oci.image.manifest.v1+json", []byte("{}"), nil }

func main() {
	if len(os.Args) != 5 {
		fail("usage: imageupdater-parse IMAGEUPDATER.yaml IMAGE:TAG PULL_SECRET_NAMESPACE/NAME REPO_URL")
	}
	raw, err := os.ReadFile(os.Args[1])
	check(err)
	cr := &iuapi.ImageUpdater{}
	check(yaml.UnmarshalStrict(raw, cr))
	live, secretRef, repoURL := os.Args[2], os.Args[3], os.Args[4]
	appName := cr.Spec.ApplicationRefs[0].NamePattern
	ctx := context.Background()

	// The Application the ApplicationSet makes for apps/<app>, running the image CI deployed.
	app := &argocdapi.Application{
		ObjectMeta: metav1.ObjectMeta{Name: appName, Namespace: cr.Namespace},
		Spec: argocdapi.ApplicationSpec{
			Project: "dev-portal-apps",
			Source:  &argocdapi.ApplicationSource{RepoURL: repoURL, Path: "apps/" + appName, TargetRevision: "HEAD"},
		},
		Status: argocdapi.ApplicationStatus{
			SourceType: argocdapi.ApplicationSourceTypeKustomize,
			Summary:    argocdapi.ApplicationSummary{Images: []string{live}},
		},
	}
	scheme := runtime.NewScheme()
	check(argocdapi.AddToScheme(scheme))
	ctrlClient, err := argocd.NewArgoCDK8sClient(ctrlfake.NewClientBuilder().WithScheme(scheme).WithObjects(app).Build())
	check(err)

	// The registry credentials, as `kubectl create secret docker-registry` writes them in Argo CD's namespace.
	namespace, name, _ := strings.Cut(secretRef, "/")
	host := strings.SplitN(live, "/", 2)[0]
	auth := base64.StdEncoding.EncodeToString([]byte("bot:token"))
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
		Type:       corev1.SecretTypeDockerConfigJson,
		Data: map[string][]byte{".dockerconfigjson": []byte(fmt.Sprintf(
			`{"auths":{%q:{"username":"bot","password":"token","auth":%q}}}`, host, auth))},
	}
	kubeClient := &kube.ImageUpdaterKubernetesClient{
		KubeClient: registrykube.NewKubernetesClient(ctx, k8sfake.NewSimpleClientset(secret), cr.Namespace),
	}

	apps, err := argocd.FilterApplicationsForUpdate(ctx, ctrlClient, kubeClient, nil, cr, nil)
	check(err)
	if len(apps) != 1 {
		fail("Image Updater selected %d applications, expected 1 (%s)", len(apps), appName)
	}
	for key, images := range apps {
		fmt.Printf("application %s\n", key)
		for _, img := range images.Images {
			fmt.Printf("  image %s strategy=%s allowTags=%s pullSecret=%s\n", img.GetFullNameWithoutTag(), img.UpdateStrategy.String(), img.AllowTags, img.PullSecret)
		}
		wbc := images.WriteBackConfig
		fmt.Printf("  write-back method=%v branch=%q kustomizeBase=%q credentials=%v\n", wbc.Method, wbc.GitBranch, wbc.KustomizeBase, wbc.GetCreds != nil)
		if wbc.Method != argocd.WriteBackGit || wbc.KustomizeBase == "" || wbc.GetCreds == nil {
			fail("write-back is not git to the app's kustomization with credentials")
		}

		// One dry-run cycle: list tags, pick the newest allowed one, read the pull secret.
		now := time.Now()
		standIn := &registryStandIn{created: map[string]time.Time{
			strings.SplitN(live, ":", 3)[len(strings.SplitN(live, ":", 3))-1]: now.Add(-2 * time.Hour),
			"sha-abcdef1": now.Add(-time.Hour),
			"main":        now,
			"latest":      now,
		}}
		var usedUser string
		result := argocd.UpdateApplication(ctx, &argocd.UpdateConfiguration{
			NewRegFN: func(_ *registry.RegistryEndpoint, username, _ string) (registry.RegistryClient, error) {
				usedUser = username
				return standIn, nil
			},
			KubeClient: kubeClient,
			UpdateApp:  &images,
			DryRun:     true,
		}, argocd.NewSyncIterationState())
		fmt.Printf("  dry run: considered=%d updated=%d skipped=%d errors=%d registryUser=%q\n", result.NumImagesConsidered, result.NumImagesUpdated, result.NumSkipped, result.NumErrors, usedUser)
		for _, change := range result.Changes {
			fmt.Printf("  change %s -> %s\n", change.OldTag.TagName, change.NewTag.TagName)
		}
		if result.NumErrors != 0 || result.NumImagesUpdated != 1 {
			fail("Image Updater did not update the image cleanly")
		}
	}
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
