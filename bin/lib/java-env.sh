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

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven (mvn) is not on PATH; install it (apt-get install maven)." >&2
  exit 1
fi
