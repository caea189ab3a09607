#!/bin/sh
# Installs the system tools the test suite uses, idempotently:
# poppler-utils (pdfsig, pdftoppm, pdftotext), SoftHSM + OpenSC (PKCS#11 token),
# NSS tools (certutil, for pdfsig's trust store), Debian's Chromium (browser tests, driven by
# Playwright, which never downloads a browser of its own) and the npm packages of
# package.json (bpmnlint, bpmn-js, form-js, esbuild ...) and the PostgreSQL server (the runner and
# department-server tests start a throwaway cluster with its initdb and pg_ctl) are required.
set -e
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_install() {
    $SUDO apt-get install -y -q "$@" >/dev/null 2>&1 || {
        $SUDO apt-get update -q >/dev/null
        $SUDO apt-get install -y -q "$@" >/dev/null
    }
}

need=""
command -v pdfsig >/dev/null 2>&1 || need="$need poppler-utils"
command -v softhsm2-util >/dev/null 2>&1 || need="$need softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || need="$need opensc"
command -v certutil >/dev/null 2>&1 || need="$need libnss3-tools"
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -z "$need" ] || apt_install $need

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    apt_install postgresql
fi

# npm ls fails when a package of package-lock.json is missing or at another version
if [ -f package.json ] && ! npm ls --depth=0 >/dev/null 2>&1; then
    # IBM_TELEMETRY_DISABLED: a dependency of the Carbon-based properties panel otherwise
    # leaves a background reporting process behind after every install
    IBM_TELEMETRY_DISABLED=true npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
