//go:build tools

// Package tools pins the Kubernetes commands that control-plane.sh builds, so that go.sum
// covers everything their builds need.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
