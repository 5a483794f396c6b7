//go:build tools

// Package tools pins etcd's server (its main package is the module root), so that go.sum covers
// what control-plane.sh builds.
package tools

import _ "go.etcd.io/etcd/server/v3"
