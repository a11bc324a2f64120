# Sourced by ./rescind and .ci/run: sets JAVA_HOME to a JDK 25 or newer found on this machine.
# Looks at $JAVA_HOME, the java on PATH, then the usual install folders (Debian/Ubuntu, Fedora, macOS, SDKMAN).

rescind_java_major() {
  local home="$1" version
  [ -x "$home/bin/java" ] || return 1
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "${version:-}" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  fi
  version=${version%%.*}
  [ -n "$version" ] && echo "$version"
}

rescind_find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)")")")
  fi
  for home in /usr/lib/jvm/* /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    major=$(rescind_java_major "$home") || continue
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ -x "$home/bin/javac" ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(rescind_find_jdk); then
  echo "rescind: no JDK 25 or newer found; install one (e.g. Temurin 25) or set JAVA_HOME to it" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
