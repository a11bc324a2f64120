# Sourced by ./rescind: the JDK 25 ahead-of-time cache (JEP 483, 514) of the packaged server (README, "Start time").
#
# A cache is bound to what it was made from: the jar (its path, time and size), the jars of its Class-Path (lib/), the
# JDK (its release file and its libjvm) and RESCIND_JAVA_OPTS. Its name carries a checksum of all of them, so a cache
# of another build or JDK is never used: the JVM can crash on a cache made for another jar.
#
# The first `serve` that finds no cache trains one: it runs with -XX:AOTCacheOutput, and when it stops (SIGTERM,
# Ctrl-C) the JVM writes the cache, under a temporary name the launcher renames once the JVM is gone, so no start ever
# maps a half-written cache. Later starts, `serve` and the admin commands, use it (-XX:AOTCache). Anything that stands
# in the way (no stat, a read-only folder, another training running) means a start without a cache, never a failure.
# RESCIND_AOT=off turns it all off; AOT or CDS options in RESCIND_JAVA_OPTS win over this.

# The checksum that names the cache of jar $1 for this JDK and these options; fails when it cannot be computed.
rescind_aot_key() {
  local jar="$1"
  {
    echo "${RESCIND_JAVA_OPTS:-}"
    cat "$JAVA_HOME/release"
    stat -L -c '%n %Y %s' "$JAVA_HOME/lib/server/libjvm.so" "$jar" "$(dirname "$jar")"/lib/*.jar
  } 2>/dev/null | cksum | cut -d' ' -f1
}

# Sets rescind_aot_options (the JVM options that use the cache) or rescind_aot_training (the cache file this start
# should train), or neither, for jar $1 and the command line after it ("serve --port 8080 ...").
rescind_aot_prepare() {
  local jar="$1" command="${2:-}" dir key cache
  rescind_aot_options=()
  rescind_aot_training=""
  [ "${RESCIND_AOT:-on}" = off ] && return 0
  case " ${RESCIND_JAVA_OPTS:-} " in *AOTCache* | *AOTMode* | *SharedArchiveFile* | *Xshare*) return 0 ;; esac
  dir="$(dirname "$jar")/aot"
  key=$(set -o pipefail; rescind_aot_key "$jar") || return 0
  cache="$dir/rescind-server-$key.aot"
  if [ -s "$cache" ]; then
    # JDK 25 warns on standard output about classes it cannot link from the cache (it runs on without them).
    rescind_aot_options=("-XX:AOTCache=$cache" "-Xlog:aot*=off")
    return 0
  fi
  [ "$command" = serve ] || return 0
  case " ${*:3} " in *" --help "* | *" -h "* | *" --version "* | *" -V "*) return 0 ;; esac # prints and exits
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  rescind_aot_lock "$cache.lock" || return 0
  rescind_aot_training="$cache"
}

# Takes the training lock $1 for this process (its pid, which exec and the JVM keep); one left by a dead one is taken over.
rescind_aot_lock() {
  local lock="$1" holder
  (set -C; echo $$ >"$lock") 2>/dev/null && return 0
  holder=$(cat "$lock" 2>/dev/null) || return 1
  [ -n "$holder" ] && kill -0 "$holder" 2>/dev/null && return 1
  rm -f "$lock"
  (set -C; echo $$ >"$lock") 2>/dev/null
}

# Runs the server ("$@" is the java command without its AOT options) training the cache $rescind_aot_training, passes
# SIGTERM, SIGINT and SIGHUP on to it, and exits with the JVM's status. The cache is published once the JVM is gone,
# if the server stopped as a server does (status 0, or 130 and 143 after SIGINT and SIGTERM): one that failed to start
# (a usage error, a bad config, a port taken) trained on nothing worth keeping.
rescind_aot_train() {
  local cache="$rescind_aot_training" pid status
  local output="$cache.$$.tmp"
  "$1" "-XX:AOTCacheOutput=$output" "-Xlog:aot*=off" "${@:2}" &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  while :; do
    status=0
    wait "$pid" || status=$?
    kill -0 "$pid" 2>/dev/null || break # a signal interrupted the wait: wait again until the JVM is gone
  done
  trap - TERM INT HUP
  if [ -s "$output" ] && { [ "$status" -eq 0 ] || [ "$status" -eq 130 ] || [ "$status" -eq 143 ]; }; then
    find "$(dirname "$cache")" -maxdepth 1 -name 'rescind-server-*.aot' ! -name "$(basename "$cache")" -delete 2>/dev/null || true
    mv -f "$output" "$cache" 2>/dev/null || true
  fi
  rm -f "$output" "$output.config" "$cache.lock"
  exit "$status"
}
