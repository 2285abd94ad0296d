#!/usr/bin/env bash
# Runs every test suite: the .NET suites of Forge.slnx (SQLite and a throwaway PostgreSQL cluster; the forge command
# line's suite, tests/Forge.Cli.Tests, and the portal's browser suite, tests/Forge.Portal.Tests, among them) and the
# official AWS SDK for JavaScript suite against a freshly started local cloud.
# Needs only what a fresh machine has: the .NET SDK, Node.js with npm, and the PostgreSQL binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
artifacts="$root/.test-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# The document tests run shellcheck on every Linux script under documents/ (CI runs as root on Debian).
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "== installing shellcheck"
  apt-get install -y -qq shellcheck >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq shellcheck >/dev/null; } \
    || { echo "shellcheck is needed and could not be installed with apt-get" >&2; exit 1; }
fi

# The shipped Prometheus rules must load: promtool comes with Debian's prometheus package.
if ! command -v promtool >/dev/null 2>&1; then
  echo "== installing promtool (prometheus)"
  apt-get install -y -qq prometheus >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq prometheus >/dev/null; } \
    || { echo "promtool is needed and could not be installed with apt-get" >&2; exit 1; }
fi
echo "== promtool check rules"
promtool check rules deploy/prometheus/forge-rules.yml

# The portal's browser suite (tests/Forge.Portal.Tests) drives Debian's chromium with Playwright; Playwright never downloads
# a browser of its own here.
if [ ! -x /usr/bin/chromium ] && [ -z "${FORGE_CHROMIUM:-}" ]; then
  echo "== installing chromium"
  apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } \
    || { echo "chromium is needed and could not be installed with apt-get" >&2; exit 1; }
fi

echo "== build"
# The restore audits every package (Directory.Build.props: high and critical advisories are errors). It can only
# check what a package source offers: say plainly when no source serves vulnerability data.
nuget_audit_data=no
for source in $(dotnet nuget list source --format short 2>/dev/null | awk '$1 ~ /^E/ {print $2}'); do
  curl -sf --max-time 20 "$source" 2>/dev/null | grep -q '"VulnerabilityInfo/' && nuget_audit_data=yes
done
[ "$nuget_audit_data" = yes ] || echo "NuGet audit: NOT RUN: no package source offers vulnerability data; the restore checked nothing"
dotnet build Forge.slnx -c Release -warnaserror --nologo -v quiet

echo "== .NET test suites"
# The forge login test and the portal's sign-in test sign in at a real OpenID provider (oidc-provider, npm); the tests
# install it when missing too. The portal suite's screenshots go to .test-artifacts/portal/.
( cd tests/Forge.Cli.Tests/oidc && npm ci --no-audit --no-fund --loglevel=error )
dotnet_status=0
dotnet test Forge.slnx -c Release --no-build --nologo \
  --logger "trx" --results-directory "$artifacts/dotnet" || dotnet_status=$?

if compgen -G "$artifacts/portal/*.png" >/dev/null; then
  echo "portal screenshots:"
  printf '  %s\n' "$artifacts"/portal/*.png
fi

echo "== official AWS SDK for JavaScript against the local cloud"
( cd tests/sdk-js && npm ci --no-audit --no-fund --loglevel=error )

# Dependency audit of the JS suite: a high or critical advisory fails the run. A registry that does not serve
# the audit endpoint is reported as such (the audit did not run), never passed off as clean nor as a failure.
echo "== npm audit (tests/sdk-js, fails on high or critical)"
audit_status=0
( cd tests/sdk-js && npm audit --audit-level=high --json ) >"$artifacts/npm-audit.json" 2>"$artifacts/npm-audit.err" || audit_status=$?
audit_verdict=$(python3 - "$artifacts/npm-audit.json" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as e:
    print(f"unavailable: no readable report ({e})"); sys.exit()
counts = report.get("metadata", {}).get("vulnerabilities") if isinstance(report, dict) else None
if counts is None:
    reason = report.get("message") or report.get("error", {}).get("summary") or "no vulnerability counts in the answer"
    print(f"unavailable: {reason}")
else:
    serious = counts.get("high", 0) + counts.get("critical", 0)
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("critical", "high", "moderate", "low"))
    print(("vulnerable: " if serious else "clean: ") + summary)
PY
)
echo "npm audit: $audit_verdict"
js_audit_failed=0
case "$audit_verdict" in
  vulnerable:*) js_audit_failed=1; ( cd tests/sdk-js && npm audit --audit-level=high ) || true ;;
  clean:*) [ "$audit_status" -eq 0 ] || { echo "npm audit exited $audit_status with no high or critical advisory" >&2; js_audit_failed=1; } ;;
  *) echo "npm audit: NOT RUN: the registry answered without audit data (see $artifacts/npm-audit.err)" ;;
esac
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
dotnet src/Forge.LocalCloud/bin/Release/net10.0/Forge.LocalCloud.dll \
  --urls "http://127.0.0.1:$port" --LocalCloud:Clock=Manual --LocalCloud:RandomSeed=7 \
  --Logging:LogLevel:Default=Warning >"$artifacts/localcloud.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/_localcloud/clock" >/dev/null 2>&1 && break
  sleep 0.2
done
js_status=0
( cd tests/sdk-js && LOCALCLOUD_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$artifacts/sdk-js.tap" test/ ) || js_status=$?

# One closing line over every suite.
read -r dn_passed dn_failed < <(python3 - "$artifacts/dotnet" <<'PY' 2>/dev/null || echo "0 0"
import glob, re, sys
p = f = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*passed="(\d+)" failed="(\d+)"', text)
    if m:
        p += int(m.group(1)); f += int(m.group(2))
print(p, f)
PY
)
js_passed=$(grep -E '^# pass ' "$artifacts/sdk-js.tap" | awk '{print $3}' || echo 0)
js_failed=$(grep -E '^# fail ' "$artifacts/sdk-js.tap" | awk '{print $3}' || echo 0)
echo
echo "dotnet: ${dn_passed} passed, ${dn_failed} failed"
echo "sdk-js: ${js_passed:-0} passed, ${js_failed:-0} failed"
echo "total: $((dn_passed + ${js_passed:-0})) passed, $((dn_failed + ${js_failed:-0})) failed"
[ "$dotnet_status" -eq 0 ] && [ "$js_status" -eq 0 ] && [ "$js_audit_failed" -eq 0 ]
