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

# The shell's Java runtime, built once under app-shell/target/runtime by jlink from the JDK itself.
# GraalJS needs the Graal compiler jars from Maven (they carry Truffle's compiler support; the JDK's
# own jdk.graal.compiler module does not). Putting them on --upgrade-module-path works but turns off
# class data sharing and AOT caches, and on the plain --module-path the JDK's module of the same name
# wins. So the image leaves the JDK's jdk.graal.compiler out, and the Maven jars go on --module-path,
# which keeps the AOT cache (pj_shell_aot_cache) usable. Sets pj_java and pj_graal_flags; on a JDK
# that cannot be linked from, falls back to the JDK itself with --upgrade-module-path (no cache).
pj_shell_runtime() {
  local image="$pj_root/app-shell/target/runtime" compiler="$pj_root/app-shell/target/graal-upgrade"
  local modules="java.se,java.net.http,java.sql,jdk.unsupported,jdk.unsupported.desktop,jdk.jsobject"
  modules+=",jdk.xml.dom,jdk.accessibility,jdk.charsets,jdk.localedata,jdk.crypto.ec,jdk.crypto.cryptoki"
  modules+=",jdk.zipfs,jdk.net,jdk.naming.dns,jdk.httpserver,jdk.management,jdk.management.agent"
  modules+=",jdk.jfr,jdk.management.jfr,jdk.jdwp.agent,jdk.attach,jdk.jcmd,jdk.internal.vm.ci"
  local stamp
  stamp="$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release") $JAVA_HOME $modules"
  pj_java="$JAVA_HOME/bin/java"
  pj_graal_flags=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path="$compiler")
  if [ "$(cat "$image/pepperjack.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "pepperjack: linking the shell's Java runtime (once, ~20 s)..." >&2
    rm -rf "$image.tmp"
    if "$JAVA_HOME/bin/jlink" --add-modules "$modules" --generate-cds-archive --output "$image.tmp" \
        >"$pj_root/app-shell/target/jlink.log" 2>&1; then
      echo "$stamp" >"$image.tmp/pepperjack.stamp"
      rm -rf "$image" && mv "$image.tmp" "$image"
    else
      rm -rf "$image.tmp"
      echo "pepperjack: jlink failed (see app-shell/target/jlink.log); starting without the start-up cache." >&2
      return 0
    fi
  fi
  pj_java="$image/bin/java"
  pj_graal_flags=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --module-path="$compiler"
    --add-modules=jdk.graal.compiler,org.graalvm.truffle.compiler)
}

# An AOT cache (JDK 25, JEP 483/514) of the shell's start-up, app-shell/target/pepperjack.aot, made by
# one headless training run that opens the start page and lets its demos run; remade when the jar or
# the runtime changes. Prints the flag to use it, or nothing when it cannot be made. Needs
# pj_shell_runtime first; the arguments are the JVM flags every run of the shell uses.
pj_shell_aot_cache() {
  local jar="$1"; shift
  local cache="$pj_root/app-shell/target/pepperjack.aot"
  [ "$pj_java" != "$JAVA_HOME/bin/java" ] || return 0
  if [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ] || [ "$(dirname "$pj_java")/../pepperjack.stamp" -nt "$cache" ]; then
    echo "pepperjack: recording the start-up cache (once after each build, ~30 s)..." >&2
    local tmp="$cache.$$.tmp" shot="$pj_root/app-shell/target/aot-training.png"
    if "$pj_java" "$@" -XX:AOTCacheOutput="$tmp" -jar "$jar" --headless --screenshot "$shot" \
        --settle-ms 3000 >"$pj_root/app-shell/target/aot-training.log" 2>&1 && [ -f "$tmp" ]; then
      mv -f "$tmp" "$cache"
    else
      rm -f "$tmp"
      echo "pepperjack: could not record the start-up cache (see app-shell/target/aot-training.log)." >&2
      return 0
    fi
  fi
  echo "-XX:AOTCache=$cache"
}
