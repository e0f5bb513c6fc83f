#!/usr/bin/env bash
# Local stand-ins for the official docker.io/library/redis:7 and docker.io/library/haproxy:2.6 images, which cannot be
# pulled here (no container registry is reachable). Each is the aspnet stand-in (Debian bookworm, made by
# ../shared/tools/container-standins.sh setup, which this runs first) with Debian's package installed through apt, and
# the official image's user, working directory, command and stop signal, so deploy/compose/compose.yaml runs unchanged.
# An image that exists already is kept (built once, cached by its tag). Needs root. Usage: bash tests/compose/standins.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly standins=${CONTAINER_STANDINS:-../shared/tools/container-standins.sh}
readonly base=mcr.microsoft.com/dotnet/aspnet:10.0

podman() { bash "$standins" podman "$@"; }

# build_standin TAG CONTAINERFILE: builds TAG from the Containerfile text unless TAG exists.
build_standin() {
  local tag=$1 containerfile=$2
  if podman image exists "$tag"; then
    echo "compose stand-ins: ${tag} present"
    return 0
  fi
  echo "compose stand-ins: building ${tag}"
  local context
  context=$(mktemp -d)
  printf '%s\n' "$containerfile" > "$context/Containerfile"
  podman build --pull=never --network host -t "$tag" "$context"
  rm -rf "$context"
}

bash "$standins" setup

# policy-rc.d keeps the packages' scripts from starting the daemons during the build.
build_standin docker.io/library/redis:7 "FROM ${base}
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d && mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
EXPOSE 6379
CMD [\"redis-server\"]"

build_standin docker.io/library/haproxy:2.6 "FROM ${base}
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d && mkdir -p /usr/local/etc/haproxy /var/lib/haproxy
USER haproxy
STOPSIGNAL SIGUSR1
CMD [\"haproxy\", \"-W\", \"-db\", \"-f\", \"/usr/local/etc/haproxy/haproxy.cfg\"]"
