#!/usr/bin/env bash
# Installs slipstream-mktdata on this host: the built jar and launcher under /opt/slipstream-mktdata, the systemd
# units under /etc/systemd/system, the configuration under /etc/slipstream (only if absent: an existing one is never
# overwritten), and the slipstream user and group. Idempotent: run it again after every build to upgrade.
#
#   deploy/install.sh [--prefix DIR] [--dry-run] [--jar PATH] [--enable]
#
#   --prefix DIR  install under DIR instead of / (packaging, tests); skips user creation and systemctl
#   --dry-run     print what would be done, change nothing
#   --jar PATH    the shaded jar (default: mktdata-launcher/target/slipstream-mktdata.jar; build it with
#                 "mvn -B -DskipTests package -pl mktdata-launcher -am")
#   --enable      also "systemctl daemon-reload" and "systemctl enable slipstream-mktdata" (not with --prefix)
#
# Then: edit /etc/slipstream/mktdata.toml and "systemctl start slipstream-mktdata" (docs/deployment.md).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=""
dry_run=0
enable=0
jar="$repo/mktdata-launcher/target/slipstream-mktdata.jar"

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix takes a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --dry-run) dry_run=1; shift ;;
    --jar) jar="${2:?--jar takes a path}"; shift 2 ;;
    --jar=*) jar="${1#--jar=}"; shift ;;
    --enable) enable=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
prefix="${prefix%/}"

opt="$prefix/opt/slipstream-mktdata"
units="$prefix/etc/systemd/system"
etc="$prefix/etc/slipstream"
system_install=0
if [ -z "$prefix" ]; then
  system_install=1
fi

run() {
  # Prints every action; runs it unless --dry-run.
  echo "+ $*"
  if [ "$dry_run" -eq 0 ]; then
    "$@"
  fi
}

if [ ! -f "$jar" ]; then
  if [ "$dry_run" -eq 1 ]; then
    echo "note: $jar does not exist yet; a real run needs it (mvn -B -DskipTests package -pl mktdata-launcher -am)"
  else
    echo "install.sh: no jar at $jar; build it first: mvn -B -DskipTests package -pl mktdata-launcher -am" >&2
    exit 1
  fi
fi
if [ "$system_install" -eq 1 ] && [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: installing to / needs root (or use --prefix DIR / --dry-run)" >&2
  exit 1
fi

# 1. The service account: a system user with no login and no home of its own.
if [ "$system_install" -eq 1 ]; then
  if ! getent group slipstream >/dev/null; then
    run groupadd --system slipstream
  fi
  if ! getent passwd slipstream >/dev/null; then
    run useradd --system --gid slipstream --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin --comment "Slipstream market data" slipstream
  fi
fi

# 2. Program files: replaced on every run (an upgrade), owned by root, read-only to the service.
run install -d -m 0755 "$opt/bin" "$opt/bin/lib" "$opt/lib" "$opt/docs" "$opt/config"
run install -m 0644 "$jar" "$opt/lib/slipstream-mktdata.jar"
run install -m 0755 "$repo/deploy/bin/slipstream-mktdata" "$opt/bin/slipstream-mktdata"
run install -m 0644 "$repo/bin/lib/java-env.sh" "$opt/bin/lib/java-env.sh"
run install -m 0644 "$repo/docs/deployment.md" "$opt/docs/deployment.md"
# The recorder, when it was built (mvn -B -DskipTests package -pl recorder -am): same layout, its own jar.
recorder_jar="$repo/recorder/target/slipstream-recorder.jar"
if [ -f "$recorder_jar" ]; then
  run install -m 0644 "$recorder_jar" "$opt/lib/slipstream-recorder.jar"
  run install -m 0755 "$repo/deploy/bin/slipstream-recorder" "$opt/bin/slipstream-recorder"
else
  echo "note: no $recorder_jar; the recorder is not installed (build it, then run this again)"
fi
if [ -f "$repo/config/mktdata.example.toml" ]; then
  run install -m 0644 "$repo/config/mktdata.example.toml" "$opt/config/mktdata.example.toml"
fi

# 3. Units: replaced on every run; systemd picks them up on daemon-reload.
run install -d -m 0755 "$units"
run install -m 0644 "$repo/deploy/systemd/slipstream-mktdata.service" "$units/slipstream-mktdata.service"
run install -m 0644 "$repo/deploy/systemd/slipstream-recorder.service" "$units/slipstream-recorder.service"

# 4. Configuration: installed once, never overwritten (it is the operator's).
run install -d -m 0755 "$etc"
if [ -e "$etc/mktdata.toml" ]; then
  echo "keep $etc/mktdata.toml (exists; compare with $opt/config/mktdata.example.toml after upgrades)"
elif [ -f "$repo/config/mktdata.example.toml" ]; then
  run install -m 0640 "$repo/config/mktdata.example.toml" "$etc/mktdata.toml"
  if [ "$system_install" -eq 1 ]; then
    run chgrp slipstream "$etc/mktdata.toml"
  fi
else
  echo "note: no config/mktdata.example.toml in this checkout; write $etc/mktdata.toml by hand"
fi
if [ -e "$etc/recorder.toml" ]; then
  echo "keep $etc/recorder.toml (exists)"
elif [ -f "$repo/config/recorder.example.toml" ]; then
  run install -m 0640 "$repo/config/recorder.example.toml" "$etc/recorder.toml"
  if [ "$system_install" -eq 1 ]; then
    run chgrp slipstream "$etc/recorder.toml"
  fi
fi

# 5. Register with systemd.
if [ "$system_install" -eq 1 ] && command -v systemctl >/dev/null 2>&1; then
  run systemctl daemon-reload
  if [ "$enable" -eq 1 ]; then
    run systemctl enable slipstream-mktdata.service
  fi
fi

if [ "$dry_run" -eq 1 ]; then
  echo "dry run: nothing was changed"
else
  echo "installed slipstream-mktdata under ${prefix:-/}"
fi
