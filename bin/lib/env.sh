# Shared set-up for bin/pepperjack and bin/test: finds JDK 25, installs what is missing.
# Sourced, not run. Everything it installs comes from Debian's packages or Maven Central.

pj_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

pj_die() {
  echo "pepperjack: $*" >&2
  exit 1
}

# JDK 25: JAVA_HOME if it is 25 or newer, else the newest /usr/lib/jvm/*25* (Temurin's package name).
pj_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25* /usr/lib/jvm/*25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  pj_die "JDK 25 not found. Set JAVA_HOME to a JDK 25 (Pepperjack is tested with Temurin 25 at
  /usr/lib/jvm/temurin-25-jdk-amd64; Debian 12's own packages stop at OpenJDK 17)."
}

# Installs the Debian packages given that are not installed yet; apt-get update runs at most once.
pj_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    pj_die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
  echo "pepperjack: installing ${missing[*]} (apt)" >&2
  if [ -z "${PJ_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || pj_die "apt-get update failed"
    export PJ_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || pj_die "apt-get install ${missing[*]} failed"
}

# The build's own needs: Maven, and a C toolchain for native modules and their sandbox tests.
pj_build_tools() {
  pj_apt maven gcc make libc6-dev
  pj_find_jdk
}
