# Sourced by the bin/ scripts: finds a JDK >= 21 (the machine's default java may be 17) and exports
# JAVA_HOME and PATH for it. Order: $JAVA_HOME if it is >= 21, else the newest JDK under /usr/lib/jvm.
# shellcheck shell=bash

slipstream_java_major() {
  # Prints the feature version of the JDK at $1 (17, 21, 25, ...) or nothing.
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

slipstream_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(slipstream_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    major=$(slipstream_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

SLIPSTREAM_JDK=$(slipstream_find_jdk) || true
if [ -z "${SLIPSTREAM_JDK:-}" ]; then
  echo "error: no JDK >= 21 found (looked at JAVA_HOME=${JAVA_HOME:-<unset>} and /usr/lib/jvm/*)." >&2
  echo "       Install one (e.g. apt-get install temurin-25-jdk or openjdk-21-jdk) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$SLIPSTREAM_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
SLIPSTREAM_JAVA_MAJOR=$(slipstream_java_major "$JAVA_HOME")
export SLIPSTREAM_JAVA_MAJOR

# Maven 3.8's own Guava calls sun.misc.Unsafe; on JDK 24+ that prints a warning on every build. The flag
# only affects Maven's JVM, never the code under test (Surefire forks its own JVM with "deny" on JDK 23+).
if [ "$SLIPSTREAM_JAVA_MAJOR" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi

# Flags for running the project's own JVMs quietly on any JDK >= 21.
SLIPSTREAM_JVM_FLAGS=""
if [ "$SLIPSTREAM_JAVA_MAJOR" -ge 22 ]; then
  SLIPSTREAM_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
fi
export SLIPSTREAM_JVM_FLAGS

slipstream_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "error: Maven (mvn) is not on PATH; install it (apt-get install maven)." >&2
    exit 1
  fi
}

# Builds the modules given as arguments (with what they depend on) when a jar is missing or older than any
# source or POM, so the bin/ scripts work from a fresh clone and after a pull.
slipstream_build_if_stale() {
  local jar="$1"; shift
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  if [ ! -f "$root/$jar" ] || [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$root/$jar" -print -quit)" ]; then
    slipstream_require_maven
    echo "building $jar ..." >&2
    (cd "$root" && mvn -B -q -ntp -DskipTests package -pl "$(IFS=,; echo "$*")" -am) >&2 || {
      echo "error: build failed; run 'mvn -B package -pl $* -am' to see why." >&2
      exit 1
    }
  fi
}
