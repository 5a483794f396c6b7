// Command imageupdater-check decodes the ImageUpdater resources we generate into the Go API types of the
// Argo CD Image Updater controller, rejecting unknown fields. Built-in kinds are checked against
// the Kubernetes JSON schemas instead; the Kubernetes schemas do not know this custom kind.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	imageupdater "github.com/argoproj-labs/argocd-image-updater/api/v1alpha1"
	"sigs.k8s.io/yaml"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	for i, doc := range bytes.Split(input, []byte("\n---\n")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var meta struct{ APIVersion, Kind string }
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			fail("document %d: %v", i, err)
		}
		var target any
		switch meta.APIVersion + " " + meta.Kind {
		case "argocd-image-updater.argoproj.io/v1alpha1 ImageUpdater":
			target = &imageupdater.ImageUpdater{}
		default:
			fail("document %d: no Go type for %s %s", i, meta.APIVersion, meta.Kind)
		}
		if err := yaml.UnmarshalStrict(doc, target); err != nil {
			fail("document %d (%s): %v", i, meta.Kind, err)
		}
		fmt.Printf("ok %s\n", meta.Kind)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
