#!/usr/bin/env bash
# Renders helm/ikebana with deploy/manifests-values.yaml into deploy/kubernetes/ikebana.yaml
# (release "ikebana", namespace "ikebana"). Uses the chart engine embedded in the test classpath
# (helm-java), so no helm binary is needed; the test io.ikebana.deploy.ManifestsTest fails when
# the committed file is not what this script would write.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -q test -Dtest=io.ikebana.deploy.ManifestsTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dikebana.updateManifests=true
