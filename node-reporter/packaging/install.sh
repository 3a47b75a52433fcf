#!/usr/bin/env bash
# Installs the wg-roam node agent on a node: the jar, the apply command SSM runs, the config file
# (kept if present) and the systemd unit. Run as root from a directory holding wg-roam-agent.jar
# and this packaging directory:  sudo ./install.sh /path/to/wg-roam-agent.jar
set -euo pipefail

jar=${1:?usage: install.sh /path/to/wg-roam-agent.jar}
here=$(cd "$(dirname "$0")" && pwd)
min_ssm_agent=3.3.2746.0

die() { echo "install.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root"
[ -f "$jar" ] || die "no such jar: $jar"
command -v wg >/dev/null || die "wireguard-tools (wg) is not installed"
command -v ip >/dev/null || die "iproute2 (ip) is not installed"

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ -n "$java_major" ] && [ "$java_major" -ge 21 ] || die "java 21 or newer is required (found: ${java_major:-none}); e.g. dnf install java-21-amazon-corretto-headless"

# The SSM document passes the route update with interpolationType ENV_VAR; an older agent would
# ignore that and paste the value into the command text instead.
ssm_version=$( (amazon-ssm-agent -version 2>/dev/null || snap run amazon-ssm-agent -version 2>/dev/null || true) \
  | grep -Eo '[0-9]+(\.[0-9]+){3}' | head -n1)
[ -n "$ssm_version" ] || die "SSM Agent not found; install amazon-ssm-agent $min_ssm_agent or newer"
lowest=$(printf '%s\n%s\n' "$ssm_version" "$min_ssm_agent" | sort -V | head -n1)
[ "$lowest" = "$min_ssm_agent" ] || die "SSM Agent $ssm_version is older than $min_ssm_agent (needed for interpolationType ENV_VAR); update it first"

install -d -m 0755 /opt/wg-roam /etc/wg-roam
install -m 0644 "$jar" /opt/wg-roam/wg-roam-agent.jar
install -m 0755 "$here/wg-roam-apply" /usr/local/bin/wg-roam-apply
if [ ! -f /etc/wg-roam/agent.properties ]; then
  install -m 0640 "$here/agent.properties.example" /etc/wg-roam/agent.properties
  echo "install.sh: wrote /etc/wg-roam/agent.properties from the example; edit node.name, backbone.address, backbone.endpoint, then approve the node (wg-roam node approve)"
fi
install -m 0644 "$here/wg-roam-agent.service" /etc/systemd/system/wg-roam-agent.service
systemctl daemon-reload
systemctl enable --now wg-roam-agent.service
systemctl --no-pager --lines=5 status wg-roam-agent.service || true
